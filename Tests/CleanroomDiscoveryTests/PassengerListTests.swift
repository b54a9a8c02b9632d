import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

@testable import CleanroomDiscovery

/// A register written the way passenger lists and parish books write people: `Surname, Title. Given
/// names (Maiden name)` under a column called only `name`, a hometown as `Town, County, Country`, and a
/// destination that is often a hometown of another row. `scan`'s untouched draft must mask all three
/// so that `mask` runs and keeps no name, and `check` must refuse what `mask` would refuse.
@Suite("Registers: titled names, hometowns and destinations")
struct PassengerListTests {
    static let titles = ["Mr.", "Mrs.", "Miss.", "Master.", "Dr.", "Rev."]
    static let towns = [
        "Kingsbridge, Devon, England", "Lake Louise, Alberta, Canada", "Tromsdal, Troms, Norway",
        "Ashwell, Hertfordshire, England", "Pine Hollow, Ohio, US", "Glenmora, Galway, Ireland",
    ]

    /// `ports` holds the towns as reference data when `ports` is set.
    static func makeSource(at path: String, ports: Bool = false) throws {
        let db = try SQLiteDatabase(path: path, mode: .readWriteCreate)
        var sql = """
            CREATE TABLE passengers (id INTEGER PRIMARY KEY, name TEXT, hometown TEXT, destination TEXT);
            CREATE TABLE ports (id INTEGER PRIMARY KEY, label TEXT);
            """
        let surnames = FreeTextDraftTests.surnames
        let given = FreeTextDraftTests.givenNames
        for i in 0..<60 {
            let title = titles[i % titles.count]
            var name =
                "\(surnames[i % surnames.count]), \(title) \(given[i % given.count]) \(given[(i / 3) % given.count])"
            if title == "Mrs." { name += " (\(given[(i + 1) % given.count]) \(surnames[(i + 2) % surnames.count]))" }
            let hometown = towns[i % towns.count]
            let destination = i % 4 == 0 ? "New Harbour" : towns[(i + 1) % towns.count]
            sql += "INSERT INTO passengers VALUES (\(i), '\(name)', '\(hometown)', '\(destination)');\n"
        }
        for (i, town) in towns.enumerated() where ports { sql += "INSERT INTO ports VALUES (\(i), '\(town)');\n" }
        try db.execute(sql)
    }

    @Test(
        "the draft fakes titled names, the hometown, and the destination in the hometown's domain; mask keeps no name")
    func draftMasksTheRegister() throws {
        let directory = try TestPaths.temporaryDirectory("passenger-list")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("source.sqlite").path
        try Self.makeSource(at: path)
        let source = Endpoint.sqlite(path: path)
        let (report, rules) = try Fixtures.draft(source, in: directory)
        let passengers = try #require(report.tables.first { $0.table.name.name == "passengers" })
        #expect(passengers.column("name")?.rule == ProposedRule(.fake(.fullName)))
        #expect(passengers.column("hometown")?.finding?.dataClass == .city)
        #expect(passengers.column("destination")?.finding?.overlaps == "main.passengers.hometown")
        #expect(passengers.column("destination")?.rule.domain == "main.passengers.hometown")

        let target = Endpoint.sqlite(path: directory.appendingPathComponent("masked.sqlite").path)
        let result = try Fixtures.mask(source, target, rulesPath: rules)
        #expect(result.leakProbe.hits == 0)
        let sourceNames = try Fixtures.values(source, "passengers", "name")
        let maskedNames = try Fixtures.values(target, "passengers", "name")
        #expect(Set(maskedNames).isDisjoint(with: sourceNames))
        #expect(maskedNames.allSatisfy { !$0.contains(",") && !$0.contains("(") }, "a fake full name, not the source's")
    }

    @Test("the same places in another table are reference data, not a person's: the draft keeps them")
    func placesElsewhereAreKept() throws {
        let directory = try TestPaths.temporaryDirectory("passenger-ports")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("source.sqlite").path
        try Self.makeSource(at: path, ports: true)
        let (report, _) = try Fixtures.draft(.sqlite(path: path), in: directory)
        let label = try #require(report.tables.first { $0.table.name.name == "ports" }?.column("label"))
        #expect(label.rule == .keep && label.finding?.overlaps == nil)
    }

    @Test("check's sample probe refuses a redacted destination equal to masked hometowns, as mask does")
    func checkAgreesWithMask() throws {
        let directory = try TestPaths.temporaryDirectory("passenger-probe")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("source.sqlite").path
        try Self.makeSource(at: path)
        let text = """
            version: 1
            tables:
              main.passengers:
                columns: { id: keep, name: { fake: full_name }, hometown: { fake: city }, destination: redact }
              main.ports:
                columns: { id: keep, label: keep }
            """
        let rules = try RulesParser.parse(text, path: "register.yaml")
        let connection = try ConnectorFactory.source(.sqlite(path: path))
        let findings = try SampleProbe.findings(
            RulesValidator.validate(rules, against: connection.introspect()), source: connection, sampleSize: 100)
        let destination = try #require(findings.first { $0.column == "main.passengers.destination" })
        #expect(destination.sources == ["main.passengers.hometown"])
        // Destinations holding a word redact takes for a name (`Lake Louise`) change, so they are no
        // copies; the rest are.
        #expect((1...45).contains(destination.valueHits), "\(destination.valueHits) of 45 copies")
        #expect(destination.wordHits == 0)

        #expect {
            try Fixtures.mask(
                .sqlite(path: path), .sqlite(path: directory.appendingPathComponent("leak.sqlite").path), rules: rules)
        } throws: { error in
            guard case PipelineError.leakDetected(_, let columns, _) = error else { return false }
            return columns.contains("main.passengers.destination")
        }
    }
}
