import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

/// Equalities the leak probe must tell from leaks: a value a text-preserving transform wrote that
/// some real person's value equals by chance, and a common word that two columns share. Real ones
/// are still caught: an unchanged copy, and a name.
@Suite("Leak probe: chance equalities")
struct ProbeCoincidenceTests {
    static let rules = """
        version: 1
        tables:
          shows:
            columns: { id: keep, title: redact, director: { fake: full_name }, cast: filler, note: keep }
        """

    /// A catalogue whose first show is titled after a person, `redact` replacing that name. `cast` is
    /// masked free text: it feeds the probe but not the run vocabulary (which `redact` never writes).
    static func makeSource(
        at path: String, rows: [(title: String, director: String, cast: String, note: String)]
    ) throws {
        let db = try SQLiteDatabase(path: path, mode: .readWriteCreate)
        var sql = "CREATE TABLE shows (id INTEGER PRIMARY KEY, title TEXT, director TEXT, cast TEXT, note TEXT);\n"
        for (i, row) in rows.enumerated() {
            sql += "INSERT INTO shows VALUES (\(i), '\(row.title)', '\(row.director)', '\(row.cast)', '\(row.note)');\n"
        }
        try db.execute(sql)
    }

    static let catalogue = [
        ("Mary Smith", "Olu Adeyemi", "Mary Smith", "live"), ("Quiet Harbour", "Tomasz Wrona", "a crew", "series"),
        ("Night Trains", "Ines Okafor", "the band", "documentary"),
    ]

    @Test("a name redact wrote that a masked column of another row holds is no hit; a kept copy of it is")
    func writtenFakeIsNoLeak() throws {
        let directory = try TestPaths.temporaryDirectory("probe-written-fake")
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = try RulesParser.parse(Self.rules, path: "shows.yaml")
        let first = directory.appendingPathComponent("first.sqlite").path
        try Self.makeSource(at: first, rows: Self.catalogue)
        let firstOut = Endpoint.sqlite(path: directory.appendingPathComponent("first-out.sqlite").path)
        try Fixtures.mask(.sqlite(path: first), firstOut, rules: rules)
        let written = try #require(Fixtures.values(firstOut, "shows", "title").first)
        #expect(written != "Mary Smith", "redact replaced the name")

        // Another show whose cast is a real person bearing exactly the name redact wrote.
        let second = directory.appendingPathComponent("second.sqlite").path
        try Self.makeSource(at: second, rows: Self.catalogue + [("Low Tide", "Ada Brook", written, "film")])
        let secondOut = Endpoint.sqlite(path: directory.appendingPathComponent("second-out.sqlite").path)
        let result = try Fixtures.mask(.sqlite(path: second), secondOut, rules: rules)
        let titles = try Fixtures.values(secondOut, "shows", "title")
        #expect(titles.first == written, "the same name written again: \(titles), \(written)")
        #expect(result.leakProbe.hits == 0)

        // The same value kept as it is: a copy of the cast, a leak.
        let third = directory.appendingPathComponent("third.sqlite").path
        try Self.makeSource(at: third, rows: Self.catalogue + [("Low Tide", "Ada Brook", written, written)])
        #expect {
            try Fixtures.mask(
                .sqlite(path: third), .sqlite(path: directory.appendingPathComponent("third-out.sqlite").path),
                rules: rules)
        } throws: { error in
            guard case PipelineError.leakDetected(_, let columns, _) = error else { return false }
            return columns == ["main.shows.note"]
        }
    }

    @Test("one common word in a kept column equal to a masked value is public; a name is not")
    func commonWordIsPublic() throws {
        let directory = try TestPaths.temporaryDirectory("probe-common-word")
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = try RulesParser.parse(Self.rules, path: "shows.yaml")
        let common = directory.appendingPathComponent("common.sqlite").path
        try Self.makeSource(at: common, rows: Self.catalogue + [("Perfume", "Ada Brook", "Perfume", "Perfume")])
        let result = try Fixtures.mask(
            .sqlite(path: common), .sqlite(path: directory.appendingPathComponent("common-out.sqlite").path),
            rules: rules)
        #expect(result.leakProbe.hits == 0)

        let name = directory.appendingPathComponent("name.sqlite").path
        try Self.makeSource(at: name, rows: Self.catalogue + [("Rose", "Rose", "Rose", "Rose")])
        #expect {
            try Fixtures.mask(
                .sqlite(path: name), .sqlite(path: directory.appendingPathComponent("name-out.sqlite").path),
                rules: rules)
        } throws: { error in
            guard case PipelineError.leakDetected(_, let columns, _) = error else { return false }
            return columns.contains("main.shows.note")
        }
    }
}
