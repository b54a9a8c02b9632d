import CleanroomConnectors
import CleanroomCore
import Foundation
import TestSupport
import Testing

/// Chinook (the shared sample database) copied SQLite → SQLite through the connectors.
@Suite("SQLite connectors on Chinook")
struct SQLiteChinookTests {
    /// A writable copy of the shared Chinook database in a new temporary directory.
    private func chinookCopy() throws -> (directory: URL, path: String) {
        let directory = try TestPaths.temporaryDirectory("cleanroom-sqlite")
        let shipped = TestPaths.shared.appendingPathComponent("datasets/chinook/Chinook_Sqlite.sqlite")
        let copy = directory.appendingPathComponent("chinook.sqlite")
        try FileManager.default.copyItem(at: shipped, to: copy)
        return (directory, copy.path)
    }

    @Test("introspection finds the 11 tables, their keys and the 11 foreign keys, composite and self-referencing")
    func introspection() throws {
        let (directory, path) = try chinookCopy()
        defer { try? FileManager.default.removeItem(at: directory) }
        let schema = try SQLiteSource(path: path).introspect()
        #expect(schema.tables.count == 11)
        #expect(schema.tables.allSatisfy { $0.name.schema == "main" })
        #expect(schema.foreignKeys.count == 11)

        let playlistTrack = try #require(schema.table(QualifiedName(schema: "main", name: "PlaylistTrack")))
        #expect(playlistTrack.primaryKey == ["PlaylistId", "TrackId"])
        let employee = try #require(schema.table(QualifiedName(schema: "main", name: "Employee")))
        #expect(employee.column(named: "BirthDate")?.kind == .timestamp)
        #expect(employee.column(named: "EmployeeId")?.kind == .integer)
        #expect(employee.column(named: "EmployeeId")?.isNullable == false)
        #expect(employee.column(named: "Title")?.kind == .text)
        #expect(employee.column(named: "Title")?.typeName == "NVARCHAR(30)")
        let invoiceLine = try #require(schema.table(QualifiedName(schema: "main", name: "InvoiceLine")))
        #expect(invoiceLine.column(named: "UnitPrice")?.kind == .numeric)

        let selfReference = schema.foreignKeys.first { $0.table.name == "Employee" }
        #expect(selfReference?.columns == ["ReportsTo"])
        #expect(selfReference?.referencedTable == employee.name)
        #expect(selfReference?.referencedColumns == ["EmployeeId"])
        let fromPlaylistTrack = schema.foreignKeys.filter { $0.table == playlistTrack.name }.map(\.referencedTable.name)
            .sorted()
        #expect(fromPlaylistTrack == ["Playlist", "Track"])
    }

    @Test("identity is the real path with symlinks resolved")
    func identity() throws {
        let (directory, path) = try chinookCopy()
        defer { try? FileManager.default.removeItem(at: directory) }
        let link = directory.appendingPathComponent("link.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        let viaLink = try SQLiteSource(path: link).identity()
        let direct = try SQLiteSource(path: path).identity()
        #expect(viaLink == direct)
        #expect(viaLink.kind == "sqlite")
        #expect(viaLink.server.hasPrefix("/") && viaLink.server.hasSuffix("/chinook.sqlite"))
        #expect(!viaLink.server.contains("link"))
    }

    @Test("sqlite → sqlite copies every row exactly, with indexes, clean foreign keys and integrity, mode 0600")
    func roundTrip() throws {
        let (directory, path) = try chinookCopy()
        defer { try? FileManager.default.removeItem(at: directory) }
        let targetPath = directory.appendingPathComponent("masked.sqlite").path
        try copyAll(from: try SQLiteSource(path: path), to: try SQLiteTarget(path: targetPath))

        let original = try SQLiteFile(path)
        let copy = try SQLiteFile(targetPath)
        let tables = try original.strings("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        #expect(tables.count == 11)
        #expect(try copy.strings("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") == tables)
        for table in tables {
            let counted = "SELECT count(*) FROM [\(table)]"
            #expect(try copy.rows(counted) == original.rows(counted), "row count of \(table)")
            let all = "SELECT * FROM [\(table)]"
            #expect(try copy.rows(all) == original.rows(all), "contents of \(table)")
        }
        #expect(try copy.strings("SELECT count(*) FROM Track") == ["INTEGER 3503"])
        let indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
        #expect(try !original.rows(indexes).isEmpty)
        #expect(try copy.rows(indexes) == original.rows(indexes))
        #expect(try copy.rows("PRAGMA foreign_key_check").isEmpty)
        #expect(try copy.strings("PRAGMA integrity_check") == ["ok"])

        let mode = try FileManager.default.attributesOfItem(atPath: targetPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(left == ["chinook.sqlite", "masked.sqlite"])
    }

    @Test("filter and limit narrow what a reader returns")
    func filterAndLimit() throws {
        let (directory, path) = try chinookCopy()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try SQLiteSource(path: path)
        let genre = try #require(try source.introspect().table(QualifiedName(schema: "main", name: "Genre")))
        let limited = try readAll(source.openReader(table: genre, columns: genre.columns, filter: nil, limit: 3))
        #expect(limited.count == 3)
        let filtered = try readAll(
            source.openReader(table: genre, columns: genre.columns.reversed(), filter: "GenreId = 1", limit: nil))
        #expect(filtered == [[Array("Rock".utf8), Array("1".utf8)]])
    }
}
