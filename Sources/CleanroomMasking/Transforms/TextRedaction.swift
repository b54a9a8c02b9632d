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

    func redact(_ text: [UInt8]) throws -> [UInt8] {
        Redactor.redact(text, including: { kinds.contains($0) }) { kind, span in
            let value = Array(span)
            let digest = DigestReader(hashers.first { $0.kind == kind }!.hasher.mac(of: value))
            switch kind {
            case .email: return FakeGenerator.generate(.email, digest)
            case .card: return FakeGenerator.generate(.card, digest)
            case .iban: return FakeGenerator.generate(.iban, digest)
            case .ssn: return FakeGenerator.generate(.ssn, digest)
            case .phone:
                // Keep the number's layout; numbers too short for FF1 get a whole fake phone.
                return (try? phoneDigits.encrypt(value)) ?? FakeGenerator.generate(.phone, digest)
            }
        }
    }
}
