import CleanroomCore

/// A failed SQLite call, as a value: the database file, the SQLite result code (extended where
/// known, e.g. 2067 SQLITE_CONSTRAINT_UNIQUE) and the library's message and, when a statement was
/// involved, its SQL. SQLite's messages name tables, columns and constraints, never row values.
public struct SQLiteError: CleanroomError, Equatable {
    /// The database file.
    public var file: String
    /// The SQLite result code.
    public var code: Int32
    /// `sqlite3_errmsg`'s text.
    public var message: String
    /// The statement concerned, when there was one.
    public var sql: String?

    public init(file: String, code: Int32, message: String, sql: String?) {
        self.file = file
        self.code = code
        self.message = message
        self.sql = sql
    }

    public var exitStatus: ExitStatus { .runFailed }

    public var description: String {
        let statement = sql.map { " in: \($0)" } ?? ""
        return "sqlite:\(file): \(message) (SQLite result code \(code))\(statement)"
    }
}
