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
            return ValueMasker { value, _, out in
                out += value
                return true
            }
        case .null:
            return ValueMasker { _, _, _ in false }
        case .constant(let text):
            let bytes = Array(text.utf8)
            return ValueMasker { _, _, out in
                out += bytes
                return true
            }
        case .hash(let format, let length):
            return keyedDraw(hasher: hasher, domain: domain, unique: unique) { digest, _, out in
                HashRendering.render(digest, format: format, length: length, into: &out)
            }
        case .fake(let kind):
            return keyedDraw(hasher: hasher, domain: domain, unique: unique) { digest, input, out in
                let start = out.count
                FakeGenerator.generate(kind, digest, into: &out)
                if kind.followsInputCase && LetterCase.isUpper(input) { LetterCase.upper(&out, from: start) }
            }
        case .fpe(let alphabet):
            let fpe = try FormatPreservingCipher(key: key.ff1Key(domain: domain), alphabet: alphabet)
            return ValueMasker { value, _, out in
                try fpe.encrypt(value, into: &out)
                return true
            }
        case .shiftDate(let days, let per):
            let perIndex = per.flatMap { columnIndex[$0] }
            let perHasher = per.map { key.hasher(domain: "shift_date:" + domainOf($0)) }
            return ValueMasker { value, row, out in
                var entity: SIMD32<UInt8>?
                if let perIndex, let perHasher { entity = row.entityDigest(column: perIndex, hasher: perHasher) }
                let digest = entity ?? hasher.mac(of: value)
                guard DateShift.shift(value, days: DateShift.offset(DigestReader(digest), maxDays: days), into: &out) else {
                    throw TransformFailure("the value is not a date or timestamp")
                }
                return true
            }
        case .noise(let relative):
            return ValueMasker { value, _, out in
                guard let noisy = Noise.apply(value, DigestReader(hasher.mac(of: value)), relative: relative) else {
                    throw TransformFailure("the value is not a number")
                }
                out += noisy
                return true
            }
        case .partial(let first, let last, let mask):
            return ValueMasker { value, _, out in
                out += Partial.apply(value, keepFirst: first, keepLast: last, mask: mask)
                return true
            }
        case .redact(let classes):
            let replacer = try TextRedaction(key: key, classes: Set(classes))
            return ValueMasker { value, _, out in
                replacer.redact(value, into: &out)
                return true
            }
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
            return ValueMasker { value, row, out in
                try JSONRewriter.rewrite(value, paths: paths, into: &out) { rule, token, out in
                    let isString = try maskers[rule].map { masker in
                        try JSONRewriter.appendString(to: &out) { try masker.apply(token.string ?? Array(token.raw), row, into: &$0) }
                    }
                    if isString != true { ASCII.append("null", to: &out) }
                }
                return true
            }
        case .template(let template):
            // Column names resolve to indexes once; validation has refused names the table lacks.
            let parts = TemplatePart.parse(template).map { part -> ResolvedPart in
                switch part {
                case .literal(let bytes): return .literal(bytes)
                case .column(let name): return .index(columnIndex[name] ?? -1)
                }
            }
            return ValueMasker { _, row, out in
                for part in parts {
                    switch part {
                    case .literal(let bytes): out += bytes
                    case .index(let index): if index >= 0, let value = row.outputs[index] { out += value }
                    }
                }
                return true
            }
        }
    }

    /// A transform that appends a rendering of a keyed digest. A draw equal to its own input is never
    /// kept: it re-draws with an attempt counter (a fake must not hand a value back unchanged). With
    /// `unique`, collisions with other inputs re-draw the same way.
    private func keyedDraw(hasher: HMACSHA256, domain: String, unique: Bool,
                           render: @escaping @Sendable (_ digest: DigestReader, _ input: [UInt8], _ out: inout [UInt8]) -> Void) -> ValueMasker {
        // Appends the draw of `attempt` and returns whether it differs from the input; a draw equal to
        // the input is taken back out.
        let draw: @Sendable (_ value: [UInt8], _ attempt: Int, _ out: inout [UInt8]) -> Bool = { value, attempt, out in
            let message = attempt == 0 ? value : value + [0] + Array(String(attempt).utf8)
            let start = out.count
            render(DigestReader(hasher.mac(of: message)), value, &out)
            if !ByteComparison.equal(out[start...], value) { return true }
            out.removeSubrange(start...)
            return false
        }
        guard unique else {
            return ValueMasker { value, _, out in
                for attempt in 0..<UniqueRegistry.maximumAttempts where draw(value, attempt, &out) { return true }
                throw TransformFailure("every draw equals the input")
            }
        }
        let registry = self.registry
        return ValueMasker { value, _, out in
            guard try registry.resolve(domain: domain, input: value, into: &out, draw: { attempt, out in draw(value, attempt, &out) }) else {
                throw TransformFailure("no distinct output left for unique: true")
            }
            return true
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

    /// Upper-cases the bytes of `out` from `start` on.
    static func upper(_ out: inout [UInt8], from start: Int) {
        if out[start...].allSatisfy({ $0 < 0x80 }) {
            for i in start..<out.count where ASCII.isLower(out[i]) { out[i] -= 32 }
        } else {
            out.replaceSubrange(start..., with: String(decoding: out[start...], as: UTF8.self).uppercased().utf8)
        }
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
