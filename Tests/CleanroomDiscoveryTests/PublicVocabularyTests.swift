import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

@testable import CleanroomDiscovery

/// The probe's cross-column logic where a word or a value is shared by right: words a reference
/// table holds are public vocabulary, and `check`'s sample probe tells a copied value from a word.
@Suite("Public vocabulary and copied values in the leak probe")
struct PublicVocabularyTests {
    /// customers (a made-up surname), landmarks (public reference data naming a bridge after that
    /// surname), and notes mentioning the bridge, with `sender` copying the customer's e-mail.
    static func makeSource(at path: String) throws {
        let db = try SQLiteDatabase(path: path, mode: .readWriteCreate)
        var sql = """
            CREATE TABLE customers (id INTEGER PRIMARY KEY, last_name TEXT, email TEXT);
            CREATE TABLE landmarks (id INTEGER PRIMARY KEY, name TEXT);
            CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, sender TEXT);
            INSERT INTO landmarks VALUES (1, 'Vrzalovka Bridge');
            """
        for i in 0..<12 {
            let surname = i % 2 == 0 ? "Vrzalovka" : "Quendrith"
            sql += "INSERT INTO customers VALUES (\(i), '\(surname)', 'c\(i).\(surname.lowercased())@mail.example');\n"
            sql +=
                "INSERT INTO notes VALUES (\(i), 'parcel left at Vrzalovka Bridge', 'c\(i).\(surname.lowercased())@mail.example');\n"
        }
        try db.execute(sql)
    }

    static func rules(reference: Bool, sender: String) -> String {
        """
        version: 1
        tables:
          main.customers:
            columns: { id: keep, last_name: { fake: last_name }, email: { fake: email } }
          main.landmarks:
            reference: \(reference)
            columns: { id: keep, name: keep }
          main.notes:
            columns: { id: keep, body: keep, sender: \(sender) }
        """
    }

    @Test("a masked surname that a reference table also holds is not a leak in kept text; without the reference it is")
    func referenceWordsArePublic() throws {
        let directory = try TestPaths.temporaryDirectory("public-words")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("source.sqlite").path
        try Self.makeSource(at: path)
        let source = Endpoint.sqlite(path: path)
        let parse = { (text: String) in try RulesParser.parse(text, path: "public.yaml") }

        let result = try Fixtures.mask(
            source, .sqlite(path: directory.appendingPathComponent("ok.sqlite").path),
            rules: parse(Self.rules(reference: true, sender: "{ fake: email }")))
        #expect(result.leakProbe.wordHits == 0 && result.leakProbe.publicWordsDismissed == 1)

        #expect {
            try Fixtures.mask(
                source, .sqlite(path: directory.appendingPathComponent("leak.sqlite").path),
                rules: parse(Self.rules(reference: false, sender: "{ fake: email }")))
        } throws: { error in
            guard case PipelineError.wordsLeaked(_, let columns, let sources) = error else { return false }
            return columns == ["main.landmarks.name", "main.notes.body"]
                && sources["main.notes.body"]?.contains("main.customers.last_name") == true
        }
    }

    @Test("check's sample probe counts a kept copy of masked values as value hits, naming the masked column")
    func copiedValues() throws {
        let directory = try TestPaths.temporaryDirectory("sample-probe-values")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("source.sqlite").path
        try Self.makeSource(at: path)
        let connection = try ConnectorFactory.source(.sqlite(path: path))
        let validated = try RulesValidator.validate(
            RulesParser.parse(Self.rules(reference: true, sender: "keep"), path: "copy.yaml"),
            against: connection.introspect())
        let findings = try SampleProbe.findings(validated, source: connection, sampleSize: 100)
        let sender = try #require(findings.first { $0.column == "main.notes.sender" })
        #expect(sender.valueHits == 12 && sender.sampledValues == 12)
        // The copied addresses' local parts also hold the masked surnames: both columns are named.
        #expect(sender.sources == ["main.customers.email", "main.customers.last_name"])
        #expect(!findings.contains { $0.column == "main.notes.body" }, "the bridge is public vocabulary")
    }
}
