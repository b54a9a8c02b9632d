import CleanroomConnectors
import CleanroomCore
import Foundation
import TestSupport
import Testing

/// A PostgreSQL-shaped schema (no SQLite DDL) loaded into a SQLite target through the type mapping.
@Suite("SQLite target from a schema model")
struct SQLiteFromModelTests {
    private func name(_ schema: String, _ table: String) -> QualifiedName { QualifiedName(schema: schema, name: table) }

    @Test("schemas are dropped unless two collide; types map by kind; keys and values convert by kind")
    func postgresShapedLoad() throws {
        let directory = try TestPaths.temporaryDirectory("cleanroom-sqlite")
        defer { try? FileManager.default.removeItem(at: directory) }
        let customer = Table(
            name: name("public", "customer"),
            columns: [
                Column(name: "id", typeName: "integer", kind: .integer, isNullable: false),
                Column(name: "active", typeName: "boolean", kind: .boolean),
                Column(name: "balance", typeName: "numeric(10,2)", kind: .numeric),
                Column(name: "photo", typeName: "bytea", kind: .bytea),
                Column(name: "born", typeName: "date", kind: .date),
                Column(name: "manager_id", typeName: "integer", kind: .integer),
            ], primaryKey: ["id"])
        let publicItem = Table(
            name: name("public", "item"),
            columns: [
                Column(name: "customer_id", typeName: "integer", kind: .integer),
                Column(name: "n", typeName: "integer", kind: .integer),
            ], primaryKey: ["customer_id", "n"])
        let archiveItem = Table(
            name: name("archive", "item"),
            columns: [
                Column(name: "id", typeName: "integer", kind: .integer)
            ])
        let schema = DatabaseSchema(
            tables: [customer, publicItem, archiveItem],
            foreignKeys: [
                ForeignKey(
                    name: "customer_manager_fk", table: customer.name, columns: ["manager_id"],
                    referencedTable: customer.name, referencedColumns: ["id"]),
                ForeignKey(
                    name: "item_customer_fk", table: publicItem.name, columns: ["customer_id"],
                    referencedTable: customer.name, referencedColumns: ["id"]),
                ForeignKey(
                    name: "item_gone_fk", table: archiveItem.name, columns: ["id"],
                    referencedTable: name("public", "not_copied"), referencedColumns: ["id"]),
            ])
        let path = directory.appendingPathComponent("from-pg.sqlite").path
        let target = try SQLiteTarget(path: path)
        try target.prepare(schema: schema, definition: .postgres(preData: "", postData: "", sequences: []))
        let writer = try target.openWriter(table: customer, columns: customer.columns)
        try writer.write(
            batch([
                ["1", "t", "12.50", #"\x00ff10"#, "1962-02-18", nil],
                ["2", "f", "-0.5", "not hex", "infinity", "1"],
                ["3", nil, "NaN", "", nil, "1"],
            ]))
        try writer.finish()
        let items = try target.openWriter(table: publicItem, columns: publicItem.columns)
        try items.write(batch([["1", "1"], ["2", "x"]]))
        try items.finish()
        try target.finalizeSchema(schema: schema, definition: .none, jobs: 1)
        try target.commit()

        let db = try SQLiteFile(path)
        #expect(
            try db.strings("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                == ["archive_item", "customer", "public_item"])
        let ddl = try db.strings("SELECT sql FROM sqlite_master WHERE name = 'customer'")[0]
        #expect(
            ddl.contains("\"active\" INTEGER") && ddl.contains("\"balance\" NUMERIC") && ddl.contains("\"photo\" BLOB")
                && ddl.contains("\"born\" TEXT") && ddl.contains("\"id\" INTEGER NOT NULL")
                && ddl.contains("PRIMARY KEY (\"id\")"))
        #expect(ddl.contains("FOREIGN KEY (\"manager_id\") REFERENCES \"customer\" (\"id\")"))
        #expect(
            try db.strings("SELECT sql FROM sqlite_master WHERE name = 'public_item'")[0].contains(
                "PRIMARY KEY (\"customer_id\", \"n\")"))
        #expect(try !db.strings("SELECT sql FROM sqlite_master WHERE name = 'archive_item'")[0].contains("FOREIGN KEY"))
        #expect(
            try db.rows("SELECT id, active, balance, photo, born, manager_id FROM customer ORDER BY id") == [
                [
                    .integer(1), .integer(1), .real(12.5), .blob([0x00, 0xFF, 0x10]), .text(Array("1962-02-18".utf8)),
                    .null,
                ],
                [
                    .integer(2), .integer(0), .real(-0.5), .text(Array("not hex".utf8)), .text(Array("infinity".utf8)),
                    .integer(1),
                ],
                [.integer(3), .null, .text(Array("NaN".utf8)), .text([]), .null, .integer(1)],
            ])
        #expect(
            try db.rows("SELECT customer_id, n FROM public_item ORDER BY customer_id") == [
                [.integer(1), .integer(1)], [.integer(2), .text(Array("x".utf8))],
            ])
        #expect(try db.rows("PRAGMA foreign_key_check").isEmpty)
    }
}
