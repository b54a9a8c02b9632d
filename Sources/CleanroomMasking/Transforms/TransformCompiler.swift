import CleanroomCore
import CleanroomCrypto

/// Turns a column's `TransformSpec` into a keyed `ValueMasker` (DESIGN §4).
///
/// Every keyed draw is `HMAC(key, domain ‖ 0x00 ‖ value)` with the keyed state prepared once per
/// column, so the same key and input give the same output in every table, run and machine.
struct TransformCompiler {
    let key: MaskingKey
    let registry: UniqueRegistry
    /// Column index by name within the table being compiled (for `per:` and templates).
    let columnIndex: [String: Int]
    /// The keying domain of another column of the table (for `per:`).
    let domainOf: (String) -> String

    func compile(_ spec: TransformSpec, domain: String, unique: Bool) throws -> ValueMasker {
        let hasher = key.hasher(domain: domain)
        switch spec {
        case .keep:
            return ValueMasker { value, _ in value }
        case .null:
            return ValueMasker { _, _ in nil }
        case .constant(let text):
            let bytes = Array(text.utf8)
            return ValueMasker { _, _ in bytes }
        case .hash(let format, let length):
            return keyedDraw(hasher: hasher, domain: domain, unique: unique) { digest, _ in
                HashRendering.render(digest, format: format, length: length)
            }
        case .fake(let kind):
            return keyedDraw(hasher: hasher, domain: domain, unique: unique) { digest, input in
                let fake = FakeGenerator.generate(kind, digest)
                return kind.followsInputCase && LetterCase.isUpper(input) ? LetterCase.upper(fake) : fake
            }
        case .fpe(let alphabet):
            let fpe = try FormatPreservingCipher(key: key.ff1Key(domain: domain), alphabet: alphabet)
            return ValueMasker { value, _ in try fpe.encrypt(value) }
        case .shiftDate(let days, let per):
            let perIndex = per.flatMap { columnIndex[$0] }
            let perHasher = per.map { key.hasher(domain: "shift_date:" + domainOf($0)) }
            return ValueMasker { value, row in
                var entity: SIMD32<UInt8>?
                if let perIndex, let perHasher { entity = row.entityDigest(column: perIndex, hasher: perHasher) }
                let digest = entity ?? hasher.mac(of: value)
                guard let shifted = DateShift.shift(value, days: DateShift.offset(DigestReader(digest), maxDays: days)) else {
                    throw TransformFailure("the value is not a date or timestamp")
                }
                return shifted
            }
        case .noise(let relative):
            return ValueMasker { value, _ in
                guard let noisy = Noise.apply(value, DigestReader(hasher.mac(of: value)), relative: relative) else {
                    throw TransformFailure("the value is not a number")
                }
                return noisy
            }
        case .partial(let first, let last, let mask):
            return ValueMasker { value, _ in Partial.apply(value, keepFirst: first, keepLast: last, mask: mask) }
        case .redact(let classes):
            let replacer = try TextRedaction(key: key, classes: Set(classes))
            return ValueMasker { value, _ in try replacer.redact(value) }
        case .json(let rules):
            let compiled = try rules.map { rule -> (JSONPath, ValueMasker?) in
                let path: JSONPath
                do {
                    path = try JSONPath(parsing: rule.path)
                } catch MaskingError.malformedJSONPath(_, let p, let reason) {
                    throw MaskingError.malformedJSONPath(nil, path: p, reason: reason)
                }
                return (path, try rule.transform.map { try compile($0, domain: domain + "#" + rule.path, unique: false) })
            }
            let paths = JSONPathTable(compiled.map(\.0))
            let maskers = compiled.map(\.1)
            let null = Array("null".utf8)
            return ValueMasker { value, row in
                try JSONRewriter.rewrite(value, paths: paths) { rule, token, out in
                    if let masker = maskers[rule], let masked = try masker.apply(token.string ?? Array(token.raw), row) {
                        JSONRewriter.appendString(masked, to: &out)
                    } else {
                        out += null
                    }
                }
            }
        case .template(let template):
            // Column names resolve to indexes once; validation has refused names the table lacks.
            let parts = TemplatePart.parse(template).map { part -> ResolvedPart in
                switch part {
                case .literal(let bytes): return .literal(bytes)
                case .column(let name): return .index(columnIndex[name] ?? -1)
                }
            }
            return ValueMasker { _, row in
                var out: [UInt8] = []
                for part in parts {
                    switch part {
                    case .literal(let bytes): out += bytes
                    case .index(let index): if index >= 0 { out += row.outputs[index] ?? [] }
                    }
                }
                return out
            }
        }
    }

    /// A transform that renders a keyed digest. A draw equal to its own input is never kept: it
    /// re-draws with an attempt counter (a fake must not hand a value back unchanged). With `unique`,
    /// collisions with other inputs re-draw the same way.
    private func keyedDraw(hasher: HMACSHA256, domain: String, unique: Bool,
                           render: @escaping @Sendable (_ digest: DigestReader, _ input: [UInt8]) -> [UInt8]) -> ValueMasker {
        let draw: @Sendable (_ value: [UInt8], _ attempt: Int) -> [UInt8] = { value, attempt in
            let message = attempt == 0 ? value : value + [0] + Array(String(attempt).utf8)
            return render(DigestReader(hasher.mac(of: message)), value)
        }
        guard unique else {
            return ValueMasker { value, _ in
                for attempt in 0..<UniqueRegistry.maximumAttempts {
                    let candidate = draw(value, attempt)
                    if candidate != value { return candidate }
                }
                throw TransformFailure("every draw equals the input")
            }
        }
        let registry = self.registry
        return ValueMasker { value, _ in
            let output = try registry.resolve(domain: domain, input: value) { attempt in
                let candidate = draw(value, attempt)
                return candidate == value ? nil : candidate
            }
            guard let output else { throw TransformFailure("no distinct output left for unique: true") }
            return output
        }
    }
}

/// A template piece with its column resolved to an index of the row.
private enum ResolvedPart: Sendable {
    case literal([UInt8])
    case index(Int)
}

/// A value-level failure; the masking plan adds the table and column (never the value).
struct TransformFailure: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// Case folding for fakes that follow an upper-case input (Sakila-style `MARY SMITH`).
enum LetterCase {
    static func isUpper(_ bytes: [UInt8]) -> Bool {
        var sawLetter = false
        for b in bytes {
            if b >= 0x61 && b <= 0x7A { return false }
            if b >= 0x41 && b <= 0x5A { sawLetter = true }
        }
        return sawLetter
    }

    static func upper(_ bytes: [UInt8]) -> [UInt8] {
        if bytes.allSatisfy({ $0 < 0x80 }) { return bytes.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 32 : $0 } }
        return Array(String(decoding: bytes, as: UTF8.self).uppercased().utf8)
    }
}

extension FakeKind {
    /// Kinds whose output is shown in upper case when the input is.
    var followsInputCase: Bool {
        switch self {
        case .firstName, .lastName, .fullName, .street, .city, .company: return true
        default: return false
        }
    }
}
