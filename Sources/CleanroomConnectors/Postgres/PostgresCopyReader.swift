import CleanroomCore

/// Streams one table's rows with `COPY (SELECT …) TO STDOUT` on a connection of its own.
///
/// Each `next()` returns about `RowBatch.targetBytes` of whole rows, so memory stays flat whatever
/// the table's size. Not thread-safe: one reader belongs to one pipeline thread.
final class PostgresCopyReader: RowReader {
    private var connection: PostgresConnection?
    private var failure: (any Error)?
    /// What errors say was being done, naming the table.
    private let context: String

    /// Opens a connection to `address` and starts the COPY.
    /// - Parameters:
    ///   - filter: a SQL boolean expression from the rules file, or nil.
    ///   - limit: the most rows to read, or nil for all.
    init(address: PostgresAddress, table: Table, columns: [Column], filter: String?, limit: Int?) throws {
        context = "COPY \(table.name) TO STDOUT"
        let connection = try PostgresConnection(address: address)
        let from = try Self.from(table, on: connection, context: context)
        let list = columns.map(SQLDialect.postgres.selected).joined(separator: ", ")
        var select = "SELECT \(list) FROM \(from)"
        if let filter { select += " WHERE (\(filter))" }
        if let limit { select += " LIMIT \(max(0, limit))" }
        try connection.beginCopyOut("COPY (\(select)) TO STDOUT", context: context)
        self.connection = connection
    }

    func next() throws -> RowBatch? {
        if let failure { throw failure }
        guard let connection else { return nil }
        var batch = RowBatch.reusingBuffer()
        do {
            while !batch.isFull {
                guard try connection.readCopyRow(appendingTo: &batch.bytes, context: context) else {
                    close()
                    break
                }
                batch.rowCount += 1
            }
        } catch {
            failure = error
            close()
            throw error
        }
        return batch.rowCount > 0 ? batch : nil
    }

    func close() {
        connection = nil
    }

    /// What a read of `table` selects from: a partitioned table with its partitions; any other table
    /// alone, without the rows of tables that inherit from it (those are copied as tables of their own).
    static func from(_ table: Table, on connection: PostgresConnection, context: String) throws -> String {
        let kind = try connection.query(
            "SELECT relkind::text FROM pg_catalog.pg_class WHERE oid = $1::pg_catalog.regclass",
            [PostgresSQL.quote(table.name)], context: context)
        return kind.first?.first == "p" ? PostgresSQL.quote(table.name) : "ONLY " + PostgresSQL.quote(table.name)
    }
}
