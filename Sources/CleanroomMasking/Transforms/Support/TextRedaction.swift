import CleanroomCrypto

/// `redact`: finds personal data inside free text and replaces only those spans with keyed fakes of
/// the same kind. Each kind has one domain for the whole run, so the same e-mail address becomes the
/// same fake wherever it appears.
struct TextRedaction: Sendable {
    /// The classes to find (a short list: searched linearly, no hashing per value).
    private let kinds: [RedactClass]
    /// Each class's keyed state (a short list: found by a linear search, no hashing per match).
    private let hashers: [(kind: RedactClass, hasher: HMACSHA256)]
    private let phoneDigits: FormatPreservingCipher

    init(key: MaskingKey, classes: Set<RedactClass>) throws {
        kinds = Array(classes)
        hashers = RedactClass.allCases.map { ($0, key.hasher(domain: "redact:" + $0.rawValue)) }
        phoneDigits = try FormatPreservingCipher(key: key.ff1Key(domain: "redact:phone"), alphabet: .digits)
    }

    /// Appends `text` to `out` with every match of the classes replaced by a keyed fake of its kind.
    func redact(_ text: [UInt8], into out: inout [UInt8]) {
        Redactor.redact(text, including: { kinds.contains($0) }, into: &out) { kind, span, out in
            let digest = DigestReader(span.withUnsafeBytes { hashers.first { $0.kind == kind }!.hasher.mac(of: $0) })
            switch kind {
            case .email: FakeGenerator.generate(.email, digest, into: &out)
            case .card: FakeGenerator.generate(.card, digest, into: &out)
            case .iban: FakeGenerator.generate(.iban, digest, into: &out)
            case .ssn: FakeGenerator.generate(.ssn, digest, into: &out)
            case .phone:
                // Keep the number's layout; numbers too short for FF1 get a whole fake phone.
                do {
                    try phoneDigits.encrypt(Array(span), into: &out)
                } catch {
                    FakeGenerator.generate(.phone, digest, into: &out)
                }
            }
        }
    }
}
