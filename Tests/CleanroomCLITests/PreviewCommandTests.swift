import CleanroomConnectors
import Foundation
import TestSupport
import Testing

/// `cleanroom preview` through the binary on a SQLite source: before/after rows masked as `mask`
/// masks them, nothing written, the same fail-closed validation.
@Suite("cleanroom preview on SQLite")
struct PreviewCommandTests {
    /// A workspace with `source.db`: `person` (12 rows, personal columns), `city` (3 rows, all kept)
    /// and `audit` (`rows: none`).
    struct Setup {
        let runner: CommandLineRunner
        let folder: URL
        var source: String { "sqlite:" + folder.appendingPathComponent("source.db").path }
        var rules: String { folder.appendingPathComponent("rules.yaml").path }

        static let personRules =
            "{ id: keep, email: { fake: email, unique: true }, phone: { fpe: digits }, note: filler, name: keep }"

        init(personColumns: String = Setup.personRules) throws {
            runner = try CommandLineRunner()
            folder = runner.home.deletingLastPathComponent()
            let database = try SQLiteDatabase(
                path: folder.appendingPathComponent("source.db").path, mode: .readWriteCreate)
            let people = (1...12).map { i in
                "(\(i), 'person\(i)@mail.test', '555-\(100 + i)-\(4000 + i)', 'note number \(i) about a customer', "
                    + "'Name \(i)')"
            }
            try database.execute(
                """
                CREATE TABLE person (id INTEGER PRIMARY KEY, email TEXT NOT NULL, phone TEXT, note TEXT, name TEXT);
                INSERT INTO person VALUES \(people.joined(separator: ", "));
                CREATE TABLE city (id INTEGER PRIMARY KEY, name TEXT);
                INSERT INTO city VALUES (1, 'Lyon'), (2, 'Leeds'), (3, 'Linz');
                CREATE TABLE audit (id INTEGER PRIMARY KEY, what TEXT);
                INSERT INTO audit VALUES (1, 'person1@mail.test logged in');
                """)
            try """
            version: 1
            tables:
              person:
                columns: \(personColumns)
              city:
                columns: { id: keep, name: keep }
              audit: { rows: none }

            """.write(toFile: rules, atomically: true, encoding: .utf8)
        }

        func preview(_ extra: [String] = [], environment: [String: String] = [:]) throws -> CommandLineRunner.Outcome {
            try runner.run(["preview", "--source", source, "--rules", rules] + extra, extraEnvironment: environment)
        }

