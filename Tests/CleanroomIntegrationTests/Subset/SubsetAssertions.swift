import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import Foundation
import TestSupport
import Testing

/// What the subset tests share: rules files with a `subset:` added, counts taken with SQL of the
/// test's own, and the target's foreign keys as PostgreSQL validates them.
enum SubsetAssertions {
    /// `base` (a rules file's text) with `extra` YAML appended at the top level, parsed.
    static func rules(_ base: String, adding extra: String, path: String = "subset-rules.yaml") throws -> RulesFile {
        try RulesParser.parse(base + "\n" + extra, path: path)
    }

    /// The pagila rules file's text.
    static var pagilaText: String {
        get throws { try String(contentsOfFile: Fixtures.pagilaRulesPath, encoding: .utf8) }
    }

    /// The single number `sql` returns on `address`.
    static func count(_ address: PostgresAddress, _ sql: String) throws -> Int {
        let rows = try PostgresConnection(address: address).query(sql, context: "counting for a test")
        guard let text = rows.first?.first ?? nil, let n = Int(text) else { throw TestFailure("no count from \(sql)") }
        return n
    }

    /// The values of the first column `sql` returns, as a set.
    static func set(_ address: PostgresAddress, _ sql: String) throws -> Set<String> {
        Set(try PostgresConnection(address: address).query(sql, context: "reading for a test").compactMap { $0[0] })
    }

    /// Every foreign key of `source` exists in `target` and PostgreSQL validated it (the post-data
    /// step adds keys `NOT VALID` and validates them, and fails on a violating row); returns how many.
    @discardableResult
    static func expectForeignKeysValid(source: PostgresAddress, target: PostgresAddress) throws -> Int {
        let keys = """
            SELECT conrelid::regclass::text || ' ' || conname FROM pg_constraint
            WHERE contype = 'f' AND connamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
            ORDER BY 1
            """
        let sourceKeys = try set(source, keys)
        let targetKeys = try set(target, keys)
        #expect(!sourceKeys.isEmpty)
        #expect(sourceKeys == targetKeys, "every foreign key recreated in the target")
        let invalid = try count(
            target, "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND NOT convalidated")
        #expect(invalid == 0, "every foreign key validated by PostgreSQL")
        // And checked once more, row by row, by PostgreSQL itself: re-validating a key scans its rows.
        for row in try PostgresConnection(address: target).query(
            "SELECT conrelid::regclass::text, quote_ident(conname) FROM pg_constraint WHERE contype = 'f' AND conparentid = 0",
            context: "listing keys")
        {
            let (table, name) = (row[0] ?? "", row[1] ?? "")
            try PostgresConnection(address: target).exec(
                "ALTER TABLE \(table) DROP CONSTRAINT \(name), ADD CONSTRAINT \(name) "
                    + "\(try definition(of: name, on: table, at: target))",
                context: "re-adding \(name) on \(table)")
        }
        return sourceKeys.count
    }

    private static func definition(of name: String, on table: String, at address: PostgresAddress) throws -> String {
        let rows = try PostgresConnection(address: address).query(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = $1::regclass AND quote_ident(conname) = $2",
            [table, name], context: "reading a key")
        guard let text = rows.first?.first ?? nil else { throw TestFailure("no key \(name) on \(table)") }
        return text
    }

    /// Rows of each table of `address` (schema `public` unless qualified).
    static func rowCount(_ address: PostgresAddress, _ table: String) throws -> Int {
        try count(address, "SELECT count(*) FROM \(table)")
    }
}
