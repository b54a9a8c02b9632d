import CLibPQ
import Foundation

/// One libpq result (`PGresult`), owned by this object and cleared when it goes.
final class PostgresResult {
    private let handle: OpaquePointer?
    /// libpq's status; a missing result (out of memory, lost connection) counts as a fatal error.
    let status: ExecStatusType

    /// Takes ownership of `handle`, which may be NULL.
    init(_ handle: OpaquePointer?) {
        self.handle = handle
        status = handle.map { PQresultStatus($0) } ?? PGRES_FATAL_ERROR
    }

    deinit { PQclear(handle) }

    /// Whether the command completed (with or without rows; an empty script is a no-op).
    var succeeded: Bool { status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY }

    /// The server's error text (primary message, detail, hint, context), or nil when there is none.
    var errorMessage: String? {
        guard let handle, let text = PQresultErrorMessage(handle) else { return nil }
        let message = String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
        return message.isEmpty ? nil : message
    }

    /// The five-character SQLSTATE code of an error, e.g. `42P04` for a duplicate database.
    var sqlState: String? {
        guard let handle, let code = PQresultErrorField(handle, Int32(UInt8(ascii: "C"))) else { return nil }
        return String(cString: code)
    }

    /// The rows as text, NULL as nil. Only for catalog-sized results: table data goes through COPY.
    var rows: [[String?]] {
        guard let handle else { return [] }
        let rowCount = PQntuples(handle)
        let fieldCount = PQnfields(handle)
        return (0..<rowCount).map { row in
            (0..<fieldCount).map { field in
                PQgetisnull(handle, row, field) == 1 ? nil : String(cString: PQgetvalue(handle, row, field))
            }
        }
    }
}
