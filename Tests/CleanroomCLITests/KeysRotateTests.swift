import Foundation
import TestSupport
import Testing

/// `cleanroom keys rotate` of the key the caller signs with: a file named by `CLEANROOM_SIGNING_KEY_FILE`
/// or `--signing-key` (a CI secret) is never replaced; the next key goes to a new `--next-key` file.
@Suite("keys rotate of a caller's signing key file")
struct KeysRotateTests {
    /// A workspace whose signing key lives outside it, as a CI secret file does; keys/signing.pub stays.
    struct Setup {
        let runner: CommandLineRunner
        /// The caller's signing key, pinned in the runner's trust file by `keys init`.
        let secret: URL
        /// The folder of `secret`, where the tests put `--next-key`.
        var secrets: URL { secret.deletingLastPathComponent() }

        init() throws {
            runner = try CommandLineRunner()
            secret = runner.home.deletingLastPathComponent().appendingPathComponent("secrets/signing.key")
            try FileManager.default.createDirectory(
                at: secret.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.moveItem(at: runner.home.appendingPathComponent("keys/signing.key"), to: secret)
        }

        /// `keys rotate ARGS` with `CLEANROOM_SIGNING_KEY_FILE` naming `key` (default: `secret`).
        func rotate(_ arguments: [String], key: URL? = nil) throws -> CommandLineRunner.Outcome {
            try runner.run(
                ["keys", "rotate"] + arguments,
                extraEnvironment: ["CLEANROOM_SIGNING_KEY_FILE": (key ?? secret).path])
        }

        /// Records one (failed) mask run in the ledger, signed with the key in `key`.
        func recordRun(signedWith key: URL) throws {
            let outcome = try mask(signedWith: key)
            #expect(outcome.status == 1, "\(outcome.all)")
        }

        /// A mask run that fails (its source does not exist), signing with the key in `key`.
        func mask(signedWith key: URL) throws -> CommandLineRunner.Outcome {
            try runner.run(
                [
                    "mask", "--source", "sqlite:/nonexistent/source.db", "--target", "sqlite:/nonexistent/target.db",
                    "--rules", Fixtures.pagilaRulesPath,
                ], extraEnvironment: ["CLEANROOM_SIGNING_KEY_FILE": key.path])
        }

        /// The ledger's bytes; nil while it does not exist.
        func ledger() -> Data? { FileManager.default.contents(atPath: runner.ledgerPath) }

        func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

        /// Whether any line of the base64 body of a private key file appears in `output`.
        static func leaks(_ keyFile: URL, into output: String) throws -> Bool {
            let body = try String(contentsOf: keyFile, encoding: .utf8).split(separator: "\n").filter {
                !$0.hasPrefix("-----")
            }
            try #require(!body.isEmpty)
            return body.contains { output.contains($0) }
        }
    }

