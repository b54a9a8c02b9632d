import CleanroomConnectors
import CleanroomCore
import Foundation
import TestSupport
import Testing

@Suite("SQLite target")
struct SQLiteTargetTests {
    private let table = Table(
        name: QualifiedName(schema: "main", name: "t"),
        columns: [
            Column(name: "id", typeName: "INTEGER", kind: .integer, isNullable: false),
            Column(name: "name", typeName: "TEXT", kind: .text),
        ],
        primaryKey: ["id"])
    private var schema: DatabaseSchema { DatabaseSchema(tables: [table], foreignKeys: []) }
    private let definition = SchemaDefinition.sqlite(
        tables: ["CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)"],
        after: ["CREATE INDEX t_name ON t (name)"])

    @Test("an existing target is refused, before anything is written")
    func existingTargetRefused() throws {
        let directory = try TestPaths.temporaryDirectory("cleanroom-sqlite")
        defer { try? FileManager.default.removeItem(at: directory) }
        let existing = directory.appendingPathComponent("there.sqlite").path
        _ = FileManager.default.createFile(atPath: existing, contents: Data("keep".utf8))
        #expect {
            try SQLiteTarget(path: existing)
        } throws: { error in
            guard case ConnectorError.targetExists(let path) = error else { return false }
            return path == existing
        }
        #expect(FileManager.default.contents(atPath: existing) == Data("keep".utf8))
    }

    @Test("a target that appears between init and commit is not overwritten")
    func targetAppearingLaterNotOverwritten() throws {
        let directory = try TestPaths.temporaryDirectory("cleanroom-sqlite")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("late.sqlite").path
        let target = try SQLiteTarget(path: path)
        try target.prepare(schema: schema, definition: definition)
        _ = FileManager.default.createFile(atPath: path, contents: Data("someone else".utf8))
        #expect(throws: ConnectorError.self) { try target.commit() }
        target.abort()
        #expect(FileManager.default.contents(atPath: path) == Data("someone else".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["late.sqlite"])
    }

    @Test("abort after a partial write leaves no file behind")
    func abortLeavesNothing() throws {
        let directory = try TestPaths.temporaryDirectory("cleanroom-sqlite")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("never.sqlite").path
        let target = try SQLiteTarget(path: path)
        try target.prepare(schema: schema, definition: definition)
        let partial = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        // The partial file and its owner file (for the next run or gc, should this run be killed).
        #expect(partial.count == 2 && partial[0].hasPrefix(".never.sqlite.partial-"))
        #expect(partial.count == 2 && partial[1] == partial[0] + ".owner")
        let writer = try target.openWriter(table: table, columns: table.columns)
        try writer.write(batch([["1", "one"], ["2", "two"]]))
        target.abort()
        writer.close()
        target.abort()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        #expect(throws: ConnectorError.self) { try writer.write(batch([["3", "three"]])) }
    }

    @Test("a row that breaks a constraint fails with the SQLite code, message and SQL")
    func constraintError() throws {
        let directory = try TestPaths.temporaryDirectory("cleanroom-sqlite")
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = try SQLiteTarget(path: directory.appendingPathComponent("dup.sqlite").path)
        defer { target.abort() }
        try target.prepare(schema: schema, definition: definition)
        let writer = try target.openWriter(table: table, columns: table.columns)
        #expect {
            try writer.write(batch([["1", "one"], ["1", "again"]]))
        } throws: { error in
            guard case ConnectorError.sqlite(let failure) = error else { return false }
            return failure.code == 1555 /* SQLITE_CONSTRAINT_PRIMARYKEY */
                && failure.message.contains("UNIQUE constraint failed: t.id")
                && failure.sql?.hasPrefix("INSERT INTO \"t\"") == true
        }
    }

    @Test("finalizeSchema refuses rows whose foreign keys have no parent")
    func foreignKeyViolation() throws {
        let directory = try TestPaths.temporaryDirectory("cleanroom-sqlite")
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = try SQLiteTarget(path: directory.appendingPathComponent("fk.sqlite").path)
        defer { target.abort() }
        let child = Table(
            name: QualifiedName(schema: "main", name: "child"),
            columns: [Column(name: "parent_id", typeName: "INTEGER", kind: .integer)])
        let schema = DatabaseSchema(tables: [table, child], foreignKeys: [])
        try target.prepare(
            schema: schema,
            definition: .sqlite(
                tables: [
                    "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)",
                    "CREATE TABLE child (parent_id INTEGER REFERENCES t (id))",
                ], after: []))
        let writer = try target.openWriter(table: child, columns: child.columns)
        try writer.write(batch([["7"]]))
        try writer.finish()
        #expect {
            try target.finalizeSchema(schema: schema, definition: .sqlite(tables: [], after: []), jobs: 1)
        } throws: { error in
            String(describing: error).contains(
                "1 row(s) violate foreign keys; first: child rowid 1 has no parent row in t")
        }
    }

    @Test("a source that is missing or not a database fails with the path")
    func badSources() throws {
        let directory = try TestPaths.temporaryDirectory("cleanroom-sqlite")
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("missing.sqlite").path
        #expect { try SQLiteSource(path: missing) } throws: { String(describing: $0).contains(missing) }
        let notDatabase = directory.appendingPathComponent("text.sqlite").path
        _ = FileManager.default.createFile(atPath: notDatabase, contents: Data(repeating: 0x41, count: 4096))
        #expect { try SQLiteSource(path: notDatabase) } throws: { error in
            guard case ConnectorError.sqlite(let failure) = error else { return false }
            return failure.code == 26 /* SQLITE_NOTADB */ && failure.file == notDatabase
        }
    }
}
