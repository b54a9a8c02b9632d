import CleanroomCore
import CleanroomCrypto

/// What a transform may see of the row it is masking: other columns' source values (for
/// `shift_date … per:`) and, for `template`, the masked values already computed.
public struct RowContext {
    /// The row's fields as encoded in COPY text, in the planned column order (valid during the call).
    let fields: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>
    /// Masked values by column index (nil = NULL); filled before templates run.
    var outputs: [[UInt8]?]
    /// The row's number in its table, which keys `entityDigests`.
    let number: Int
    /// Digests already computed for this row (shared by the rows of one batch).
    let entityDigests: EntityDigests

    /// The keyed digest of column `index`'s source value (nil = NULL) under `hasher`, the keyed state
    /// of `shift_date … per:` that column: every column shifted per the same entity uses the same
    /// digest, so it is computed once per row, and from the encoded field itself when it holds no
    /// escape (then it is the decoded value).
    func entityDigest(column index: Int, hasher: HMACSHA256) -> SIMD32<UInt8>? {
        entityDigests.digest(row: number, column: index) {
            let field = fields[index]
            if CopyText.isNull(field) { return nil }
            if !field.contains(UInt8(ascii: "\\")) { return hasher.mac(of: UnsafeRawBufferPointer(field)) }
            return CopyText.decode(field).map { hasher.mac(of: $0) }
        }
    }
}

/// The per-row memo behind ``RowContext/entityDigest(column:hasher:)``; used by one thread at a time
/// (the batch's), which is why its state skips the runtime's exclusivity checks.
final class EntityDigests {
    @exclusivity(unchecked) private var row = -1
    @exclusivity(unchecked) private var digests: [(column: Int, digest: SIMD32<UInt8>?)] = []

    /// The digest of `column` in `row`, computing it on the row's first request.
    func digest(row: Int, column: Int, compute: () -> SIMD32<UInt8>?) -> SIMD32<UInt8>? {
        if row != self.row {
            self.row = row
            digests.removeAll(keepingCapacity: true)
        }
        if let known = digests.first(where: { $0.column == column }) { return known.digest }
        let digest = compute()
        digests.append((column, digest))
        return digest
    }
}

/// A transform compiled for one column: appends a non-NULL decoded value's masked value to a
/// caller-provided buffer, or reports NULL. NULL inputs stay NULL for every transform except `null`.
final class ValueMasker: Sendable {
    /// Appends the masked form of `value` to `out` and returns true, or returns false for NULL.
    typealias Body = @Sendable (_ value: [UInt8], _ row: borrowing RowContext, _ out: inout [UInt8]) throws -> Bool

    private let body: Body

    init(_ body: @escaping Body) {
        self.body = body
    }

    /// Appends the masked form of `value` to `out` and returns true; returns false for NULL, leaving
    /// `out` untouched.
    @inline(__always)
    func apply(_ value: [UInt8], _ row: borrowing RowContext, into out: inout [UInt8]) throws -> Bool {
        try body(value, row, &out)
    }
}
