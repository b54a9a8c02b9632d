import CleanroomConnectors
import CleanroomCore
import CleanroomMasking

/// A second read of some of a table's source columns, value by value: the vocabulary's pre-pass and
/// the leak probe's confirmations.
enum SourceValues {
    /// Reads `columns` of `table` (its rule's `where:` applied) and calls `body` with the index in
    /// `columns` and the unescaped bytes of each non-NULL value, then `batchDone` after each batch.
    static func forEach(
        _ columns: [Column], of table: PlannedTable, in source: any SourceConnection,
        batchDone: () -> Void = {}, _ body: (_ column: Int, _ value: UnsafeBufferPointer<UInt8>) -> Void
    ) throws {
        let reader = try source.openReader(table: table.table, columns: columns, filter: table.rule.filter, limit: nil)
        defer { reader.close() }
        var scratch: [UInt8] = []
        while let batch = try reader.next() {
            batch.forEachRow { fields in
                for (i, field) in fields.enumerated() where !CopyText.isNull(field) {
                    scratch.removeAll(keepingCapacity: true)
                    CopyText.unescape(field, into: &scratch)
                    scratch.withUnsafeBufferPointer { body(i, $0) }
                }
            }
            batchDone()
        }
    }
}