    /// The first capture of `pattern` in `text`.
    static func capture(_ pattern: String, in text: String) throws -> String {
        let expression = try NSRegularExpression(pattern: pattern)
        let match = try #require(
            expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), "\(pattern) in \(text)")
        return String(text[try #require(Range(match.range(at: 1), in: text))])
    }

    @Test(
        "the caller's file stays byte for byte; the next key is a new 0600 file; verify follows from the old pin and takes the next key's entries"
    )
    func rotatesCallerKey() throws {
        let setup = try Setup()
        defer { setup.runner.cleanUp() }
        let original = try Data(contentsOf: setup.secret)
        let workspacePublicKey = setup.runner.home.appendingPathComponent("keys/signing.pub")
        let workspacePublic = try Data(contentsOf: workspacePublicKey)
        try setup.recordRun(signedWith: setup.secret)

        let next = setup.secrets.appendingPathComponent("next.key")
        let rotated = try setup.rotate(["--next-key", next.path])
        #expect(rotated.status == 0, "\(rotated.all)")
        let oldID = try Self.capture("signed by key ([0-9a-f]{64})", in: rotated.stdout)
        let newID = try Self.capture("signing key fingerprint: ([0-9a-f]{64})", in: rotated.stdout)
        #expect(oldID != newID)
        #expect(rotated.stdout.contains("next signing key: \(next.path) (mode 0600)"), "\(rotated.stdout)")
        #expect(rotated.stdout.contains("next public key:  \(setup.secrets.path)/next.pub"), "\(rotated.stdout)")
        #expect(rotated.stdout.contains("now point CLEANROOM_SIGNING_KEY_FILE at \(next.path)"), "\(rotated.stdout)")

        // The caller's file and the workspace's files are as they were; the old public key is retired.
        #expect(try Data(contentsOf: setup.secret) == original)
        #expect(try Data(contentsOf: workspacePublicKey) == workspacePublic)
        #expect(!setup.exists(setup.runner.home.appendingPathComponent("keys/signing.key")))
        #expect(setup.exists(setup.runner.home.appendingPathComponent("keys/retired/\(oldID).pub")))
        let mode = try FileManager.default.attributesOfItem(atPath: next.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(setup.exists(setup.secrets.appendingPathComponent("next.pub")))
        #expect(!setup.exists(setup.secrets.appendingPathComponent(".next.key.rotating")))

        // The pin stays on the old key, which signed the rotation entry.
        let verified = try setup.runner.run(["evidence", "verify"])
        #expect(verified.status == 0, "\(verified.all)")
        #expect(verified.stdout.contains("2 entries, key id \(oldID)"), "\(verified.stdout)")
        #expect(verified.stdout.contains("key rotated to: \(newID)") && verified.stdout.contains("verdict: valid"))

        // Entries signed by the next key are accepted, and the caller's old key is no longer.
        try setup.recordRun(signedWith: next)
        let extended = try setup.runner.run(["evidence", "verify"])
        #expect(extended.status == 0 && extended.stdout.contains("3 entries"), "\(extended.all)")
        #expect(extended.stdout.contains("verdict: valid"))
        // A run still signing with the caller's old key is refused before it starts: nothing is appended.
        let before = setup.ledger()
        let stale = try setup.mask(signedWith: setup.secret)
        #expect(stale.status == 3, "\(stale.all)")
        #expect(
            stale.stderr.contains("is signed by key id \(newID), but this signs with key id \(oldID)"), "\(stale.all)")
        #expect(setup.ledger() == before)
        #expect(try setup.runner.run(["evidence", "verify"]).stdout.contains("verdict: valid"))
        // Nor can the old key rotate again: that would hand the ledger on twice.
        let again = try setup.rotate(["--next-key", setup.secrets.appendingPathComponent("again.key").path])
        #expect(again.status == 3 && setup.ledger() == before, "\(again.all)")
        #expect(!setup.exists(setup.secrets.appendingPathComponent("again.key")))

        let printed = [rotated, verified, extended, stale].map(\.all).joined()
        let leaked = try Setup.leaks(setup.secret, into: printed) || Setup.leaks(next, into: printed)
        #expect(!leaked, "no line of either private key is printed")
    }

    @Test("without --next-key a caller's key is refused with exit 2 naming the option; the ledger is unchanged")
    func nextKeyRequired() throws {
        let setup = try Setup()
        defer { setup.runner.cleanUp() }
        try setup.recordRun(signedWith: setup.secret)
        let ledger = setup.ledger()
        let original = try Data(contentsOf: setup.secret)
        let byVariable = try setup.rotate([])
        let byOption = try setup.runner.run(["keys", "rotate", "--signing-key", setup.secret.path])
        for refused in [byVariable, byOption] {
            #expect(refused.status == 2, "\(refused.all)")
            #expect(refused.stderr.contains("give --next-key PATH"), "\(refused.stderr)")
            #expect(refused.stderr.contains(setup.secret.path), "\(refused.stderr)")
            #expect(refused.stdout.isEmpty)
        }
        #expect(setup.ledger() == ledger, "nothing appended")
        #expect(try Data(contentsOf: setup.secret) == original)
        #expect(try FileManager.default.contentsOfDirectory(atPath: setup.secrets.path) == ["signing.key"])
        #expect(!setup.exists(setup.runner.home.appendingPathComponent("keys/retired")))
        let printed = byVariable.all + byOption.all
        #expect(try !Setup.leaks(setup.secret, into: printed), "no line of the private key is printed")
    }

    @Test("an existing --next-key file, or its .pub, is refused with exit 2 and left as it was; nothing appended")
    func nextKeyExists() throws {
        let setup = try Setup()
        defer { setup.runner.cleanUp() }
        try setup.recordRun(signedWith: setup.secret)
        let ledger = setup.ledger()
        let occupied = setup.secrets.appendingPathComponent("next.key")
        try Data("not a key\n".utf8).write(to: occupied)
        let refused = try setup.rotate(["--next-key", occupied.path])
        #expect(refused.status == 2, "\(refused.all)")
        #expect(refused.stderr.contains("--next-key: \(occupied.path) already exists"), "\(refused.stderr)")
        #expect(try Data(contentsOf: occupied) == Data("not a key\n".utf8))

        let publicOnly = setup.secrets.appendingPathComponent("other.pub")
        try Data("not a key\n".utf8).write(to: publicOnly)
        let besidePublic = try setup.rotate(["--next-key", setup.secrets.appendingPathComponent("other.key").path])
        #expect(besidePublic.status == 2, "\(besidePublic.all)")
        #expect(besidePublic.stderr.contains("--next-key: \(publicOnly.path) already exists"), "\(besidePublic.stderr)")
        #expect(try Data(contentsOf: publicOnly) == Data("not a key\n".utf8))

        #expect(setup.ledger() == ledger, "nothing appended")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: setup.secrets.path).sorted() == [
                "next.key", "other.pub", "signing.key",
            ])
    }

    @Test("a ledger the entry cannot be appended to leaves no next key at --next-key and no staging folder")
    func appendFails() throws {
        let setup = try Setup()
        defer { setup.runner.cleanUp() }
        let original = try Data(contentsOf: setup.secret)
        let next = setup.secrets.appendingPathComponent("next.key")
        // The ledger's folder would be under a regular file: it cannot be created, even by root.
        let blocker = setup.runner.home.appendingPathComponent("blocker")
        try Data().write(to: blocker)
        let unwritable = blocker.appendingPathComponent("ledger.jsonl").path
        let failed = try setup.rotate(["--next-key", next.path, "--ledger", unwritable])
        #expect(failed.status != 0, "\(failed.all)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: setup.secrets.path) == ["signing.key"])
        #expect(try Data(contentsOf: setup.secret) == original)
        #expect(!setup.exists(setup.runner.home.appendingPathComponent("keys/retired")))
    }

    @Test("a step failing after the append says which entry names which key, and what is left to do by hand")
    func incomplete() throws {
        let setup = try Setup()
        defer { setup.runner.cleanUp() }
        try setup.recordRun(signedWith: setup.secret)
        // A file where the retired keys' folder belongs: keeping the old public key fails after the append.
        try Data().write(to: setup.runner.home.appendingPathComponent("keys/retired"))
        let next = setup.secrets.appendingPathComponent("next.key")
        let failed = try setup.rotate(["--next-key", next.path])
        #expect(failed.status == 1, "\(failed.all)")
        let staging = setup.secrets.appendingPathComponent(".next.key.rotating")
        for part in [
            "ledger entry 2, signed by key ", "already names key ", "could not write the old public key to ",
            "still to do by hand: write the old public key",
            "then move \(staging.path)/signing.key to \(next.path), then move \(staging.path)/signing.pub to ",
            "Sign nothing until then",
        ] {
            #expect(failed.stderr.contains(part), "\(part) in \(failed.stderr)")
        }
        #expect(!setup.exists(next) && setup.exists(staging.appendingPathComponent("signing.key")))
        #expect(try !Setup.leaks(staging.appendingPathComponent("signing.key"), into: failed.all))
    }

    @Test("a ledger whose folder does not exist yet is created, with the rotation as its first entry")
    func rotatesIntoNewLedger() throws {
        let setup = try Setup()
        defer { setup.runner.cleanUp() }
        let ledger = setup.runner.home.appendingPathComponent("not-yet/evidence/ledger.jsonl").path
        let next = setup.secrets.appendingPathComponent("next.key")
        let rotated = try setup.rotate(["--next-key", next.path, "--ledger", ledger])
        #expect(rotated.status == 0, "\(rotated.all)")
        #expect(rotated.stdout.contains("rotated: entry 1 of the ledger"), "\(rotated.stdout)")
        let verified = try setup.runner.run(["evidence", "verify", "--ledger", ledger])
        #expect(verified.status == 0 && verified.stdout.contains("verdict: valid"), "\(verified.all)")
    }

    @Test("--next-key with the workspace's own key is refused with exit 2: that key is replaced in place")
    func nextKeyForWorkspaceKey() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        let key = runner.home.appendingPathComponent("keys/signing.key")
        let original = try Data(contentsOf: key)
        let next = runner.home.deletingLastPathComponent().appendingPathComponent("next.key")
        let refused = try runner.run(["keys", "rotate", "--next-key", next.path])
        #expect(refused.status == 2, "\(refused.all)")
        #expect(refused.stderr.contains("leave --next-key out"), "\(refused.stderr)")
        #expect(try Data(contentsOf: key) == original)
        #expect(!FileManager.default.fileExists(atPath: next.path))
        #expect(!FileManager.default.fileExists(atPath: runner.ledgerPath))
    }
}
