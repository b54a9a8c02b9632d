import CleanroomCore

/// Failures reading or writing data stores. Messages name the endpoint (never its password), the
/// table, and where it applies the file and line.
public enum ConnectorError: CleanroomError {
    case invalidURL(String, reason: String)
    /// Could not connect; `message` is the server's or library's text.
    case connectionFailed(endpoint: String, message: String)
    /// A statement failed; `context` says what was being done (e.g. "COPY public.customer FROM STDIN")
    /// and `message` is Cleanroom's or a client tool's own text, never the server's.
    case queryFailed(context: String, message: String)
    /// PostgreSQL failed a statement, COPY or session: its SQLSTATE, the server's message withheld.
    case postgres(PostgresError)
    /// A file or directory problem, with the path and, where known, the line.
    case file(path: String, line: Int?, message: String)
    /// The target already exists and would be overwritten: a refusal (exit 3), like a guard's.
    case targetExists(String)
    /// A combination or feature this connector does not support.
    case unsupported(String)
    /// A value that the target cannot store as its column type.
    case invalidValue(table: String, column: String, row: Int, message: String)
    /// A SQLite call failed, with its result code.
    case sqlite(SQLiteError)

    public var exitStatus: ExitStatus {
        switch self {
        case .invalidURL, .unsupported: return .usage
        case .targetExists: return .guardRefused
        default: return .runFailed
        }
    }

    public var description: String {
        switch self {
        case .invalidURL(let url, let reason): return "invalid data URL '\(url)': \(reason)"
        case .connectionFailed(let endpoint, let message): return "cannot connect to \(endpoint): \(message)"
        case .queryFailed(let context, let message): return "\(context) failed: \(message)"
        case .file(let path, let line, let message):
            if let line { return "\(path):\(line): \(message)" }
            return "\(path): \(message)"
        case .targetExists(let target):
            return
                "target \(target) already exists; Cleanroom never overwrites a target (drop it or choose another name)"
        case .unsupported(let what): return "not supported: \(what)"
        case .invalidValue(let table, let column, let row, let message):
            return "\(table).\(column), row \(row): \(message)"
        case .postgres(let error): return error.description
        case .sqlite(let error): return error.description
        }
    }
}
