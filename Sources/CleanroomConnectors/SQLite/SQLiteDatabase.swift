import CSQLite

/// One open SQLite connection: owns a `sqlite3*` handle and closes it when the last reference goes.
///
/// Every failure becomes `ConnectorError.sqlite` (a `SQLiteError`) with the file, the SQLite result code, the library's
/// message and the SQL concerned. The connection is opened in serialized (`FULLMUTEX`) mode so a
/// statement finalized from another thread's `deinit` is safe; callers that need several calls to
/// act as one unit (a transaction) still serialise them themselves (see `SQLiteTarget`).
///
/// ```swift
/// let db = try SQLiteDatabase(path: "app.db", mode: .readOnly)
/// let names = try db.prepare("SELECT name FROM sqlite_master WHERE type = ?")
/// try names.bind(1, text: "table")
/// while try names.step() { print(names.text(0) ?? "") }
/// ```
public final class SQLiteDatabase {
    public enum Mode: Sendable {
        /// Open an existing database; writes fail.
        case readOnly
        /// Open read-write, creating the file when it is missing.
        case readWriteCreate
    }

    /// The path the connection was opened with, for messages.
    public let path: String
    let handle: OpaquePointer

    /// Opens (or, with `.readWriteCreate`, creates) the database file at `path`.
    public init(path: String, mode: Mode) throws {
        let access = mode == .readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        var opened: OpaquePointer?
        let code = sqlite3_open_v2(path, &opened, access | SQLITE_OPEN_FULLMUTEX, nil)
        guard code == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(opened)
            throw ConnectorError.sqlite(SQLiteError(file: path, code: code, message: message, sql: nil))
        }
        sqlite3_extended_result_codes(opened, 1)
        handle = opened
        self.path = path
    }

    deinit {
        // close_v2 defers the close until every statement is finalized, so order of release is free.
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw error(code, sql: sql) }
    }

    /// Compiles one statement.
    public func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw error(code == SQLITE_OK ? SQLITE_MISUSE : code, sql: sql)
        }
        return SQLiteStatement(database: self, handle: statement, sql: sql)
    }

    /// Runs a query and returns the first column of every row as text (NULL rows skipped).
    func strings(_ sql: String, bind parameter: String? = nil) throws -> [String] {
        let statement = try prepare(sql)
        if let parameter { try statement.bind(1, text: parameter) }
        var values: [String] = []
        while try statement.step() {
            if let value = statement.text(0) { values.append(value) }
        }
        return values
    }

    /// The error for a failed call, with the connection's current message.
    func error(_ code: Int32, sql: String?) -> ConnectorError {
        .sqlite(SQLiteError(file: path, code: code, message: String(cString: sqlite3_errmsg(handle)), sql: sql))
    }

    /// `name` as a double-quoted SQL identifier (embedded quotes doubled).
    public static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
