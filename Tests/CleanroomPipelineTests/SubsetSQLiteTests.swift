import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

/// Subsets of chinook's SQLite file into SQLite: the selection runs as SQLite SQL (recursive
/// queries included), and SQLite's own `PRAGMA foreign_key_check` finds nothing in the target.
@Suite("subsets of chinook, SQLite to SQLite")
struct SubsetSQLiteTests {
    static let masked = [
        "Employee.FirstName": "{ fake: first_name }", "Employee.LastName": "{ fake: last_name }",
        "Employee.Email": "{ fake: email }", "Customer.FirstName": "{ fake: first_name }",
        "Customer.LastName": "{ fake: last_name }", "Customer.Email": "{ fake: email }",
    ]
    static let catalogue: Set<String> = ["Artist", "Album", "Track", "Genre", "MediaType", "Playlist", "PlaylistTrack"]

    /// A copy of the shipped chinook file in a new folder.
    static func chinook() throws -> (directory: URL, path: String) {
        let directory = try TestPaths.temporaryDirectory()
        let copy = directory.appendingPathComponent("chinook.sqlite").path
        try FileManager.default.copyItem(
            atPath: TestPaths.shared.appendingPathComponent("datasets/chinook/Chinook_Sqlite.sqlite").path,
            toPath: copy)
        return (directory, copy)
    }

    @Test("a self-referencing root, its customers and their invoices; a trimmed parent; every key holds")
    func chinookSubsets() throws {
        let (directory, source) = try Self.chinook()
        defer { try? FileManager.default.removeItem(at: directory) }
        let root = """
            subset:
              roots:
                Employee: "EmployeeId IN (1, 2, 3)"
            """
        let target = directory.appendingPathComponent("subset.sqlite").path
        let result = try Fixtures.mask(
            .sqlite(path: source), .sqlite(path: target),
            rules: Fixtures.keepingRules(
                .sqlite(path: source), masked: Self.masked, reference: Self.catalogue, adding: root))

        #expect(try SQLiteQuery.set(target, "SELECT EmployeeId FROM Employee") == ["1", "2", "3"])
        let customers = "SELECT CustomerId FROM Customer WHERE SupportRepId IN (1, 2, 3)"
        let invoices = "SELECT InvoiceId FROM Invoice WHERE CustomerId IN (\(customers))"
        #expect(try SQLiteQuery.set(target, "SELECT CustomerId FROM Customer") == SQLiteQuery.set(source, customers))
        #expect(try SQLiteQuery.set(target, "SELECT InvoiceId FROM Invoice") == SQLiteQuery.set(source, invoices))
        #expect(
            try SQLiteQuery.count(target, "SELECT count(*) FROM InvoiceLine")
                == SQLiteQuery.count(source, "SELECT count(*) FROM InvoiceLine WHERE InvoiceId IN (\(invoices))"))
        #expect(try SQLiteQuery.count(target, "SELECT count(*) FROM Track") == 3503)
        #expect(try SQLiteQuery.foreignKeys(target) == 11)
        #expect(try SQLiteQuery.foreignKeyViolations(target) == 0)
        #expect(result.subset?.cycles == [["main.Employee"]])
        #expect(result.leakProbe.hits == 0)

