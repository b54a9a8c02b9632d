import CleanroomCore
import Foundation

/// Quoting for the SQL that Cleanroom builds itself. Values never go into SQL text: they travel as
/// `PQexecParams` parameters. Only identifiers, quoted here, do.
public enum PostgresSQL {
    /// `name` as a quoted identifier: wrapped in double quotes, inner double quotes doubled, so spaces,
    /// capitals, non-ASCII letters and keywords all survive (`Mixed "Case"` → `"Mixed ""Case"""`).
    public static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `schema.name` with both parts quoted.
    public static func quote(_ name: QualifiedName) -> String {
        quoteIdentifier(name.schema) + "." + quoteIdentifier(name.name)
    }

    /// A comma-separated list of quoted column names, in the given order.
    static func columnList(_ columns: [Column]) -> String {
        columns.map { quoteIdentifier($0.name) }.joined(separator: ", ")
    }
}
