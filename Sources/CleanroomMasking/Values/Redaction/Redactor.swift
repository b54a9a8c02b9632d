import CleanroomCore

/// Finds personal data inside free text and replaces only those spans (DESIGN §4, `redact`).
///
/// Hand-written byte scanners, one per ``RedactClass``, each documented on its scanner: e-mail
/// addresses, phone numbers, Luhn-valid card numbers, mod-97-valid IBANs and US social security
/// numbers; and people's names (``NameScanner``). Matches never start or end inside a word. Where matches of different classes overlap, the
/// one of the earlier class in ``precedence`` wins and the other is dropped.
public enum Redactor {
    /// The order in which overlapping matches win.
    public static let precedence: [RedactClass] = [.email, .iban, .card, .ssn, .phone, .name]

    /// The matches of `classes` in `text`, ordered by position and never overlapping.
    public static func findings(_ text: [UInt8], classes: Set<RedactClass>) -> [(RedactClass, Range<Int>)] {
        findings(text, including: { classes.contains($0) })
    }

    /// The matches of the classes `include` accepts, as ``findings(_:classes:)``.
    static func findings(
        _ text: [UInt8], including include: (RedactClass) -> Bool, vocabulary: TokenVocabulary? = nil
    ) -> [(RedactClass, Range<Int>)] {
        text.withUnsafeBufferPointer { buffer in
            // Every pattern class needs a digit except e-mail, which needs an '@': most free text has
            // neither or only one, and a scan for those is far cheaper than the scanners.
            let hasAt =
                ByteScan.firstIndex(
                    in: buffer, from: 0, candidates: { ByteScan.lanes(equalTo: UInt8(ascii: "@"), in: $0) },
                    matches: { $0 == UInt8(ascii: "@") }) < buffer.count
            let hasDigit =
                ByteScan.firstIndex(in: buffer, from: 0, candidates: ByteScan.digitLanes, matches: ASCII.isDigit)
                < buffer.count
            var accepted: [(RedactClass, Range<Int>)] = []
            let present: (RedactClass) -> Bool = { kind in
                switch kind {
                case .email: return hasAt
                case .phone, .card, .iban, .ssn: return hasDigit
                case .name: return true
                }
            }
            for kind in precedence where include(kind) && present(kind) {
                accepted = merge(accepted, scan(kind, buffer, vocabulary: vocabulary).map { (kind, $0) })
            }
            return accepted
        }
    }

    /// `text` with every match of `classes` replaced by `replace(class, matched bytes)`; every other
    /// byte is copied unchanged.
    public static func redact(
        _ text: [UInt8],
        classes: Set<RedactClass>,
        replace: (RedactClass, ArraySlice<UInt8>) -> [UInt8]
    ) -> [UInt8] {
        var out: [UInt8] = []
        redact(text, including: { classes.contains($0) }, into: &out) { kind, span, out in out += replace(kind, span) }
        return out
    }

    /// Appends ``redact(_:classes:replace:)`` of `text` to `out` for the classes `include` accepts,
    /// `replace` appending each match's replacement.
    static func redact(
        _ text: [UInt8], including include: (RedactClass) -> Bool, vocabulary: TokenVocabulary? = nil,
        into out: inout [UInt8], replace: (RedactClass, ArraySlice<UInt8>, inout [UInt8]) -> Void
    ) {
        var copied = 0
        for (kind, range) in findings(text, including: include, vocabulary: vocabulary) {
            out += text[copied..<range.lowerBound]
            replace(kind, text[range], &out)
            copied = range.upperBound
        }
        out += text[copied...]
    }

    private static func scan(
        _ kind: RedactClass, _ text: UnsafeBufferPointer<UInt8>, vocabulary: TokenVocabulary?
    ) -> [Range<Int>] {
        switch kind {
        case .name: return NameScanner.scan(text, vocabulary: vocabulary)
        case .email: return EmailScanner.scan(text)
        case .phone: return PhoneScanner.scan(text)
        case .card: return CardScanner.scan(text)
        case .iban: return IBANScanner.scan(text)
        case .ssn: return SSNScanner.scan(text)
        }
    }

    /// `accepted` plus the `candidates` that overlap none of them, by position; both inputs are sorted
    /// and free of overlaps within themselves.
    private static func merge(
        _ accepted: [(RedactClass, Range<Int>)],
        _ candidates: [(RedactClass, Range<Int>)]
    ) -> [(RedactClass, Range<Int>)] {
        var merged: [(RedactClass, Range<Int>)] = []
        merged.reserveCapacity(accepted.count + candidates.count)
        var k = 0
        for candidate in candidates {
            while k < accepted.count && accepted[k].1.upperBound <= candidate.1.lowerBound {
                merged.append(accepted[k])
                k += 1
            }
            if k < accepted.count && accepted[k].1.lowerBound < candidate.1.upperBound { continue }
            merged.append(candidate)
        }
        merged += accepted[k...]
        return merged
    }
}