        let trimmed = directory.appendingPathComponent("trimmed.sqlite").path
        let trim = """
            subset:
              roots:
                Customer: "Country = 'Canada'"
              trim_parents: [Employee, Track, Album]
              vocabulary: kept
            """
        let trimResult = try Fixtures.mask(
            .sqlite(path: source), .sqlite(path: trimmed),
            rules: Fixtures.keepingRules(
                .sqlite(path: source), masked: Self.masked, reference: Self.catalogue, adding: trim))
        let lines = """
            SELECT TrackId FROM InvoiceLine WHERE InvoiceId IN
              (SELECT InvoiceId FROM Invoice WHERE CustomerId IN (SELECT CustomerId FROM Customer WHERE Country = 'Canada'))
            """
        // Tracks kept: those kept invoice lines sell (PlaylistTrack follows the trimmed Track).
        #expect(try SQLiteQuery.set(trimmed, "SELECT TrackId FROM Track") == SQLiteQuery.set(source, lines))
        #expect(
            try SQLiteQuery.set(trimmed, "SELECT AlbumId FROM Album")
                == SQLiteQuery.set(source, "SELECT AlbumId FROM Track WHERE TrackId IN (\(lines))"))
        #expect(try SQLiteQuery.set(trimmed, "SELECT EmployeeId FROM Employee") == ["1", "2", "3", "4", "5"])
        #expect(
            try SQLiteQuery.count(trimmed, "SELECT count(*) FROM PlaylistTrack")
                == SQLiteQuery.count(source, "SELECT count(*) FROM PlaylistTrack WHERE TrackId IN (\(lines))"))
        #expect(try SQLiteQuery.foreignKeyViolations(trimmed) == 0)
        #expect(trimResult.subset?.table("main.PlaylistTrack")?.role == "follows-trimmed")
        #expect(trimResult.subset?.table("main.Artist")?.role == "parent")
        #expect(trimResult.subset?.vocabulary == "kept")
    }

    @Test("break: on one column of a composite key sets that column NULL, the key's NOT NULL partner stays")
    func compositeBreak() throws {
        let directory = try TestPaths.temporaryDirectory("subset-composite-break")
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("source.sqlite").path
        let db = try SQLiteDatabase(path: source, mode: .readWriteCreate)
        var sql = """
            CREATE TABLE region (country TEXT NOT NULL, code TEXT NOT NULL, name TEXT, PRIMARY KEY (country, code));
            CREATE TABLE office (id INTEGER PRIMARY KEY, country TEXT NOT NULL, region_code TEXT,
              FOREIGN KEY (country, region_code) REFERENCES region (country, code));
            """
        for i in 0..<20 { sql += "INSERT INTO region VALUES ('C\(i % 4)', 'R\(i)', 'region \(i)');\n" }
        for i in 0..<60 { sql += "INSERT INTO office VALUES (\(i), 'C\(i % 4)', 'R\(i % 20)');\n" }
        try db.execute(sql)
        let rules = try Fixtures.keepingRules(
            .sqlite(path: source),
            adding: """
                subset:
                  roots:
                    region: "code IN ('R0', 'R4', 'R8')"
                  break: [office.region_code]
                """)
        let target = directory.appendingPathComponent("subset.sqlite").path
        let result = try Fixtures.mask(.sqlite(path: source), .sqlite(path: target), rules: rules)

        let kept = "SELECT id FROM office WHERE region_code IN ('R0', 'R4', 'R8')"
        #expect(try SQLiteQuery.count(target, "SELECT count(*) FROM office") == 60, "office is not cut: copied whole")
        #expect(
            try SQLiteQuery.set(target, "SELECT id FROM office WHERE region_code IS NOT NULL")
                == SQLiteQuery.set(source, kept))
        #expect(try SQLiteQuery.count(target, "SELECT count(*) FROM office WHERE country IS NULL") == 0)
        #expect(try SQLiteQuery.foreignKeyViolations(target) == 0)
        let nulled = try SQLiteQuery.count(
            source, "SELECT count(*) FROM office WHERE region_code NOT IN ('R0', 'R4', 'R8')")
        #expect(result.subset?.breaks.map(\.setNull) == [nulled])
    }

    @Test("a CSV source refuses a subset before anything is written")
    func filesRefuse() throws {
        let (directory, source) = try Self.chinook()
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = try Endpoint(parsing: "csv:\(directory.appendingPathComponent("csv").path)")
        try copyAll(from: ConnectorFactory.source(.sqlite(path: source)), to: ConnectorFactory.target(csv))
        let rules = try Fixtures.keepingRules(
            csv, adding: "subset:\n  roots:\n    Employee: \"EmployeeId = 1\"\n")
        let target = try Endpoint(parsing: "csv:\(directory.appendingPathComponent("out").path)")
        #expect(throws: PipelineError.self) { try Fixtures.mask(csv, target, rules: rules) }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
    }
}
