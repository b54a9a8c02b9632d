import CleanroomCore
import CleanroomCrypto

/// What a transform is keyed with when it is compiled for one column (DESIGN §4).
///
/// Every keyed draw is `HMAC(key, domain ‖ 0x00 ‖ value)` with the keyed state prepared once per
/// column, so the same key and input give the same output in every table, run and machine.
public struct CompileContext: Sendable {
    let key: MaskingKey
    /// The inputs of unique columns that re-draw after a collision.
    let uniqueDraws: UniqueDraws
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
            key: key, uniqueDraws: uniqueDraws, domain: domain + "#" + suffix, unique: false, maximumLength: nil,
            columnIndex: columnIndex, domainOf: domainOf, vocabulary: vocabulary)
    }

    /// A transform that appends a rendering of a keyed digest (`KeyedDraw`): a draw equal to its own
    /// input is never kept, nor one longer than the column holds (a fake must not hand a value back
    /// unchanged). With `unique`, the few inputs `uniqueDraws` lists start at a later attempt.
    func keyedDraw(
        render: @escaping @Sendable (_ digest: DigestReader, _ input: [UInt8], _ out: inout [UInt8]) -> Void
    )
        -> CompiledTransform
    {
        let draw = KeyedDraw(
            hasher: hasher, group: UniqueDraws.Group(domain: domain, maximumLength: maximumLength), render: render)
        let failure =
            unique
            ? "no distinct output left for unique: true"
            : maximumLength.map { "no draw of at most \($0) characters differs from the input" }
                ?? "every draw equals the input"
        guard unique, let starts = uniqueDraws.starts(in: draw.group) else {
            return CompiledTransform(
                operation: .transform(
                    ValueMasker { value, _, out in
                        guard draw.append(value, to: &out) != nil else { throw TransformFailure(failure) }
                        return true
                    }), uniqueDraw: unique ? draw : nil)
        }
        return CompiledTransform(
            operation: .transform(
                ValueMasker { value, _, out in
                    let start = starts[UniqueDraws.fingerprint(value)].map(Int.init) ?? 0
                    guard draw.append(value, from: start, to: &out) != nil else { throw TransformFailure(failure) }
                    return true
                }), uniqueDraw: draw)
    }

    /// ``keyedDraw(render:)`` for a draw that also depends on the row: `variant` picks one of
    /// `variants` renderings by a byte it reads from the row (a locale chosen by another column). The
    /// digest is the value's alone, so the same value in the same variant draws the same output.
    /// Such a column cannot be `unique: true` (its transform says so): collisions are resolved before
    /// the copy from the column's values alone (`UniqueDraws`), which know no variant.
    func keyedDraw(
        variants: Int, variant: @escaping @Sendable (_ row: borrowing RowContext) -> UInt8,
        render:
            @escaping @Sendable (_ digest: DigestReader, _ input: [UInt8], _ variant: UInt8, _ out: inout [UInt8])
            -> Void
    )
        -> CompiledTransform
    {
        let group = UniqueDraws.Group(domain: domain, maximumLength: maximumLength)
        let draws = (0..<variants).map { index in
            KeyedDraw(hasher: hasher, group: group) { digest, input, out in render(digest, input, UInt8(index), &out) }
        }
        let failure =
            maximumLength.map { "no draw of at most \($0) characters differs from the input" }
            ?? "every draw equals the input"
        return .value { value, row, out in
            guard draws[Int(variant(row))].append(value, to: &out) != nil else { throw TransformFailure(failure) }
            return true
        }
    }
}

/// A transform compiled for one column: how the table masker treats the column's field.
public struct CompiledTransform: Sendable {
    let operation: TableMasker.Operation
    /// The keyed draw of a `unique: true` column, which `UniqueDraws` resolves collisions of.
    var uniqueDraw: KeyedDraw? = nil

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
