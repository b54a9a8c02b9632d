import CleanroomConnectors
import Foundation
import TestSupport
import Testing

/// The exit statuses of docs/architecture.md, through the binary: 0 done, 1 run failed, 2 usage or
/// configuration (also for command lines ArgumentParser rejects, which it would end with 64),
/// 3 refused (a guard, or a target that exists). SQLite sources: no server needed.
@Suite("cleanroom exit statuses")
struct ExitStatusTests {
    /// A workspace with `source.db` (table `person`: id, email) and rules giving `columns` for it.
    struct Setup {
        let runner: CommandLineRunner
        let folder: URL
        var source: String { "sqlite:" + folder.appendingPathComponent("source.db").path }
        var rules: String { folder.appendingPathComponent("rules.yaml").path }

        init(columns: String = "{ id: keep, email: { fake: email } }") throws {
            runner = try CommandLineRunner()
            folder = runner.home.deletingLastPathComponent()
            let database = try SQLiteDatabase(
                path: folder.appendingPathComponent("source.db").path, mode: .readWriteCreate)
            try database.execute(
                """
                CREATE TABLE person (id INTEGER PRIMARY KEY, email TEXT NOT NULL);
                INSERT INTO person VALUES (1, 'ann@mail.test'), (2, 'bob@mail.test');
                """)
            try "version: 1\ntables:\n  person:\n    columns: \(columns)\n".write(
                toFile: rules, atomically: true, encoding: .utf8)
        }

        func mask(target: String) throws -> CommandLineRunner.Outcome {
            try runner.run(["mask", "--source", source, "--target", target, "--rules", rules, "--quiet"])
        }
    }

    @Test(
        "command lines ArgumentParser rejects exit 2 (not 64) with its message",
        arguments: [
            (["mask"], "Missing expected argument '--source"),
            (["no-such-command"], "Unexpected argument 'no-such-command'"),
            (
                ["mask", "--source", "a", "--target", "b", "--rules", "c", "--jobs", "many"],
                "'many' is invalid for '--jobs"
            ),
        ])
    func usage(arguments: [String], message: String) throws {
        let outcome = try CommandLineRunner.runWithoutWorkspace(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
    }

    @Test("--help and --version print to stdout and exit 0")
    func helpAndVersion() throws {
        let help = try CommandLineRunner.runWithoutWorkspace(["--help"])
        #expect(help.status == 0 && help.stdout.contains("Exit codes: 0 ok"))
        let version = try CommandLineRunner.runWithoutWorkspace(["--version"])
        #expect(version.status == 0 && version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    @Test("a masked copy exits 0; again into the same file, the target exists: exit 3 and the file is left as it was")
    func targetExists() throws {
        let setup = try Setup()
        defer { setup.runner.cleanUp() }
        let target = setup.folder.appendingPathComponent("masked.db").path
        let first = try setup.mask(target: "sqlite:" + target)
        #expect(first.status == 0, "\(first.stderr)")
        let before = try Data(contentsOf: URL(fileURLWithPath: target))
        let again = try setup.mask(target: "sqlite:" + target)
        #expect(again.status == 3)
        #expect(again.stderr.contains("already exists"), "\(again.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == before)
    }

    @Test("a column without a rule is a guard refusal: exit 3")
    func uncoveredColumn() throws {
        let setup = try Setup(columns: "{ id: keep }")
        defer { setup.runner.cleanUp() }
        let outcome = try setup.mask(target: "sqlite:" + setup.folder.appendingPathComponent("masked.db").path)
        #expect(outcome.status == 3)
        #expect(outcome.stderr.contains("main.person.email"), "\(outcome.stderr)")
    }

    @Test("a rules file with an unknown transform is a configuration error: exit 2")
    func configuration() throws {
        let setup = try Setup(columns: "{ id: keep, email: { scramble: true } }")
        defer { setup.runner.cleanUp() }
        let outcome = try setup.mask(target: "sqlite:" + setup.folder.appendingPathComponent("masked.db").path)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("scramble"), "\(outcome.stderr)")
    }

    @Test("a source that cannot be opened is a failed run: exit 1")
    func runFailed() throws {
        let setup = try Setup()
        defer { setup.runner.cleanUp() }
        let missing = setup.folder.appendingPathComponent("missing/source.db").path
        let outcome = try setup.runner.run([
            "mask", "--source", "sqlite:" + missing, "--target",
            "sqlite:" + setup.folder.appendingPathComponent("masked.db").path,
            "--rules", setup.rules, "--quiet",
        ])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains(missing), "\(outcome.stderr)")
    }
}

/// Key inputs an operator gets wrong: each a configuration error (exit 2) that says what to do.
@Suite("cleanroom key input errors")
struct KeyInputTests {
    @Test("a missing signing key: exit 2, naming the file and `keys init`, and no target")
    func missingSigningKey() throws {
        let setup = try ExitStatusTests.Setup()
        defer { setup.runner.cleanUp() }
        let target = setup.folder.appendingPathComponent("masked.db").path
        let outcome = try setup.runner.run([
            "mask", "--source", setup.source, "--target", "sqlite:" + target, "--rules",
            setup.rules, "--quiet", "--signing-key", "/nonexistent.key",
        ])
        #expect(outcome.status == 2)
        #expect(
            outcome.stderr.contains("no signing key at /nonexistent.key: run `cleanroom keys init`"),
            "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test("80 non-hex characters as the masking key are refused, not taken as base64: exit 2")
    func ambiguousMaskingKey() throws {
        let setup = try ExitStatusTests.Setup()
        defer { setup.runner.cleanUp() }
        let target = setup.folder.appendingPathComponent("masked.db").path
        let outcome = try setup.runner.run(
            [
                "mask", "--source", setup.source, "--target", "sqlite:" + target, "--rules",
                setup.rules, "--quiet",
            ],
            extraEnvironment: ["CLEANROOM_MASKING_KEY": String(repeating: "z", count: 80)])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("prefix the text with `hex:` or `base64:`"), "\(outcome.stderr)")
        #expect(!outcome.all.contains("zzzz"), "the key text is never echoed")
        #expect(!FileManager.default.fileExists(atPath: target))
    }
}

/// A ledger that cannot take the run's entry stops the run before anything is created.
@Suite("cleanroom with a damaged ledger")
struct DamagedLedgerTests {
    @Test("a half line at the ledger's end: mask refuses before creating the target, and appends nothing")
    func halfLine() throws {
        let setup = try ExitStatusTests.Setup()
        defer { setup.runner.cleanUp() }
        let first = try setup.mask(target: "sqlite:" + setup.folder.appendingPathComponent("first.db").path)
        #expect(first.status == 0, "\(first.stderr)")
        let ledger = URL(fileURLWithPath: setup.runner.ledgerPath)
        let handle = try FileHandle(forWritingTo: ledger)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"seq\":2,\"prev\":\"00".utf8))
        try handle.close()
        let before = try Data(contentsOf: ledger)

        let target = setup.folder.appendingPathComponent("second.db").path
        let second = try setup.mask(target: "sqlite:" + target)
        #expect(second.status == 1)
        #expect(second.stderr.contains("no terminating newline"), "\(second.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target), "no target ships without its evidence")
        #expect(try Data(contentsOf: ledger) == before)
    }
}
