import CleanroomCore

/// The SQL a source evaluates its row filters in, for SQL that Cleanroom writes itself around a
/// rules file's predicates (a subset's selections): quoting and a comparable text form of a key.
public enum SQLDialect: String, Sendable, Equatable {
    case postgres, sqlite

    /// `name` as a quoted identifier.
    public func quoteIdentifier(_ name: String) -> String {
        switch self {
        case .postgres: return PostgresSQL.quoteIdentifier(name)
        case .sqlite: return SQLiteDatabase.quote(name)
        }
    }

    /// A table as a `FROM` clause names it (SQLite tables by name alone: they live in `main`).
    public func quote(_ table: QualifiedName) -> String {
        switch self {
        case .postgres: return PostgresSQL.quote(table)
        case .sqlite: return SQLiteDatabase.quote(table.name)
        }
    }

    /// One never-NULL text value of `expressions`, equal for two rows exactly when every expression's
    /// text is (NULL told apart from every text), so keys of different tables and types can share one
    /// recursive query's column.
    public func textKey(_ expressions: [String]) -> String {
        switch self {
        case .postgres:
            return "ARRAY[" + expressions.map { "CAST(\($0) AS text)" }.joined(separator: ", ") + "]"
        case .sqlite:
            return expressions.map { "quote(CAST(\($0) AS TEXT))" }.joined(separator: " || ',' || ")
        }
    }

    /// A text key no `textKey` equals, standing for a key with a NULL column (so "NULL or among these
    /// keys" is one `IN`, which PostgreSQL can plan as a semi-join, where `IS NULL OR … IN` is not).
    public var nullKeyMarker: String {
        switch self {
        case .postgres: return "CAST(ARRAY[] AS text[])"
        case .sqlite: return "''"
        }
    }

    /// What a source reads in place of `column`: its `readExpression`, else the quoted column.
    func selected(_ column: Column) -> String {
        column.readExpression.map { "(\($0))" } ?? quoteIdentifier(column.name)
    }
}
