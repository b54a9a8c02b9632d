import CleanroomCore

/// Maps a SQLite declared column type to a `ValueKind`.
enum SQLiteColumnKind {
    /// SQLite's column-affinity rules (in their order: INT, then CHAR/CLOB/TEXT, then BLOB or no
    /// type, then REAL/FLOA/DOUB), refined within NUMERIC affinity by the names people use for dates,
    /// times and booleans:
    ///
    /// | declared type contains | kind |
    /// | --- | --- |
    /// | `INT` | integer |
    /// | `CHAR`, `CLOB`, `TEXT` | text |
    /// | `BLOB` | bytea |
    /// | nothing (no type) | other |
    /// | `REAL`, `FLOA`, `DOUB` | numeric |
    /// | `DATETIME`, `TIMESTAMP` | timestamp |
    /// | `DATE` | date |
    /// | `TIME` | time |
    /// | `BOOL` | boolean |
    /// | `JSON` | json |
    /// | anything else (`NUMERIC`, `DECIMAL(10,2)` …) | numeric |
    static func kind(declaredType: String) -> ValueKind {
        let type = declaredType.uppercased()
        func has(_ part: String) -> Bool { type.contains(part) }
        if has("INT") { return .integer }
        if has("CHAR") || has("CLOB") || has("TEXT") { return .text }
        if has("BLOB") { return .bytea }
        if type.allSatisfy(\.isWhitespace) { return .other }
        if has("REAL") || has("FLOA") || has("DOUB") { return .numeric }
        if has("DATETIME") || has("TIMESTAMP") { return .timestamp }
        if has("DATE") { return .date }
        if has("TIME") { return .time }
        if has("BOOL") { return .boolean }
        if has("JSON") { return .json }
        return .numeric
    }

    /// The declared type a generated `CREATE TABLE` uses for a column of `kind` (booleans are
    /// stored as 1/0 integers, byte strings as blobs, everything without a SQLite counterpart as text).
    static func declaredType(for kind: ValueKind) -> String {
        switch kind {
        case .integer, .boolean: return "INTEGER"
        case .numeric: return "NUMERIC"
        case .bytea: return "BLOB"
        default: return "TEXT"
        }
    }
}
