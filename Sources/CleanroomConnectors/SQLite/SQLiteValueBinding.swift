import CleanroomCore

extension SQLiteStatement {
    /// Binds one decoded (non-NULL) COPY text value, choosing the storage class by the column's kind:
    ///
    /// - integer: INTEGER when the text is a 64-bit integer, else TEXT;
    /// - numeric: INTEGER for a 64-bit integer, REAL for another decimal number (`1.5`, `-2e-3`,
    ///   `Infinity`), else TEXT — what SQLite's NUMERIC affinity would make of the text anyway;
    /// - boolean: `t`/`true` → 1, `f`/`false` → 0, an integer as INTEGER, else TEXT;
    /// - bytea: PostgreSQL hex text `\x…` → BLOB, else TEXT;
    /// - any other kind: TEXT.
    ///
    /// `blob` is scratch space for decoded bytes.
    func bind(_ index: Int32, value: UnsafeBufferPointer<UInt8>, kind: ValueKind, blob: inout [UInt8]) throws {
        switch kind {
        case .integer, .numeric, .boolean:
            if let integer = NumberText.int64(value) {
                return try bind(index, int64: integer)
            }
            if kind == .numeric, let real = NumberText.double(value) {
                return try bind(index, double: real)
            }
            if kind == .boolean, let flag = NumberText.boolean(value) {
                return try bind(index, int64: flag ? 1 : 0)
            }
        case .bytea:
            if ByteaHex.decode(value, into: &blob) {
                return try blob.withUnsafeBufferPointer { try bind(index, blobBytes: $0) }
            }
        default:
            break
        }
        try bind(index, textBytes: value)
    }
}
