import CleanroomCore
import CleanroomCrypto

/// What a transform is keyed with when it is compiled for one column (DESIGN §4).
///
/// Every keyed draw is `HMAC(key, domain ‖ 0x00 ‖ value)` with the keyed state prepared once per
/// column, so the same key and input give the same output in every table, run and machine.
public struct CompileContext: Sendable {
    let key: MaskingKey
    let registry: UniqueRegistry
    /// The column's keying domain.
    let domain: String
    /// Whether the column's rule asks for `unique: true`.
    let unique: Bool
    /// The most characters the column holds (`varchar(n)`), which keyed draws re-draw to respect.
    let maximumLength: Int?
    /// Column index by name within the table being compiled (for `per:` and templates).
    let columnIndex: [String: Int]
    /// The keying domain of another column of the table (for `per:`).
    let domainOf: @Sendable (String) -> String
    /// The run vocabulary (`redact`'s names), when the run learnt one.
    let vocabulary: TokenVocabulary?

    /// The keyed state of this column's domain.
    var hasher: HMACSHA256 { key.hasher(domain: domain) }

    /// The context for a part of this column's value (a JSON path), keyed under its own domain.
    func part(_ suffix: String) -> CompileContext {
        CompileContext(
            key: key, registry: registry, domain: domain + "#" + suffix, unique: false, maximumLength: nil,
            columnIndex: columnIndex, domainOf: domainOf, vocabulary: vocabulary)
    }

    /// A transform that appends a rendering of a keyed digest. A draw equal to its own input is never
    /// kept, nor one longer than the column holds: it re-draws with an attempt counter (a fake must
    /// not hand a value back unchanged). With `unique`, collisions with other inputs re-draw the
    /// same way.
    func keyedDraw(
        render: @escaping @Sendable (_ digest: DigestReader, _ input: [UInt8], _ out: inout [UInt8]) -> Void
    )
        -> CompiledTransform
    {
        keyedDraw(variant: nil) { digest, input, _, out in render(digest, input, &out) }
    }

    /// ``keyedDraw(render:)`` for a draw that also depends on the row: `variant` reads a byte from
    /// it (a locale chosen by another column) that `render` is given. The digest is the value's
    /// alone, so the same value in the same variant draws the same output; with `unique`, a value is
    /// kept apart from others per variant.
    func keyedDraw(
        variant: (@Sendable (_ row: borrowing RowContext) -> UInt8)?,
        render:
            @escaping @Sendable (_ digest: DigestReader, _ input: [UInt8], _ variant: UInt8, _ out: inout [UInt8])
            -> Void
    )
        -> CompiledTransform
    {
        let hasher = self.hasher
        let limit = maximumLength ?? Int.max
        let limited = maximumLength != nil
        // Appends the draw of `attempt` and returns whether it differs from the input and fits the
        // column; a draw that does not is taken back out.
        let draw: @Sendable (_ value: [UInt8], _ variant: UInt8, _ attempt: Int, _ out: inout [UInt8]) -> Bool = {
            value, variant, attempt, out in
            let message = attempt == 0 ? value : value + [0] + Array(String(attempt).utf8)
            let start = out.count
            render(DigestReader(hasher.mac(of: message)), value, variant, &out)
            // Columns without a declared length (most) skip the count.
            let fits = !limited || UTF8Text.characterCount(out[start...]) <= limit
            if fits && !ByteComparison.equal(out[start...], value) { return true }
            out.removeSubrange(start...)
            return false
        }
        guard unique else {
            return .value { value, row, out in
                let chosen = variant?(row) ?? 0
                for attempt in 0..<UniqueRegistry.maximumAttempts where draw(value, chosen, attempt, &out) {
                    return true
                }
                throw TransformFailure(
                    !limited
                        ? "every draw equals the input"
                        : "no draw of at most \(limit) characters differs from the input")
            }
        }
        let registry = self.registry
        let domain = self.domain
        return .value { value, row, out in
            let chosen = variant?(row) ?? 0
            // 0xFF never occurs in UTF-8, so a value with its variant is no other value.
            let owner = variant == nil ? value : value + [0xFF, chosen]
            guard
                try registry.resolve(
                    domain: domain, input: owner, into: &out,
                    draw: { attempt, out in draw(value, chosen, attempt, &out) })
            else {
                throw TransformFailure("no distinct output left for unique: true")
            }
            return true
        }
    }
}

/// A transform compiled for one column: how the table masker treats the column's field.
public struct CompiledTransform: Sendable {
    let operation: TableMasker.Operation

    /// The field is copied as encoded, untouched.
    static let copy = CompiledTransform(operation: .copy)

    /// Each non-NULL value is decoded and masked by `body`.
    static func value(_ body: @escaping ValueMasker.Body) -> CompiledTransform {
        CompiledTransform(operation: .transform(ValueMasker(body)))
    }

    /// Like ``value(_:)``, run after the row's other columns, whose masked values it reads.
    static func afterRow(_ body: @escaping ValueMasker.Body) -> CompiledTransform {
        CompiledTransform(operation: .template(ValueMasker(body)))
    }

    /// The transform as a value masker of its own, for use inside another (a JSON path's rule).
    var valueMasker: ValueMasker {
        switch operation {
        case .copy:
            return ValueMasker { value, _, out in
                out += value
                return true
            }
        case .transform(let masker), .template(let masker): return masker
        }
    }
}

/// A value-level failure; the masking plan adds the table and column (never the value).
struct TransformFailure: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
