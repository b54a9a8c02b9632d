import CLibPQ
import CleanroomCore

/// COPY in both directions, one row or one batch at a time, so nothing is materialised.
extension PostgresConnection {
    /// Starts a `COPY … TO STDOUT` statement; read its rows with `readCopyRow`.
    func beginCopyOut(_ sql: String, context: String) throws {
        let result = execute(sql)
        guard result.status == PGRES_COPY_OUT else {
            throw failure(context: context, message: message(for: result))
        }
    }

    /// Appends the next row, with its terminating newline, to `buffer`.
    ///
    /// Each libpq buffer holds exactly one row; it is copied and freed at once.
    /// - Returns: false after the last row, once the server has confirmed the COPY succeeded.
    /// - Throws: `ConnectorError.queryFailed` when the server reports an error or the connection breaks.
    func readCopyRow(appendingTo buffer: inout [UInt8], context: String) throws -> Bool {
        var row: UnsafeMutablePointer<CChar>?
        let length = PQgetCopyData(handle, &row, 0)
        if length > 0, let row {
            defer { PQfreemem(row) }
            buffer.append(contentsOf: UnsafeRawBufferPointer(start: row, count: Int(length)))
            return true
        }
        if length == -1 {
            if let message = pendingError() { throw failure(context: context, message: message) }
            return false
        }
        throw failure(context: context, message: pendingError() ?? lastErrorMessage)
    }

    /// Starts a `COPY … FROM STDIN` statement; send rows with `putCopyData`, end with `endCopyIn`.
    func beginCopyIn(_ sql: String, context: String) throws {
        let result = execute(sql)
        guard result.status == PGRES_COPY_IN else {
            throw failure(context: context, message: message(for: result))
        }
    }

    /// Sends COPY text bytes (whole rows or not: the server reassembles them).
    func putCopyData(_ bytes: [UInt8], context: String) throws {
        let chunk = 1 << 20
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let count = min(chunk, raw.count - offset)
                let sent = PQputCopyData(handle, raw.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self), Int32(count))
                guard sent == 1 else { throw failure(context: context, message: pendingError() ?? lastErrorMessage) }
                offset += count
            }
        }
    }

    /// Ends the COPY and waits for the server's verdict on the whole load (types, constraints).
    func endCopyIn(context: String) throws {
        guard PQputCopyEnd(handle, nil) == 1 else {
            throw failure(context: context, message: pendingError() ?? lastErrorMessage)
        }
        if let message = pendingError() { throw failure(context: context, message: message) }
    }

    /// Collects the results still due for the current command and returns the first error among
    /// them, or nil when it succeeded.
    private func pendingError() -> String? {
        var firstError: String?
        while let next = PQgetResult(handle) {
            let result = PostgresResult(next)
            if result.succeeded { continue }
            if firstError == nil { firstError = message(for: result) }
            // A COPY state here means the command is not over (a broken COPY); asking again would
            // return the same state for ever.
            if result.status == PGRES_COPY_IN || result.status == PGRES_COPY_OUT || result.status == PGRES_COPY_BOTH { break }
        }
        return firstError
    }
}
