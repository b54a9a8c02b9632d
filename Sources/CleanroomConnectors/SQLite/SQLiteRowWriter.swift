import CSQLite
import CleanroomCore

/// Inserts COPY text rows into one table of a SQLite target with a single prepared `INSERT`, one
/// transaction per batch, holding the target's connection for the whole batch.
///
/// Fields are decoded by the kind of the column they belong to (see `SQLiteStatement.bind(_:value:kind:)`).
/// Columns the target table computes itself (generated columns) are skipped.
final class SQLiteRowWriter: RowWriter {
    private let connection: SerializedConnection
    private let table: String
    private let columns: [Column]
    /// For each incoming field, the `INSERT` parameter it binds, or nil for a generated column.
    private let parameters: [Int32?]
    private var statement: SQLiteStatement?
    private var rowsWritten = 0
    /// Reused buffers for unescaped values and decoded blobs.
    private var unescaped: [UInt8] = []
    private var decoded: [UInt8] = []

    init(connection: SerializedConnection, table: String, columns: [Column]) throws {
        self.connection = connection
        self.table = table
        self.columns = columns
        let (statement, parameters) = try connection.run { database in
            let generated = try SQLiteRowWriter.generatedColumns(of: table, in: database)
            var parameters: [Int32?] = []
            var inserted: [String] = []
            for column in columns {
                guard let isGenerated = generated[column.name.lowercased()] else {
                    throw ConnectorError.queryFailed(
                        context: "loading table \(table) of \(database.path)",
                        message: "the target table has no column '\(column.name)'")
                }
                if isGenerated {
                    parameters.append(nil)
                } else {
                    inserted.append(SQLiteDatabase.quote(column.name))
                    parameters.append(Int32(inserted.count))
                }
            }
            let sql =
                "INSERT INTO \(SQLiteDatabase.quote(table)) (\(inserted.joined(separator: ", "))) VALUES ("
                + Array(repeating: "?", count: inserted.count).joined(separator: ", ") + ")"
            return (try database.prepare(sql), parameters)
        }
        self.statement = statement
        self.parameters = parameters
    }

    func write(_ batch: RowBatch) throws {
        guard let statement else { throw ConnectorError.unsupported("writing to \(table) after its writer was closed") }
        try connection.run { database in
            try database.execute("BEGIN")
            do {
                try batch.forEachRow { fields in try insert(fields, with: statement) }
                try database.execute("COMMIT")
            } catch {
                // Ends the transaction so the connection stays usable for the error path. With
                // journal_mode=OFF the rollback is not reliable, but the failed target is aborted anyway.
                try? database.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Releases the prepared `INSERT` (each batch was committed as it was written). Finalizing needs
    /// no lock: the connection is in serialized mode.
    func finish() throws {
        statement = nil
    }

    func close() {
        statement = nil
    }

    private func insert(_ fields: RowBatch.Fields, with statement: SQLiteStatement) throws {
        rowsWritten += 1
        guard fields.count == columns.count else {
            throw ConnectorError.invalidValue(
                table: table, column: "*", row: rowsWritten,
                message: "expected \(columns.count) fields, got \(fields.count)")
        }
        defer { statement.reset() }  // also after a failure, so ROLLBACK finds no statement running
        for (i, field) in fields.enumerated() {
            guard let parameter = parameters[i] else { continue }
            if CopyText.isNull(field) {
                try statement.bindNull(parameter)
            } else if field.contains(UInt8(ascii: "\\")) {
                CopyText.unescape(field, replacing: &unescaped)
                try unescaped.withUnsafeBufferPointer {
                    try statement.bind(parameter, value: $0, kind: columns[i].kind, blob: &decoded)
                }
            } else {
                try statement.bind(parameter, value: field, kind: columns[i].kind, blob: &decoded)
            }
        }
        _ = try statement.step()
    }

    /// Every column of `table` (lower-cased, as SQLite matches names) and whether it is generated.
    private static func generatedColumns(of table: String, in database: SQLiteDatabase) throws -> [String: Bool] {
        let info = try database.prepare("SELECT name, hidden FROM pragma_table_xinfo(?)")
        try info.bind(1, text: table)
        var columns: [String: Bool] = [:]
        while try info.step() {
            columns[(info.text(0) ?? "").lowercased()] = info.int64(1) != 0
        }
        guard !columns.isEmpty else {
            throw ConnectorError.unsupported("the SQLite target has no table \(table)")
        }
        return columns
    }
}
