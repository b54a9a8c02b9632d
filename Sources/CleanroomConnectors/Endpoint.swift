import CleanroomCore
import Foundation

/// A parsed data location: a PostgreSQL connection string (`postgres://…`, `postgresql://…` or
/// libpq's `key=value` form, see `PostgresAddress`), `sqlite:PATH`, `csv:DIR` or `jsonl:DIR`.
///
/// The password of a PostgreSQL connection string is kept out of `description`, so an endpoint can
/// be printed, logged or recorded in evidence.
public enum Endpoint: Sendable, Hashable, CustomStringConvertible {
    case postgres(PostgresAddress)
    case sqlite(path: String)
    case csv(directory: String)
    case jsonl(directory: String)

    /// Parses a URL or connection string as given on the command line or in a template.
    public init(parsing text: String) throws {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") || Endpoint.isKeywordForm(text) {
            self = .postgres(try PostgresAddress(parsing: text))
        } else if text.hasPrefix("sqlite:") {
            self = .sqlite(path: try Endpoint.path(after: "sqlite:", in: text))
        } else if text.hasPrefix("csv:") {
            self = .csv(directory: try Endpoint.path(after: "csv:", in: text))
        } else if text.hasPrefix("jsonl:") {
            self = .jsonl(directory: try Endpoint.path(after: "jsonl:", in: text))
        } else {
            throw ConnectorError.invalidURL(
                PostgresAddress.redact(text),
                reason: "expected postgres://…, host=… dbname=…, sqlite:PATH, csv:DIR or jsonl:DIR")
        }
    }

    /// Whether `text` is libpq's `key=value` form: it starts with a keyword (letters and _) and `=`.
    private static func isKeywordForm(_ text: String) -> Bool {
        let trimmed = text.drop { $0.isWhitespace }
        let keyword = trimmed.prefix { $0.isLetter || $0 == "_" }
        return !keyword.isEmpty && trimmed.dropFirst(keyword.count).drop { $0 == " " }.first == "="
    }

    /// Whether `other` is the same data store as far as its text shows: for PostgreSQL the same
    /// server, port and database whatever the login (`PostgresAddress.isSameDatabase(as:)`), for the
    /// others the same path.
    public func isSameStore(as other: Endpoint) -> Bool {
        if case .postgres(let a) = self, case .postgres(let b) = other { return a.isSameDatabase(as: b) }
        return self == other
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
