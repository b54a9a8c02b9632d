import CLibPQ
import CleanroomCore
import Foundation

/// One libpq connection (`PGconn`), owned by exactly one object and closed when that object goes.
///
/// Like libpq's connections it is not thread-safe: every reader, writer and catalog task opens its
/// own. The password travels only in libpq's keyword/value parameters, never in a URL string, and
/// errors carry the server's message and what was being done, never the password.
///
/// ```swift
/// let connection = try PostgresConnection(address: address)
/// let rows = try connection.query("SELECT relname FROM pg_catalog.pg_class WHERE relnamespace = $1::regnamespace",
///                                 ["public"], context: "listing tables")
/// ```
public final class PostgresConnection {
    /// Where this connection goes; its description has no password.
    public let address: PostgresAddress
    /// The libpq handle; used by this type's extensions only.
    let handle: OpaquePointer

    /// Connects to `address`.
    /// - Throws: `ConnectorError.connectionFailed` with libpq's message.
    public init(address: PostgresAddress) throws {
        self.address = address
        var parameters: [(String, String)] = [
            ("host", address.host), ("port", String(address.port)), ("user", address.user),
            ("dbname", address.database), ("client_encoding", "UTF8"), ("fallback_application_name", "cleanroom"),
        ]
        if let password = address.password { parameters.append(("password", password)) }
        // The URL's own query parameters come last so that they win over the defaults above.
        parameters += address.options.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let connection = withCStrings(parameters.map(\.0)) { keywords in
            withCStrings(parameters.map(\.1)) { values in
                PQconnectdbParams(keywords + [nil], values + [nil], 0)
            }
        }
        guard let connection else {
            throw ConnectorError.connectionFailed(
                endpoint: address.description, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = PostgresConnection.redacting(
                String(cString: PQerrorMessage(connection)), password: address.password)
            PQfinish(connection)
            throw ConnectorError.connectionFailed(endpoint: address.description, message: message)
        }
        handle = connection
        // libpq prints notices (e.g. "database … does not exist, skipping") on stderr by default; a
        // library stays quiet.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        // Every setting that changes how values print is pinned, whatever the server's or the
        // database's defaults: COPY text from one server parses on another, and a table prints the
        // same text in every session, which is what its attested digest covers.
        try exec(
            "SET DateStyle = ISO; SET IntervalStyle = postgres; SET TimeZone = 'UTC'; SET extra_float_digits = 1; SET bytea_output = hex",
            context: "setting up the session on \(address)")
    }

    deinit { PQfinish(handle) }

    /// The server process serving this connection.
    public var backendPID: Int32 { PQbackendPID(handle) }

    /// The server's major version (15 for 15.8).
    var serverMajorVersion: Int { Int(PQserverVersion(handle)) / 10000 }

    /// Runs `sql` without checking the outcome. Without parameters it uses the simple query
    /// protocol, so `sql` may hold several statements; with parameters (`$1` …, text, NULL as nil)
    /// it must be one statement.
    func execute(_ sql: String, _ parameters: [String?] = []) -> PostgresResult {
        if parameters.isEmpty { return PostgresResult(PQexec(handle, sql)) }
        return PostgresResult(
            withCStrings(parameters) { values in
                PQexecParams(handle, sql, Int32(values.count), nil, values, nil, nil, 0)
            })
    }

    /// Runs one or more statements whose results are not needed (DDL scripts, `SET`).
    public func exec(_ sql: String, context: String) throws {
        try check(execute(sql), context: context)
    }

    /// Runs one statement with parameters and returns its rows as text (NULL as nil).
    public func query(_ sql: String, _ parameters: [String?] = [], context: String) throws -> [[String?]] {
        try check(execute(sql, parameters), context: context).rows
    }

    /// Returns `result` when it succeeded, or throws `ConnectorError.postgres` with its SQLSTATE.
    @discardableResult
    func check(_ result: PostgresResult, context: String) throws -> PostgresResult {
        guard result.succeeded else { throw serverFailure(context: context, result: result) }
        return result
    }

    /// What went wrong with `result`: the server's message, else libpq's, else the status itself.
    func message(for result: PostgresResult) -> String {
        if let message = result.errorMessage { return message }
        let connectionMessage = lastErrorMessage
        if !connectionMessage.isEmpty { return connectionMessage }
        return "unexpected result status " + String(cString: PQresStatus(result.status))
    }

    /// The server's `system_identifier` (unique per cluster, kept by replicas) and the database name.
    public func serverIdentity() throws -> (systemIdentifier: String, database: String) {
        let rows = try query(
            "SELECT system_identifier::text, pg_catalog.current_database() FROM pg_catalog.pg_control_system()",
            context: "reading the server identity of \(address)")
        guard let row = rows.first, let system = row[0], let database = row[1] else {
            throw failure(
                context: "reading the server identity of \(address)", message: "pg_control_system() returned no row")
        }
        return (system, database)
    }

    /// libpq's latest error text for this connection.
    var lastErrorMessage: String {
        String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A `queryFailed` error for a failure Cleanroom itself found (no server text in `message`).
    func failure(context: String, message: String) -> ConnectorError {
        .queryFailed(context: context, message: PostgresConnection.redacting(message, password: address.password))
    }

    /// A `postgres` error for what the server or libpq reported; its message cannot contain the
    /// password.
    func serverFailure(context: String, message: String, sqlState: String?) -> ConnectorError {
        .postgres(
            PostgresError(
                context: context, sqlState: sqlState,
                serverMessage: PostgresConnection.redacting(message, password: address.password)))
    }

    /// The `postgres` error of a failed `result`.
    func serverFailure(context: String, result: PostgresResult) -> ConnectorError {
        serverFailure(context: context, message: message(for: result), sqlState: result.sqlState)
    }

    /// `message` with every occurrence of `password` replaced. libpq and the server do not echo
    /// passwords; this keeps that true even for a message quoting a connection string.
    static func redacting(_ message: String, password: String?) -> String {
        let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let password, !password.isEmpty else { return trimmed }
        return trimmed.replacingOccurrences(of: password, with: "***")
    }
}

/// Calls `body` with NUL-terminated copies of `strings` (nil stays NULL), valid only during the call.
private func withCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let copies = strings.map { $0.flatMap { strdup($0) } }
    defer { copies.forEach { free($0) } }
    return body(copies.map { $0.map { UnsafePointer($0) } })
}
