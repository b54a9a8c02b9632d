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

    @Test("logins built from the name columns' words (SKING, jsmith42) are user names, masked unique; codes stay")
    func loginsFromNames() throws {
        let directory = try TestPaths.temporaryDirectory("scan-logins")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("source.sqlite").path
        let db = try SQLiteDatabase(path: path, mode: .readWriteCreate)
        var sql = """
            CREATE TABLE staff (id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, code TEXT, sku TEXT);
            """
        let surnames = FreeTextDraftTests.surnames
        for i in 0..<36 {
            let given = FreeTextDraftTests.givenNames[i % 6]
            let surname = surnames[(i / 6) % surnames.count]
            // Oracle HR's style (initial and surname, upper case), or a lower-case one with digits.
            let login =
                i % 2 == 0
                ? "\(given.prefix(1))\(surname.replacingOccurrences(of: "-", with: ""))".uppercased()
                : "\(given.prefix(1).lowercased())\(surname.lowercased().replacingOccurrences(of: "-", with: ""))\(i)"
            sql +=
                "INSERT INTO staff VALUES (\(i), '\(given)', '\(surname)', '\(login)', 'S\(10 + i % 9)_\(1000 + i)');\n"
        }
        try db.execute(sql)
        let source = Endpoint.sqlite(path: path)
        let (report, rules) = try Fixtures.draft(source, in: directory)
        let staff = try #require(report.tables.first { $0.table.name.name == "staff" })
        let code = try #require(staff.column("code"))
        #expect(code.finding?.dataClass == .username && code.finding?.confidence == .medium)
        #expect(code.finding?.evidence.contains("are logins built from words of main.staff.last_name") == true)
        #expect(code.rule == ProposedRule(.fake(.username), unique: true))
        #expect(staff.column("sku")?.rule == .keep, "product codes are built from no name")

        let target = Endpoint.sqlite(path: directory.appendingPathComponent("masked.sqlite").path)
        try Fixtures.mask(source, target, rulesPath: rules)
        let masked = try Fixtures.values(target, "staff", "code").joined(separator: " ").lowercased()
        for surname in surnames {
            #expect(!masked.contains(surname.lowercased().replacingOccurrences(of: "-", with: "")), "\(surname)")
        }
    }
}
