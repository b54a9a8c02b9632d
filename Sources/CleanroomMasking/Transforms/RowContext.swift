import CleanroomCore

/// What a transform may see of the row it is masking: other columns' source values (for
/// `shift_date … per:`) and, for `template`, the masked values already computed.
public struct RowContext {
    /// The row's fields as encoded in COPY text, in the planned column order (valid during the call).
    let fields: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>
    /// Masked values by column index (nil = NULL); filled before templates run.
    var outputs: [[UInt8]?]

    /// The decoded source value of column `index` (nil = NULL).
    func sourceValue(_ index: Int) -> [UInt8]? {
        CopyText.decode(fields[index])
    }
}

/// A transform compiled for one column: maps a non-NULL decoded value to its masked value
/// (nil = NULL). NULL inputs stay NULL for every transform except `null`.
struct ValueMasker: Sendable {
    let apply: @Sendable (_ value: [UInt8], _ row: borrowing RowContext) throws -> [UInt8]?
}
