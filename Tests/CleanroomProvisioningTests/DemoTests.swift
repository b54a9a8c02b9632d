import CleanroomConnectors
import CleanroomEvidence
import CleanroomPipeline
import CleanroomProvisioning
import Foundation
import TestSupport
import Testing

@Suite("cleanroom demo")
struct DemoTests {
    /// Every personal value of the generated sample: names, e-mails, phones, card numbers, and the
    /// ones inside the JSON profiles and support notes.
    func samplePersonalValues(_ path: String) throws -> Set<String> {
        let database = try SQLiteDatabase(path: path, mode: .readOnly)
        var values: Set<String> = []
        for sql in [
            "SELECT first_name FROM customers", "SELECT last_name FROM customers", "SELECT email FROM customers",
            "SELECT phone FROM customers", "SELECT card_number FROM payments", "SELECT card_holder FROM payments",
            "SELECT json_extract(profile, '$.emergency_contact.name') FROM customers",
            "SELECT json_extract(profile, '$.emergency_contact.phone') FROM customers",
            "SELECT json_extract(profile, '$.contact.phone') FROM customers",
        ] {
            let statement = try database.prepare(sql)
            while try statement.step() { if let value = statement.text(0) { values.insert(value) } }
        }
        return values
    }

    @Test(
        "into an empty directory: sample, masked environment (0600) with no sample personal value, valid ledger, report; a second run works"
    )
    func demoFromScratch() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        let demo = try TestPaths.temporaryDirectory("cleanroom-demo-test")
        defer { try? FileManager.default.removeItem(at: demo) }
        let first = try runner.run(["demo", "--dir", demo.path])
        #expect(first.status == 0, "\(first.stderr)")
        let environment = demo.appendingPathComponent("environments/cr_demo-1.sqlite").path
        #expect(first.stdout.contains(environment) && first.stdout.contains("cleanroom evidence verify"))
        for file in [
            "prod-sample.sqlite", "report.html", ".cleanroom/keys/masking.key", ".cleanroom/evidence/ledger.jsonl",
        ] {
            #expect(FileManager.default.fileExists(atPath: demo.appendingPathComponent(file).path), "\(file)")
        }
        let mode = try #require(
            try FileManager.default.attributesOfItem(atPath: environment)[.posixPermissions] as? Int)
        #expect(mode == 0o600)

        let personal = try samplePersonalValues(demo.appendingPathComponent("prod-sample.sqlite").path)
        #expect(personal.count > 500)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: environment))
        let leaked = personal.filter { bytes.range(of: Data($0.utf8)) != nil }
        #expect(leaked.isEmpty, "sample values in the environment file: \(leaked.sorted().prefix(5))")
        let emails = try samplePersonalValues(environment).filter { $0.contains("@") }
        #expect(!emails.isEmpty, "the environment has (masked) e-mails")

        // The notes were rewritten only where they held personal data.
        let notes = try SQLiteDatabase(path: environment, mode: .readOnly).prepare(
            "SELECT note FROM support_notes WHERE note LIKE 'Refund%' LIMIT 1")
        #expect(try notes.step() && notes.text(0)?.hasPrefix("Refund approved for order") == true)

        let report = try String(contentsOf: demo.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.contains("demo-1") && report.contains("A 8.33"))

        let second = try runner.run(["demo", "--dir", demo.path])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("tore down the previous demo environment demo-1"))
        #expect(!FileManager.default.fileExists(atPath: environment))
        #expect(
            FileManager.default.fileExists(atPath: demo.appendingPathComponent("environments/cr_demo-2.sqlite").path))
        let verify = try runner.run(
            ["evidence", "verify"], extraEnvironment: ["CLEANROOM_HOME": demo.appendingPathComponent(".cleanroom").path]
        )
        #expect(verify.status == 0 && verify.stdout.contains("verdict: valid"), "\(verify.stdout)")
        let envs = try runner.run(
            ["envs", "--all", "--template", "demo-sqlite"], extraEnvironment: ["CLEANROOM_DEMO_DIR": demo.path])
        #expect(
            envs.stdout.contains("demo-1") && envs.stdout.contains("erased") && envs.stdout.contains("demo-2"),
            "\(envs.stdout)\(envs.stderr)")
    }

    @Test("the generated sample is the same on every run")
    func deterministicSample() throws {
        let directory = try TestPaths.temporaryDirectory("cleanroom-sample")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (a, b) = (
            directory.appendingPathComponent("a.sqlite").path, directory.appendingPathComponent("b.sqlite").path
        )
        try DemoSample.write(to: a)
        try DemoSample.write(to: b)
        let digests = try [a, b].map { try LiveDigestOfAll.digests(path: $0) }
        #expect(digests[0] == digests[1] && digests[0].count == 4)
        #expect(throws: ConnectorError.self) { try DemoSample.write(to: a) }
    }
}

/// Table digests of a whole SQLite file.
enum LiveDigestOfAll {
    static func digests(path: String) throws -> [String: String?] {
        let endpoint = Endpoint.sqlite(path: path)
        let tables = try ConnectorFactory.source(endpoint).introspect().tables.map(\.name.description)
        return try LiveDigest.digests(of: endpoint, tables: tables)
    }
}