        /// Every file under the workspace's folder, with its size, to show nothing was written.
        func files() throws -> [String: Int] {
            var out: [String: Int] = [:]
            let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey])
            while let url = enumerator?.nextObject() as? URL {
                out[url.path] = try url.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? -1
            }
            return out
        }
    }

    @Test("masked columns differ, kept columns equal, source cells are the source's rows, nothing is written")
    func beforeAndAfter() throws {
        let setup = try Setup()
        defer { setup.runner.cleanUp() }
        let before = try setup.files()
        let outcome = try setup.preview(["--cell-width", "80"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try setup.files() == before)
        #expect(!FileManager.default.fileExists(atPath: setup.runner.ledgerPath))
        #expect(outcome.stderr.contains("nothing written (no target, no evidence)"), "\(outcome.stderr)")

        let output = try PreviewOutput(outcome.stdout)
        #expect(output.tables.map(\.name) == ["main.person", "main.city", "main.audit"])
        let person = try #require(output.table("main.person"))
        #expect(person.heading == "main.person: 10 rows")
        #expect(person.columns == ["id", "email", "phone", "note", "name"])
        #expect(person.masked == [false, true, true, true, false])
        #expect(person.rules == ["keep", "fake:email", "fpe:digits", "filler", "keep"])
        #expect(person.source.count == 10 && person.output.count == 10)
        let rows = try Fixtures.keyed(Endpoint(parsing: setup.source), "person", by: "id")
        for (source, masked) in zip(person.source, person.output) {
            let row = try #require(rows[source[0]])
            #expect(source == person.columns.map { row[$0]! ?? "NULL" })
            #expect(masked[0] == source[0] && masked[4] == source[4])
            for i in 1...3 { #expect(masked[i] != source[i], "\(person.columns[i]): \(masked[i])") }
        }
        #expect(Set(person.maskedColumn("email")).count == 10)  // unique: true
        #expect(person.maskedColumn("phone").allSatisfy { $0.wholeMatch(of: /\d{3}-\d{3}-\d{4}/) != nil })

        let city = try #require(output.table("main.city"))
        #expect(city.masked == [false, false] && city.source == city.output && city.source.count == 3)
        #expect(output.table("main.audit")?.heading == "main.audit: rows: none, structure only; no rows are copied")
        #expect(!outcome.stdout.contains("logged in"))
    }

    @Test("the masked lines are what `mask` writes with the same key")
    func agreesWithMask() throws {
        let setup = try Setup()
        defer { setup.runner.cleanUp() }
        let preview = try setup.preview(["--rows", "12", "--cell-width", "80"])
        #expect(preview.status == 0, "\(preview.stderr)")
        let target = "sqlite:" + setup.folder.appendingPathComponent("masked.db").path
        let mask = try setup.runner.run([
            "mask", "--source", setup.source, "--target", target, "--rules", setup.rules, "--quiet",
        ])
        #expect(mask.status == 0, "\(mask.stderr)")
        let person = try #require(try PreviewOutput(preview.stdout).table("main.person"))
        let written = try Fixtures.keyed(Endpoint(parsing: target), "person", by: "id")
        #expect(person.output.count == 12 && written.count == 12)
        for masked in person.output {
            let row = try #require(written[masked[0]])
            #expect(masked == person.columns.map { row[$0]! ?? "NULL" })
        }
    }

    @Test("a column without a rule: exit 3 with mask's error, naming the column; nothing written")
    func uncoveredColumn() throws {
        let setup = try Setup(personColumns: "{ id: keep, email: { fake: email }, phone: keep, note: keep }")
        defer { setup.runner.cleanUp() }
        let before = try setup.files()
        let preview = try setup.preview()
        #expect(preview.status == 3)
        #expect(preview.stdout.isEmpty)
        #expect(preview.stderr.contains("main.person.name"), "\(preview.stderr)")
        #expect(try setup.files() == before)
        let mask = try setup.runner.run([
            "mask", "--source", setup.source, "--target",
            "sqlite:" + setup.folder.appendingPathComponent("masked.db").path, "--rules", setup.rules, "--quiet",
        ])
        #expect(mask.status == 3)
        #expect(preview.stderr == mask.stderr)
    }

    @Test("--table and --rows choose what is read; an unknown table or no rows is a usage error")
    func tableAndRows() throws {
        let setup = try Setup()
        defer { setup.runner.cleanUp() }
        let one = try setup.preview(["--table", "person", "--rows", "3"])
        #expect(one.status == 0, "\(one.stderr)")
        let person = try PreviewOutput(one.stdout)
        #expect(person.tables.map(\.name) == ["main.person"])
        #expect(person.tables.first?.source.count == 3 && person.tables.first?.output.count == 3)
        #expect(person.tables.first?.sourceColumn("id") == ["1", "2", "3"])

        let two = try setup.preview(["--table", "person", "--table", "main.city", "--rows", "1"])
        #expect(two.status == 0, "\(two.stderr)")
        let both = try PreviewOutput(two.stdout)
        #expect(both.tables.map(\.name) == ["main.person", "main.city"])  // the plan's order
        #expect(both.tables.map(\.source.count) == [1, 1])

        let unknown = try setup.preview(["--table", "nobody"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--table nobody is not a table of the rules"), "\(unknown.stderr)")
        let none = try setup.preview(["--rows", "0"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("--rows 0"), "\(none.stderr)")
    }

    @Test("a table's where: selects the rows read, and its heading says so")
    func filter() throws {
        let setup = try Setup()
        defer { setup.runner.cleanUp() }
        let rules = try String(contentsOfFile: setup.rules, encoding: .utf8)
            .replacingOccurrences(of: "  person:\n", with: "  person:\n    where: \"id > 10\"\n")
        try rules.write(toFile: setup.rules, atomically: true, encoding: .utf8)
        let outcome = try setup.preview(["--table", "person"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let person = try #require(try PreviewOutput(outcome.stdout).table("main.person"))
        #expect(person.heading == "main.person (where: id > 10): 2 rows")
        #expect(person.sourceColumn("id") == ["11", "12"] && person.maskedColumn("id") == ["11", "12"])
    }

    @Test("cells are cut with an ellipsis and control characters print as escapes")
    func safeCells() throws {
        let setup = try Setup()
        defer { setup.runner.cleanUp() }
        let database = try SQLiteDatabase(
            path: setup.folder.appendingPathComponent("source.db").path, mode: .readWriteCreate)
        try database.execute("UPDATE city SET name = 'L' || char(27) || 'y' || char(10) WHERE id = 1")
        let outcome = try setup.preview(["--cell-width", "12"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(!outcome.stdout.contains("\u{1B}"))
        let output = try PreviewOutput(outcome.stdout)
        #expect(output.table("main.city")?.sourceColumn("name").first == #"L\x1by\n"#)
        let person = try #require(output.table("main.person"))
        #expect(person.sourceColumn("note").first == "note number…")
        #expect(person.sourceColumn("email").first == "person1@mai…")
        for row in person.source + person.output { #expect(row.allSatisfy { $0.count <= 12 }, "\(row)") }
    }

    @Test("colour on a terminal, the * marker off one and with NO_COLOR; --color always and never")
    func highlighting() throws {
        let setup = try Setup()
        defer { setup.runner.cleanUp() }
        let forced = try setup.preview(["--table", "person", "--color", "always"])
        #expect(forced.stdout.contains("\u{1B}[1;33memail\u{1B}[0m"))
        #expect(!forced.stdout.contains("email*"))
        #expect(try setup.preview(["--table", "person", "--color", "never"]).stdout.contains("email*"))

        // A pseudo-terminal from util-linux `script`: auto colours there, unless NO_COLOR is set.
        func onTerminal(_ environment: [String: String]) throws -> Subprocess.Outcome {
            var env = ProcessInfo.processInfo.environment
            env["CLEANROOM_HOME"] = setup.runner.home.path
            env["XDG_CONFIG_HOME"] = setup.runner.configHome.path
            env["TERM"] = "xterm"
            env.removeValue(forKey: "NO_COLOR")
            env.merge(environment) { $1 }
            let command = [CommandLineRunner.binary.path, "preview", "--source", setup.source, "--rules", setup.rules]
                .map { "'\($0)'" }.joined(separator: " ")
            return try Subprocess.start(
                URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"], environment: env
            ).wait()
        }
        let terminal = try onTerminal([:])
        #expect(terminal.status == 0, "\(terminal.all)")
        #expect(terminal.stdout.contains("\u{1B}[1;33memail\u{1B}[0m"), "\(terminal.stdout)")
        let noColor = try onTerminal(["NO_COLOR": "1"])
        #expect(noColor.status == 0, "\(noColor.all)")
        #expect(noColor.stdout.contains("email*") && !noColor.stdout.contains("\u{1B}["), "\(noColor.stdout)")
    }
}
