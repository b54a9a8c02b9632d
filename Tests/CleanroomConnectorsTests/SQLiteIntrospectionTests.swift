import CleanroomConnectors
import CleanroomCore
import Foundation
import TestSupport
import Testing

@Suite("SQLite introspection")
struct SQLiteIntrospectionTests {
    @Test("declared types map to kinds by SQLite's affinity rules, refined for dates, times, booleans and JSON")
    func kinds() throws {
        let directory = try TestPaths.temporaryDirectory("cleanroom-sqlite")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("types.sqlite").path
        let expected: [(type: String, kind: ValueKind)] = [
            ("BIGINT", .integer), ("VARCHAR(20)", .text), ("CLOB", .text), ("BLOB", .bytea), ("", .other),
            ("DOUBLE PRECISION", .numeric), ("FLOAT", .numeric), ("DECIMAL(10,2)", .numeric), ("NUMERIC", .numeric),
            ("DATE", .date), ("DATETIME", .timestamp), ("TIMESTAMP", .timestamp), ("TIME", .time),
            ("BOOLEAN", .boolean), ("JSON", .json),
        ]
        let columns = expected.enumerated().map { i, c in "c\(i) \(c.type)" }.joined(separator: ", ")
        try SQLiteFile(path, readOnly: false).execute("CREATE TABLE t (\(columns))")
        let table = try #require(try SQLiteSource(path: path).introspect().tables.first)
        #expect(table.columns.map(\.kind) == expected.map(\.kind))
        #expect(table.columns.map(\.typeName) == expected.map(\.type))
    }

    @Test("composite foreign keys, keys to an implicit primary key, and views and internal tables left out")
    func keysAndExclusions() throws {
        let directory = try TestPaths.temporaryDirectory("cleanroom-sqlite")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("keys.sqlite").path
        try SQLiteFile(path, readOnly: false).execute(
            """
            CREATE TABLE parent (a INTEGER, b TEXT, PRIMARY KEY (b, a));
            CREATE TABLE child (id INTEGER PRIMARY KEY AUTOINCREMENT, pa INTEGER, pb TEXT,
                                FOREIGN KEY (pb, pa) REFERENCES parent (b, a));
            CREATE TABLE implicit (x TEXT, y INTEGER, FOREIGN KEY (x, y) REFERENCES PARENT);
            CREATE VIEW v AS SELECT * FROM child;
            CREATE INDEX child_pa ON child (pa);
            INSERT INTO child (pa, pb) VALUES (NULL, NULL);
            """)
        let source = try SQLiteSource(path: path)
        let schema = try source.introspect()
        #expect(schema.tables.map(\.name.name) == ["parent", "child", "implicit"])
        #expect(schema.table(QualifiedName(schema: "main", name: "parent"))?.primaryKey == ["b", "a"])
        let keys = schema.foreignKeys.sorted { $0.table < $1.table }
        #expect(keys.count == 2)
        #expect(
            keys[0].table.name == "child" && keys[0].columns == ["pb", "pa"] && keys[0].referencedColumns == ["b", "a"])
        #expect(
            keys[1].table.name == "implicit" && keys[1].referencedTable.name == "parent"
                && keys[1].columns == ["x", "y"] && keys[1].referencedColumns == ["b", "a"])

        guard case .sqlite(let tables, let after) = try source.schemaDefinition(for: schema) else {
            Issue.record("expected a SQLite definition")
            return
        }
        #expect(tables.count == 3 && tables.allSatisfy { $0.hasPrefix("CREATE TABLE") })
        #expect(after == ["CREATE INDEX child_pa ON child (pa)", "CREATE VIEW v AS SELECT * FROM child"])
    }
}
