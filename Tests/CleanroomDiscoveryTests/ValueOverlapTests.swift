import CleanroomConnectors
import CleanroomCore
import CleanroomDiscovery
import CleanroomMasking
import Foundation
import TestSupport
import Testing

/// A column whose name says nothing but whose values copy a personal column's is masked like it.
@Suite("Drafting copies of personal columns")
struct ValueOverlapTests {
    @Test("a denormalised copy of names is drafted with the names' rule and domain, and masks alike")
    func copiedNames() throws {
        let directory = try TestPaths.temporaryDirectory("scan-overlap")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("source.sqlite").path
        let db = try SQLiteDatabase(path: path, mode: .readWriteCreate)
        var sql = """
            CREATE TABLE people (id INTEGER PRIMARY KEY, full_name TEXT NOT NULL, email TEXT);
            CREATE TABLE shipments (id INTEGER PRIMARY KEY, x TEXT, party TEXT);
            """
        let surnames = FreeTextDraftTests.surnames
        for i in 0..<40 {
            let name = "\(FreeTextDraftTests.givenNames[i % 6]) \(surnames[(i / 6) % surnames.count])"
            sql += "INSERT INTO people VALUES (\(i), '\(name)', 'p\(i)@example.org');\n"
            sql += "INSERT INTO shipments VALUES (\(i), '\(name)', 'Depot \(i % 3)');\n"
        }
        try db.execute(sql)
        let source = Endpoint.sqlite(path: path)
        let (report, rules) = try Fixtures.draft(source, in: directory)
        let copy = try #require(report.tables.first { $0.table.name.name == "shipments" }?.column("x"))
        #expect(copy.finding?.overlaps == "main.people.full_name")
        #expect(copy.rule == ProposedRule(.fake(.fullName), domain: "main.people.full_name"))
        #expect(report.tables.first { $0.table.name.name == "shipments" }?.column("party")?.rule == .keep)

        let target = Endpoint.sqlite(path: directory.appendingPathComponent("masked.sqlite").path)
        try Fixtures.mask(source, target, rulesPath: rules)
        let masked = try Fixtures.values(target, "people", "full_name")
        #expect(try Fixtures.values(target, "shipments", "x") == masked, "the copy masks like its source")
        #expect(Set(masked).isDisjoint(with: try Fixtures.values(source, "people", "full_name")))
    }
}
