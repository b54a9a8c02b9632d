import CleanroomConnectors
import Foundation
import TestSupport
import Testing

/// What CI jobs lean on, on SQLite: the signing key from a secret file, `--github-env`, and a
/// teardown that tolerates a name never claimed.
@Suite("CI options")
struct CIOptionsTests {
    /// A workspace with `source.db` (table `person`), its rules, and the template `files` (SQLite
    /// environments in `envs/`) in `./templates`.
    struct Setup {
        let runner: CommandLineRunner
        var folder: URL { runner.home.deletingLastPathComponent() }
        var rules: String { folder.appendingPathComponent("rules.yaml").path }
        var source: String { "sqlite:" + folder.appendingPathComponent("source.db").path }

        init() throws {
            runner = try CommandLineRunner()
            let database = try SQLiteDatabase(
                path: folder.appendingPathComponent("source.db").path, mode: .readWriteCreate)
            let people = (1...20).map { "(\($0), 'person\($0)@mail.test')" }
            try database.execute(
                """
                CREATE TABLE person (id INTEGER PRIMARY KEY, email TEXT NOT NULL);
                INSERT INTO person VALUES \(people.joined(separator: ", "));
                """)
            try "version: 1\ntables:\n  person:\n    columns: { id: keep, email: { fake: email, unique: true } }\n"
                .write(toFile: rules, atomically: true, encoding: .utf8)
            let templates = folder.appendingPathComponent("templates")
            try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
            try """
            version: 1
            name: files
            source: \(source)
            rules: \(rules)
            target: sqlite:\(folder.appendingPathComponent("envs").path)
            classification: test
            ttl: 1h

            """.write(to: templates.appendingPathComponent("files.yaml"), atomically: true, encoding: .utf8)
        }

        func mask(
            _ target: String, _ extra: [String] = [], environment: [String: String] = [:]
        ) throws
            -> CommandLineRunner.Outcome
        {
            try runner.run(
                [
                    "mask", "--source", source, "--target", "sqlite:" + folder.appendingPathComponent(target).path,
                    "--rules", rules, "--quiet",
                ] + extra,
                extraEnvironment: environment)
        }
    }

    @Test("the signing key from CLEANROOM_SIGNING_KEY_FILE; --signing-key wins over it; the message names both")
    func signingKeyFile() throws {
        let setup = try Setup()
        defer { setup.runner.cleanUp() }
        // The key as a CI secret: a file outside CLEANROOM_HOME, none inside.
        let secret = setup.folder.appendingPathComponent("secrets/signing.key")
        try FileManager.default.createDirectory(
            at: secret.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(
            at: setup.runner.home.appendingPathComponent("keys/signing.key"), to: secret)

        let missing = try setup.mask("a.db")
        #expect(missing.status == 2, "\(missing.all)")
        #expect(missing.stderr.contains("CLEANROOM_SIGNING_KEY_FILE"), "\(missing.stderr)")

        let signed = try setup.mask("b.db", environment: ["CLEANROOM_SIGNING_KEY_FILE": secret.path])
        #expect(signed.status == 0, "\(signed.all)")
        let verified = try setup.runner.run(["evidence", "verify"])
        #expect(verified.status == 0 && verified.stdout.contains("1 entries"), "\(verified.all)")

        let overridden = try setup.mask(
            "c.db", ["--signing-key", "/nonexistent.key"], environment: ["CLEANROOM_SIGNING_KEY_FILE": secret.path])
        #expect(overridden.status == 2 && overridden.stderr.contains("/nonexistent.key"), "\(overridden.all)")
        // No line of the key's base64 body is printed, by either run.
        let body = try String(contentsOf: secret, encoding: .utf8).split(separator: "\n").filter {
            !$0.hasPrefix("-----")
        }
        #expect(!body.isEmpty)
        for line in body {
            #expect(!signed.all.contains(line) && !overridden.all.contains(line), "the key is never printed")
        }
    }

    @Test("teardown of a name never claimed: exit 2, or 0 with --if-exists; a real one is still torn down")
    func teardownIfExists() throws {
        let setup = try Setup()
        defer { setup.runner.cleanUp() }
        let unknown = try setup.runner.run(["teardown", "ci-never", "--template", "files"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no environment 'ci-never'"), "\(unknown.all)")
        let tolerated = try setup.runner.run(["teardown", "ci-never", "--template", "files", "--if-exists"])
        #expect(tolerated.status == 0, "\(tolerated.all)")
        #expect(tolerated.stdout.contains("no environment ci-never in sqlite:"), "\(tolerated.stdout)")

        let provisioned = try setup.runner.run(["provision", "files", "--name", "ci-real", "--quiet"])
        #expect(provisioned.status == 0, "\(provisioned.all)")
        let torn = try setup.runner.run(["teardown", "ci-real", "--template", "files", "--if-exists"])
        #expect(torn.status == 0 && torn.stdout.contains("tore down ci-real"), "\(torn.all)")
        #expect(
            !FileManager.default.fileExists(atPath: setup.folder.appendingPathComponent("envs/cr_ci-real.sqlite").path))
    }

    @Test("--github-env outside GitHub Actions is refused before anything is provisioned; inside, it appends the lines")
    func githubEnvironment() throws {
        let setup = try Setup()
        defer { setup.runner.cleanUp() }
        let outside = try setup.runner.run(
            ["provision", "files", "--name", "ci-gh", "--github-env", "--quiet"], extraEnvironment: ["GITHUB_ENV": ""])
        #expect(outside.status == 2 && outside.stderr.contains("$GITHUB_ENV"), "\(outside.all)")
        let listed = try setup.runner.run(["envs", "--template", "files", "--json"])
        #expect(!listed.stdout.contains("ci-gh"), "nothing was provisioned: \(listed.stdout)")

        let file = setup.folder.appendingPathComponent("github-env")
        try "EARLIER=1\n".write(to: file, atomically: true, encoding: .utf8)
        let inside = try setup.runner.run(
            ["provision", "files", "--name", "ci-gh", "--github-env", "--quiet"],
            extraEnvironment: ["GITHUB_ENV": file.path])
        #expect(inside.status == 0, "\(inside.all)")
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        let path = setup.folder.appendingPathComponent("envs/cr_ci-gh.sqlite").path
        #expect(lines == ["EARLIER=1", "DATABASE_URL=sqlite:\(path)", "CLEANROOM_ENV=ci-gh"], "\(lines)")
        #expect(!inside.stdout.contains("::add-mask::"), "a file environment has no password to mask")
    }
}
