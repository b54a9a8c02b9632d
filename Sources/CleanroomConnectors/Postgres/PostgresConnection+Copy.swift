import CLibPQ
import CleanroomCore

/// COPY in both directions, one row or one batch at a time, so nothing is materialised.
extension PostgresConnection {
    /// Starts a `COPY … TO STDOUT` statement; read its rows with `readCopyRow`.
    func beginCopyOut(_ sql: String, context: String) throws {
        let result = execute(sql)
        guard result.status == PGRES_COPY_OUT else {
            throw serverFailure(context: context, result: result)
        }
    }

    /// Appends the next row, with its terminating newline, to `buffer`.
    ///
    /// Each libpq buffer holds exactly one row; it is copied and freed at once.
    /// - Returns: false after the last row, once the server has confirmed the COPY succeeded.
    /// - Throws: `ConnectorError.postgres` when the server reports an error or the connection breaks.
    func readCopyRow(appendingTo buffer: inout [UInt8], context: String) throws -> Bool {
        var row: UnsafeMutablePointer<CChar>?
        let length = PQgetCopyData(handle, &row, 0)
        if length > 0, let row {
            defer { PQfreemem(row) }
            buffer.append(contentsOf: UnsafeRawBufferPointer(start: row, count: Int(length)))
            return true
        }
        if length == -1 {
            if let error = pendingError(context: context) { throw error }
            return false
        }
        throw brokenCopy(context: context)
    }

    /// Starts a `COPY … FROM STDIN` statement; send rows with `putCopyData`, end with `endCopyIn`.
    func beginCopyIn(_ sql: String, context: String) throws {
        let result = execute(sql)
        guard result.status == PGRES_COPY_IN else {
            throw serverFailure(context: context, result: result)
        }
    }

    /// Sends COPY text bytes (whole rows or not: the server reassembles them).
    func putCopyData(_ bytes: [UInt8], context: String) throws {
        let chunk = 1 << 20
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let count = min(chunk, raw.count - offset)
                let sent = PQputCopyData(
                    handle, raw.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self), Int32(count))
                guard sent == 1 else { throw brokenCopy(context: context) }
                offset += count
            }
        }
    }

    /// Ends the COPY and waits for the server's verdict on the whole load (types, constraints).
    func endCopyIn(context: String) throws {
        guard PQputCopyEnd(handle, nil) == 1 else {
            throw brokenCopy(context: context)
        }
        if let error = pendingError(context: context) { throw error }
    }

    /// The error of a COPY that libpq could not continue: the server's, when it sent one, else libpq's.
    private func brokenCopy(context: String) -> ConnectorError {
        pendingError(context: context) ?? serverFailure(context: context, message: lastErrorMessage, sqlState: nil)
    }

    /// Collects the results still due for the current command and returns the first error among
    /// them, or nil when it succeeded.
    private func pendingError(context: String) -> ConnectorError? {
        var firstError: ConnectorError?
        while let next = PQgetResult(handle) {
            let result = PostgresResult(next)
            if result.succeeded { continue }
            if firstError == nil { firstError = serverFailure(context: context, result: result) }
            // A COPY state here means the command is not over (a broken COPY); asking again would
            // return the same state for ever.
            if result.status == PGRES_COPY_IN || result.status == PGRES_COPY_OUT || result.status == PGRES_COPY_BOTH {
                break
            }
        }
        return firstError
    }
}
