import CSQLite
import CleanroomCore

/// Streams a prepared `SELECT` as COPY text batches, one row in memory at a time.
///
/// Each value is encoded by its storage class: INTEGER as decimal text, REAL as the shortest text
/// that reads back to the same double (`Infinity`/`-Infinity` as PostgreSQL spells them), TEXT as
/// its bytes, BLOB as PostgreSQL `bytea` hex text (`\x0aff…`), NULL as `\N`.
final class SQLiteRowReader: RowReader {
    /// nil once the statement is done or the reader closed; releasing it finalizes the statement
    /// and closes the reader's connection.
    private var statement: SQLiteStatement?

    init(statement: SQLiteStatement) {
        self.statement = statement
    }

    func next() throws -> RowBatch? {
        guard let statement else { return nil }
        var batch = RowBatch.reusingBuffer()
        let columns = statement.columnCount
        while !batch.isFull {
            guard try statement.step() else {
                close()
                break
            }
            for column in 0..<columns {
                if column > 0 { batch.bytes.append(CopyText.tab) }
                SQLiteRowReader.encode(statement, column: column, into: &batch.bytes)
            }
            batch.bytes.append(CopyText.newline)
            batch.rowCount += 1
        }
        return batch.rowCount == 0 ? nil : batch
    }

    func close() {
        statement = nil
    }

    private static func encode(_ row: SQLiteStatement, column: Int32, into out: inout [UInt8]) {
        switch row.storageClass(column) {
        case SQLITE_INTEGER:
            out.append(contentsOf: String(row.int64(column)).utf8)
        case SQLITE_FLOAT:
            let value = row.double(column)
            let text = value.isInfinite ? (value < 0 ? "-Infinity" : "Infinity") : value.description
            out.append(contentsOf: text.utf8)
        case SQLITE_TEXT:
            CopyText.escape(row.textBytes(column), into: &out)
        case SQLITE_BLOB:
            ByteaHex.appendEscaped(row.blobBytes(column), to: &out)
        default:
            out.append(contentsOf: CopyText.null)
        }
    }
}
