import CleanroomCore
import Foundation

/// Loads one table with `COPY table (columns) FROM STDIN` on a connection of its own; for a part of a
/// sharded run, in a transaction that also logs the part (`PostgresSharedStage`), so the rows and the
/// log entry commit together or not at all.
///
/// `@unchecked Sendable` because the target keeps every open writer so that `abort()` can close it
/// from another thread while the pipeline thread that owns the writer may still be writing; `lock`
/// serialises every use of the connection.
final class PostgresCopyWriter: RowWriter, @unchecked Sendable {
    private let lock = NSLock()
    private var connection: PostgresConnection?
    /// What errors say was being done, naming the table.
    private let context: String
    /// Called once, when the connection is released (finished, closed or aborted).
    private let onRelease: @Sendable () -> Void
    /// What commits with the rows (`PostgresSharedStage.logging(part:)`); nil loads without a transaction.
    private let logging: String?

    /// Connects to `address` and starts the COPY, after `BEGIN` when there is a `logging` statement.
    init(
        address: PostgresAddress, table: Table, columns: [Column], logging: String? = nil,
        onRelease: @escaping @Sendable () -> Void
    ) throws {
        context = "COPY \(table.name) FROM STDIN"
        let connection = try PostgresConnection(address: address)
        if logging != nil { try connection.exec("BEGIN", context: context) }
        try connection.beginCopyIn(
            "COPY \(PostgresSQL.quote(table.name)) (\(PostgresSQL.columnList(columns))) FROM STDIN", context: context)
        self.connection = connection
        self.onRelease = onRelease
        self.logging = logging
    }

    /// Sends the batch's bytes as they are; the server parses them as COPY text.
    func write(_ batch: RowBatch) throws {
        try lock.withLock {
            try openConnection().putCopyData(batch.bytes, context: context)
        }
    }

    /// Ends the COPY (and logs and commits the part); a type or constraint error in any row surfaces
    /// here, naming the table, and so does a part another process committed first.
    func finish() throws {
        try lock.withLock {
            defer { release() }
            let connection = try openConnection()
            try connection.endCopyIn(context: context)
            if let logging {
                try connection.exec(logging + "; COMMIT", context: context + " (logging the part as loaded)")
            }
        }
    }

    /// Drops the connection, which makes the server abandon the COPY. Safe to call twice.
    func close() {
        lock.withLock { release() }
    }

    private func openConnection() throws -> PostgresConnection {
        guard let connection else {
            throw ConnectorError.queryFailed(
                context: context, message: "the load was already finished or closed (the target may have been aborted)")
        }
        return connection
    }

    /// Must be called with `lock` held.
    private func release() {
        guard connection != nil else { return }
        connection = nil
        onRelease()
    }
}
