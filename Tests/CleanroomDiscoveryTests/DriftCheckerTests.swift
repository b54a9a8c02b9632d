import CleanroomConnectors
import CleanroomDiscovery
import CleanroomMasking
import Foundation
import TestSupport
import Testing

@Suite("Drift between rules and a CSV directory")
struct DriftCheckerTests {
    @Test("renamed and removed tables, removed columns, and a clean pass")
    func tables() throws {
        let directory = try TestPaths.temporaryDirectory("drift-csv")
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try "id,email,city\n1,ann@example.com,Oslo\n2,bo@example.com,Bergen\n".write(
            to: data.appendingPathComponent("people.csv"), atomically: true, encoding: .utf8)
        try "id,label\n1,red\n".write(to: data.appendingPathComponent("colours.csv"), atomically: true, encoding: .utf8)
        let draft = try Fixtures.draft(.csv(directory: data.path), in: directory)
        let rules = try RulesParser.load(path: draft.path)

        let clean = try DriftChecker.check(rules, against: CSVSource(directory: data.path))
        #expect(clean.items.isEmpty && clean.exitStatus == .ok)

        // Hand-written rules may leave the schema out; a kept city beside e-mails is reported, not fatal.
        let handWritten = try RulesParser.parse(
            """
            version: 1
            tables:
              people: { columns: { id: keep, email: { fake: email }, city: keep } }
              colours: { columns: { id: keep, label: keep } }
            """, path: "hand.yaml")
        let lenient = try DriftChecker.check(handWritten, against: CSVSource(directory: data.path))
        #expect(lenient.items.map(\.kind) == [.keptLooksPersonal] && lenient.items.first?.subject == "main.people.city")
        #expect(lenient.exitStatus == .ok)
        #expect(
            try DriftChecker.check(handWritten, against: CSVSource(directory: data.path), strict: true).exitStatus
                == .guardRefused)

        try FileManager.default.moveItem(
            at: data.appendingPathComponent("people.csv"), to: data.appendingPathComponent("persons.csv"))
        try "id\n1\n".write(to: data.appendingPathComponent("colours.csv"), atomically: true, encoding: .utf8)
        let drift = try DriftChecker.check(rules, against: CSVSource(directory: data.path))
        #expect(drift.items(.renamedTable).map(\.subject) == ["main.persons"])
        #expect(drift.items(.removedColumn).map(\.subject) == ["main.colours.label"])
        #expect(drift.items(.newTable).isEmpty && drift.uncoveredColumns.isEmpty)
        #expect(drift.exitStatus == .guardRefused)

        try FileManager.default.removeItem(at: data.appendingPathComponent("persons.csv"))
        let removed = try DriftChecker.check(rules, against: CSVSource(directory: data.path))
        #expect(removed.items(.removedTable).map(\.subject) == ["main.people"])
        #expect(throws: DiscoveryError.invalidSampleSize(-1)) {
            try DriftChecker.check(rules, against: CSVSource(directory: data.path), sampleSize: -1)
        }
    }
}
