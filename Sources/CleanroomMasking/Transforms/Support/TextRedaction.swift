import CleanroomCrypto

/// `redact`: finds personal data inside free text and replaces only those spans with keyed fakes of
/// the same kind. Each kind has one domain for the whole run, so the same e-mail address becomes the
/// same fake wherever it appears.
///
/// A name is replaced word by word with a name of the fake dictionaries (a given name for a word the
/// lists know as one, a surname otherwise), in the word's case, re-drawn while the draw is a word of
/// the run vocabulary: the leak probe then never mistakes a replacement for a surviving name.
struct TextRedaction: Sendable {
    /// The classes to find (a short list: searched linearly, no hashing per value).
    private let kinds: [RedactClass]
    /// Each class's keyed state (a short list: found by a linear search, no hashing per match).
    private let hashers: [(kind: RedactClass, hasher: HMACSHA256)]
    private let phoneDigits: FormatPreservingCipher
    private let vocabulary: TokenVocabulary?

    init(key: MaskingKey, classes: Set<RedactClass>, vocabulary: TokenVocabulary?) throws {
        kinds = Array(classes)
        self.vocabulary = vocabulary
        hashers = RedactClass.allCases.map { ($0, key.hasher(domain: "redact:" + $0.rawValue)) }
        phoneDigits = try FormatPreservingCipher(key: key.ff1Key(domain: "redact:phone"), alphabet: .digits)
    }

    /// Appends `text` to `out` with every match of the classes replaced by a keyed fake of its kind.
    func redact(_ text: [UInt8], into out: inout [UInt8]) {
        Redactor.redact(text, including: { kinds.contains($0) }, vocabulary: vocabulary, into: &out) {
            kind, span, out in
            let hasher = hashers.first { $0.kind == kind }!.hasher
            if kind == .name {
                name(span, hasher, into: &out)
                return
            }
            let digest = DigestReader(span.withUnsafeBytes { hasher.mac(of: $0) })
            switch kind {
            case .name: break
            case .email: FakeGenerator.generate(.email, digest, into: &out)
            case .card: card(span, digest, into: &out)
            case .iban: FakeGenerator.generate(.iban, digest, into: &out)
            case .ssn: FakeGenerator.generate(.ssn, digest, into: &out)
            case .phone:
                // Keep the number's layout and its country code; numbers too short for FF1, or with a
                // `+` before no assigned code, get a whole fake phone.
                let start = out.count
                do {
                    try phoneDigits.encryptPhone(Array(span), allowingDoubleZero: true, into: &out)
                } catch {
                    out.removeSubrange(start...)
                    FakeGenerator.generate(.phone, digest, into: &out)
                }
            }
        }
    }

    /// Appends the fake that stands for the name word `word`.
    private func name(_ word: ArraySlice<UInt8>, _ hasher: HMACSHA256, into out: inout [UInt8]) {
        let lowered = CaseFold.lowercased(word)
        let list = NameLexicon.entry(lowered).contains(.givenName) ? WordLists.firstNames : WordLists.lastNames
        var pick = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        for attempt in 0..<16 {
            let message = attempt == 0 ? lowered : lowered + [0] + Array(String(attempt).utf8)
            pick = DigestReader(hasher.mac(of: message)).pick(list, at: 0)
            let folded = CaseFold.lowercased(pick)
            guard
                folded == lowered || vocabulary?.contains(folded, common: false) == true
                    || vocabulary?.contains(folded, common: true) == true
            else { break }
        }
        let start = out.count
        // In the word's case: `JANE` → `MARIA`, `Jane` → `Maria`, `jane` (an e-mail's local part) → `maria`.
        if let first = word.first, ASCII.isLower(first) {
            out += CaseFold.lowercased(pick)
        } else {
            out += pick
        }
        if word.count > 1 && LetterCase.isUpper(Array(word)) { LetterCase.upper(&out, from: start) }
    }

    /// Appends a fake card number for the card number `span`, laid out as the span is (`4111 1111 …`,
    /// `4111-1111-…`) when it has as many digits as the fake.
    private func card(_ span: ArraySlice<UInt8>, _ digest: DigestReader, into out: inout [UInt8]) {
        var fake: [UInt8] = []
        FakeGenerator.generate(.card, digest, into: &fake)
        guard span.count != fake.count, span.filter(ASCII.isDigit).count == fake.count else {
            out += fake
            return
        }
        var next = fake.makeIterator()
        for c in span { out.append(ASCII.isDigit(c) ? next.next()! : c) }
    }
}
