import CleanroomCore
import Foundation

/// A parsed data location: `postgres://…`, `postgresql://…`, `sqlite:PATH`, `csv:DIR` or `jsonl:DIR`.
///
/// The password of a PostgreSQL URL is kept out of `description`, so an endpoint can be printed,
/// logged or recorded in evidence.
public enum Endpoint: Sendable, Hashable, CustomStringConvertible {
    case postgres(PostgresAddress)
    case sqlite(path: String)
    case csv(directory: String)
    case jsonl(directory: String)

    /// Parses a URL as given on the command line or in a template.
    public init(parsing text: String) throws {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(try PostgresAddress(url: text))
        } else if text.hasPrefix("sqlite:") {
            self = .sqlite(path: try Endpoint.path(after: "sqlite:", in: text))
        } else if text.hasPrefix("csv:") {
            self = .csv(directory: try Endpoint.path(after: "csv:", in: text))
        } else if text.hasPrefix("jsonl:") {
            self = .jsonl(directory: try Endpoint.path(after: "jsonl:", in: text))
        } else {
            throw ConnectorError.invalidURL(
                PostgresAddress.redact(text), reason: "expected postgres://…, sqlite:PATH, csv:DIR or jsonl:DIR")
        }
    }

    private static func path(after prefix: String, in text: String) throws -> String {
        var path = String(text.dropFirst(prefix.count))
        if path.hasPrefix("//") { path.removeFirst(2) }
        guard !path.isEmpty else { throw ConnectorError.invalidURL(text, reason: "the path is empty") }
        return path
    }

    /// `postgres`, `sqlite`, `csv` or `jsonl`.
    public var kind: String {
        switch self {
        case .postgres: return "postgres"
        case .sqlite: return "sqlite"
        case .csv: return "csv"
        case .jsonl: return "jsonl"
        }
    }

    public var description: String {
        switch self {
        case .postgres(let a): return a.description
        case .sqlite(let p): return "sqlite:\(p)"
        case .csv(let d): return "csv:\(d)"
        case .jsonl(let d): return "jsonl:\(d)"
        }
    }
}

/// The parts of a PostgreSQL URL. `password` is secret: it is passed to libpq and pg_dump through
/// the connection parameters and the `PGPASSWORD` environment, never through process arguments.
public struct PostgresAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    /// Other query parameters (sslmode, application_name …), passed to libpq as they are.
    public var options: [String: String]

    public init(
        host: String, port: Int = 5432, user: String, password: String? = nil, database: String,
        options: [String: String] = [:]
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.options = options
    }

    /// Parses `postgres://user[:password]@host[:port]/database[?key=value&…]`.
    public init(url text: String) throws {
        guard let components = URLComponents(string: text) else {
            throw ConnectorError.invalidURL(PostgresAddress.redact(text), reason: "not a valid URL")
        }
        host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        port = components.port ?? 5432
        user = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        password = components.password.flatMap { $0.removingPercentEncoding }
        var path = components.path
        if path.hasPrefix("/") { path.removeFirst() }
        database = path.removingPercentEncoding ?? path
        guard !database.isEmpty else {
            throw ConnectorError.invalidURL(PostgresAddress.redact(text), reason: "no database name after the host")
        }
        var opts: [String: String] = [:]
        for item in components.queryItems ?? [] { opts[item.name] = item.value ?? "" }
        options = opts
    }

    /// The same server with another database.
    public func with(database: String) -> PostgresAddress {
        var copy = self
        copy.database = database
        return copy
    }

    /// The same server with other credentials.
    public func with(user: String, password: String?) -> PostgresAddress {
        var copy = self
        copy.user = user
        copy.password = password
        return copy
    }

    /// The URL with the password included: only for handing to the environment's user (`--print-env`).
    public var urlWithPassword: String {
        var c = URLComponents()
        c.scheme = "postgres"
        c.host = host
        c.port = port
        c.user = user
        c.password = password
        c.path = "/" + database
        if !options.isEmpty {
            c.queryItems = options.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        }
        return c.string ?? description
    }

    /// The URL without the password: safe for logs, errors and evidence.
    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)"
    }

    /// Removes a password from URL-like text for error messages.
    public static func redact(_ text: String) -> String {
        guard let at = text.range(of: "@"), let scheme = text.range(of: "://"), scheme.upperBound < at.lowerBound else {
            return text
        }
        let credentials = text[scheme.upperBound..<at.lowerBound]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at.lowerBound...])
    }
}
