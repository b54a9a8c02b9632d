import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import Foundation

extension Fixtures {
    /// A rules file for every table of `source`: `keep` for each column but those `masked` names
    /// (`table.column` by unqualified names, to a rule), `reference: true` on `reference` tables,
    /// and `extra` (YAML at the top level, such as a `subset:`) appended.
    public static func keepingRules(
        _ source: Endpoint, masked: [String: String] = [:], reference: Set<String> = [], adding extra: String = ""
    ) throws -> RulesFile {
        let schema = try ConnectorFactory.source(source).introspect()
        var text = "version: 1\ntables:\n"
        for table in schema.tables {
            text += "  \(YAMLFlow.quoted(table.name.description)):\n"
            if reference.contains(table.name.name) { text += "    reference: true\n" }
            text += "    columns:\n"
            for column in table.columns where !column.isGenerated {
                text +=
                    "      \(YAMLFlow.quoted(column.name)): \(masked["\(table.name.name).\(column.name)"] ?? "keep")\n"
            }
        }
        return try RulesParser.parse(text + extra, path: "keeping-rules.yaml")
    }
}

/// Queries of a SQLite file for tests: the first column of every row.
public enum SQLiteQuery {
    public static func column(_ path: String, _ sql: String) throws -> [String?] {
        let statement = try SQLiteDatabase(path: path, mode: .readOnly).prepare(sql)
        var values: [String?] = []
        while try statement.step() { values.append(statement.text(0)) }
        return values
    }

    /// The non-NULL values of the first column, as a set.
    public static func set(_ path: String, _ sql: String) throws -> Set<String> {
        Set(try column(path, sql).compactMap { $0 })
    }

    /// The single number `sql` returns.
    public static func count(_ path: String, _ sql: String) throws -> Int {
        guard let text = try column(path, sql).first ?? nil, let n = Int(text) else {
            throw TestFailure("no count from \(sql)")
        }
        return n
    }

    /// `PRAGMA foreign_key_check`: the rows that violate a foreign key (SQLite checks them itself).
    public static func foreignKeyViolations(_ path: String) throws -> Int {
        try column(path, "PRAGMA foreign_key_check").count
    }

    /// How many foreign keys the file's tables declare.
    public static func foreignKeys(_ path: String) throws -> Int {
        try count(
            path,
            "SELECT count(*) FROM sqlite_master m, pragma_foreign_key_list(m.name) k WHERE m.type = 'table' AND k.seq = 0"
        )
    }
}
