import CleanroomConnectors
import CleanroomCore
import CleanroomMasking

/// A second read of some of a table's source columns, value by value: the pre-passes of the plan
/// (`SourcePrepass`) and the leak probe's confirmations.
enum SourceValues {
    /// Reads `columns` of `table` (its rule's `where:` applied) and calls `body` with the index in
    /// `columns` and the unescaped bytes of each non-NULL value, then `batchDone` after each batch.
    static func forEach(
        _ columns: [Column], of table: PlannedTable, in source: any SourceConnection,
        batchDone: () -> Void = {}, _ body: (_ column: Int, _ value: UnsafeBufferPointer<UInt8>) -> Void
    ) throws {
        let reader = try source.openReader(table: table.table, columns: columns, filter: table.rule.filter, limit: nil)
        defer { reader.close() }
        while let batch = try reader.next() {
            forEachValue(in: batch, body)
            batchDone()
        }
    }

    /// What a thread of `forEach(_:of:in:jobs:consumer:)` does with the values it is given.
    protocol Consumer {
        /// A non-NULL value (unescaped, valid during the call) of the column at `column` in the read columns.
        mutating func add(_ column: Int, _ value: UnsafeBufferPointer<UInt8>)
        /// Called after each batch and once at the end.
        mutating func flush() throws
    }

    /// Reads `columns` of `table` on one thread and hands the batches to up to `jobs` threads, each
    /// with a consumer of its own (`consumer()`), so one large table's values are worked through on
    /// every core. Consumers see the batches in no particular order.
    static func forEach<C: Consumer>(
        _ columns: [Column], of table: PlannedTable, in source: any SourceConnection, jobs: Int,
        consumer: @escaping @Sendable () -> C
    ) throws {
        let reader = try source.openReader(table: table.table, columns: columns, filter: table.rule.filter, limit: nil)
        let queue = BoundedQueue<RowBatch>(capacity: 2 * max(1, jobs))
        let failure = FirstFailure()
        let workers = (0..<max(1, jobs)).map { n in
            WorkerThread(name: "cleanroom-prepass-\(n)") {
                var consumer = consumer()
                do {
                    while let batch = queue.take() {
                        forEachValue(in: batch) { consumer.add($0, $1) }
                        batch.recycle()
                        try consumer.flush()
                    }
                } catch {
                    failure.record(error)
                    queue.close()
                }
            }
        }
        do {
            while !failure.isSet, let batch = try reader.next() {
                if !queue.put(batch) { break }
            }
        } catch {
            failure.record(error)
        }
        queue.close()
        reader.close()
        workers.forEach { $0.join() }
        try failure.rethrow()
    }

    /// Calls `body` with the column index and the unescaped bytes of each non-NULL value of `batch`.
    private static func forEachValue(
        in batch: RowBatch, _ body: (_ column: Int, _ value: UnsafeBufferPointer<UInt8>) -> Void
    ) {
        var scratch: [UInt8] = []
        batch.forEachRow { fields in
            for (i, field) in fields.enumerated() where !CopyText.isNull(field) {
                CopyText.unescape(field, replacing: &scratch)
                scratch.withUnsafeBufferPointer { body(i, $0) }
            }
        }
    }
}
