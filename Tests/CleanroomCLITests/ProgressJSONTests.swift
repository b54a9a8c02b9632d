import CleanroomConnectors
import Foundation
import TestSupport
import Testing

/// `--progress json`: one JSON object a line on standard error, in order, with every step timed.
@Suite("progress as JSON lines")
struct ProgressJSONTests {
    @Test(
        "mask --progress json: steps started and finished in order, each table's rows, nothing on stdout but the summary"
    )
    func jsonLines() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        let folder = runner.home.deletingLastPathComponent()
        let source = folder.appendingPathComponent("source.db").path
        let database = try SQLiteDatabase(path: source, mode: .readWriteCreate)
        let people = (1...300).map { "(\($0), 'person\($0)@mail.test', 'city \($0 % 7)')" }
        try database.execute(
            """
            CREATE TABLE person (id INTEGER PRIMARY KEY, email TEXT NOT NULL, city TEXT);
            INSERT INTO person VALUES \(people.joined(separator: ", "));
            CREATE TABLE tag (id INTEGER PRIMARY KEY, name TEXT);
            INSERT INTO tag VALUES (1, 'a'), (2, 'b');
            """)
        let rules = folder.appendingPathComponent("rules.yaml").path
        try """
        version: 1
        tables:
          person:
            columns: { id: keep, email: { fake: email, unique: true }, city: keep }
          tag:
            columns: { id: keep, name: keep }

        """.write(toFile: rules, atomically: true, encoding: .utf8)
        let outcome = try runner.run(
            [
                "mask", "--source", "sqlite:" + source, "--target",
                "sqlite:" + folder.appendingPathComponent("t.db").path,
                "--rules", rules, "--progress", "json",
            ],
            extraEnvironment: ["CLEANROOM_PROGRESS_INTERVAL": "0"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("masked 2 tables, 302 rows"), "\(outcome.stdout)")

        // Every line that opens a JSON object is one; the others are notes (the ledger entry).
        let events = try outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("{") }.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
        #expect(
            outcome.stderr.split(separator: "\n").filter { !$0.hasPrefix("{") }.allSatisfy {
                $0.hasPrefix("evidence: ")
            })
        // JSON numbers, whole or not.
        func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }
        let elapsed = events.compactMap { number($0["elapsed"]) }
        #expect(elapsed.count == events.count && elapsed == elapsed.sorted(), "lines in the order they happened")

        // Steps: each started once and finished once, one at a time, the table copy among them.
        var open: String?
        var finished: [String: Double] = [:]
        for event in events {
            switch event["event"] as? String {
            case "step-started":
                #expect(open == nil, "\(event): \(open ?? "")")
                open = event["step"] as? String
            case "step-finished":
                let step = try #require(event["step"] as? String)
                #expect(step == open)
                finished[step] = try #require(number(event["seconds"]))
                open = nil
            default:
                break
            }
        }
        #expect(open == nil)
        #expect(finished.keys.contains("copying tables"), "\(finished)")
        #expect(finished.keys.contains("verifying the target (digests and leak probe)"), "\(finished)")

        func matching(_ kind: String, _ table: String) -> [[String: Any]] {
            events.filter { $0["event"] as? String == kind && $0["table"] as? String == table }
        }
        for (table, rows) in [("main.person", 300), ("main.tag", 2)] {
            #expect(matching("table-started", table).count == 1)
            let done = try #require(matching("table-finished", table).first, "\(table)")
            #expect(number(done["rows"]) == Double(rows))
            #expect(number(done["bytes"]) ?? 0 > 0)
            let progress = matching("table-progress", table)
            #expect(!progress.isEmpty, "with interval 0 every batch reports")
            #expect(progress.allSatisfy { number($0["rows"]) != nil && number($0["bytesPerSecond"]) != nil })
        }
    }
}
