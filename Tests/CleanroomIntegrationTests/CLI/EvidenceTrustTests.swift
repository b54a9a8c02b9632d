import CleanroomCrypto
import CleanroomEvidence
import Foundation
import TestSupport
import Testing

/// Trust anchored outside `CLEANROOM_HOME`: `evidence verify` and `report` against a pinned key, and
/// `evidence head` / `--expect-head` against truncation. The ledgers are signed with the workspace's
/// real keys through the library, as `mask` signs them.
@Suite("evidence trust: pinned keys, an attacker who owns CLEANROOM_HOME, truncation", .testCluster)
struct EvidenceTrustTests {
    /// A run statement; `outcome` and `number` vary its content.
    static func statement(_ number: Int, outcome: RunOutcome) -> Statement<MaskPredicate> {
        let started = Date(timeIntervalSince1970: 1_767_225_600 + Double(number) * 60)
        return Statement(
            subject: [Subject(name: "table:public.customer", sha256: EvidenceCommandTests.sha256Hex("rows \(number)"))],
            predicate: MaskPredicate(
                header: RunHeader(
                    kind: .mask, toolVersion: "0.1.0", target: .init(endpoint: "sqlite:/tmp/env-\(number).db"),
                    startedAt: started, finishedAt: started.addingTimeInterval(5), outcome: outcome,
                    failureMessage: outcome == .failed ? "leak probe failed" : nil)))
    }

    /// Writes a fresh ledger at `path` of `outcomes`, each entry signed by `key` at its position.
    static func writeLedger(_ path: String, outcomes: [RunOutcome], key: Ed25519PrivateKey) throws {
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let ledger = Ledger(path: path)
        for (index, outcome) in outcomes.enumerated() {
            try ledger.append { position in
                var statement = statement(index + 1, outcome: outcome)
                statement.predicate.header.ledger = position
                return try EvidenceSigner.sign(statement, key: key)
            }
        }
    }

    /// The runner's own signing key (pinned in its trust file by `keys init`).
    static func signingKey(_ runner: CommandLineRunner) throws -> Ed25519PrivateKey {
        try SigningKeys.loadPrivate(path: runner.home.appendingPathComponent("keys/signing.key").path)
    }

    @Test(
        "an attacker who replaces keys/signing.pub and re-signs and re-chains the ledger gets INVALID or non-zero under every pin"
    )
    func attackerResigns() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        let keys = runner.home.appendingPathComponent("keys")
        let original = try SigningKeys.loadPublic(path: keys.appendingPathComponent("signing.pub").path)
        // The auditor's copy of the genuine key, kept outside CLEANROOM_HOME.
        let auditorCopy = runner.home.deletingLastPathComponent().appendingPathComponent("auditor-signing.pub")
        try FileManager.default.copyItem(at: keys.appendingPathComponent("signing.pub"), to: auditorCopy)
        try Self.writeLedger(
            runner.ledgerPath, outcomes: [.succeeded, .failed, .succeeded], key: Self.signingKey(runner))
        let genuine = try runner.run(["evidence", "verify"])
        #expect(genuine.status == 0 && genuine.stdout.contains("verdict: valid"), "\(genuine.all)")
        #expect(genuine.stdout.contains("key pinned by: trust file \(runner.trustFile.path), line 1"))

        // The attacker: a new key pair in place of the workspace's, every entry re-signed and re-chained,
        // the failure rewritten as a success.
        for name in ["signing.key", "signing.pub"] {
            try FileManager.default.removeItem(at: keys.appendingPathComponent(name))
        }
        let forged = try SigningKeys.generate(directory: keys.path)
        try Self.writeLedger(
            runner.ledgerPath, outcomes: [.succeeded, .succeeded, .succeeded],
            key: SigningKeys.loadPrivate(path: forged.privateKeyPath))
        let forgedKey = try SigningKeys.loadPublic(path: forged.publicKeyPath)
        #expect(
            try Ledger(path: runner.ledgerPath).verify(publicKey: forgedKey).isValid, "the forgery is self-consistent")

        let trustFilePin = try runner.run(["evidence", "verify"])
        #expect(trustFilePin.status == 1, "\(trustFilePin.all)")
        #expect(trustFilePin.stdout.contains("verdict: INVALID"))
        #expect(trustFilePin.stdout.contains("key id \(original.keyID)") && trustFilePin.stdout.contains(forged.keyID))

        let fingerprintPin = try runner.run(["evidence", "verify", "--key-fingerprint", original.keyID])
        #expect(fingerprintPin.status != 0)
        #expect(!fingerprintPin.stdout.contains("verdict: valid"))
        #expect(
            fingerprintPin.all.contains("verdict: INVALID")
                || fingerprintPin.all.contains("pinned fingerprint \(original.keyID)"),
            "\(fingerprintPin.all)")

        let filePin = try runner.run(["evidence", "verify", "--public-key", auditorCopy.path])
        #expect(filePin.status == 1 && filePin.stdout.contains("verdict: INVALID"), "\(filePin.all)")
        #expect(filePin.stdout.contains("key pinned by: public key file \(auditorCopy.path)"))

        // The forged key beside the ledger is never trusted by itself.
        let besideLedger = try runner.run(["evidence", "verify", "--public-key", forged.publicKeyPath])
        #expect(besideLedger.status == 2, "\(besideLedger.all)")
        #expect(besideLedger.stderr.contains("never trusted by itself"))

        let report = runner.home.deletingLastPathComponent().appendingPathComponent("report.md").path
        let rendered = try runner.run(["evidence", "report", "--format", "md", "--out", report])
        #expect(rendered.status == 1 && rendered.stdout.contains("LEDGER INVALID"), "\(rendered.all)")
        let markdown = try String(contentsOfFile: report, encoding: .utf8)
        #expect(markdown.contains("Verified against key (fingerprint):** `\(original.keyID)`"))
        #expect(markdown.contains("Verification: INVALID"))
    }

    @Test("without a pin verify and report exit 2 saying what a pin is and how to set one")
    func noPin() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        try Self.writeLedger(runner.ledgerPath, outcomes: [.succeeded], key: Self.signingKey(runner))
        let empty = runner.home.deletingLastPathComponent().appendingPathComponent("no-config").path
        let report = runner.home.deletingLastPathComponent().appendingPathComponent("report.html").path
        for arguments in [["evidence", "verify"], ["evidence", "report", "--out", report]] {
            let outcome = try runner.run(arguments, extraEnvironment: ["XDG_CONFIG_HOME": empty])
            #expect(outcome.status == 2, "\(arguments) \(outcome.all)")
            #expect(!outcome.stdout.contains("valid"))
            for hint in [
                "no signing key is pinned", "A pin is", "--public-key FILE", "--key-fingerprint HEX",
                "\(empty)/cleanroom/trusted-keys", "cleanroom keys init",
            ] {
                #expect(outcome.stderr.contains(hint), "\(hint) in \(outcome.stderr)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: report))
        // The key beside the ledger named explicitly is still no pin.
        let beside = try runner.run(
            ["evidence", "verify", "--public-key", runner.home.appendingPathComponent("keys/signing.pub").path],
            extraEnvironment: ["XDG_CONFIG_HOME": empty])
        #expect(beside.status == 2 && beside.stderr.contains("never trusted by itself"), "\(beside.all)")
        // A trust file inside CLEANROOM_HOME is refused too.
        let inside = try runner.run(["evidence", "verify"], extraEnvironment: ["XDG_CONFIG_HOME": runner.home.path])
        #expect(inside.status == 2 && inside.stderr.contains("which the ledger's writers control"), "\(inside.all)")
    }

    @Test("evidence head prints SEQ DIGEST; --expect-head catches a deleted last entry and a rewritten one")
    func expectHead() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        let key = try Self.signingKey(runner)
        try Self.writeLedger(runner.ledgerPath, outcomes: [.succeeded, .failed, .succeeded], key: key)
        let head = try runner.run(["evidence", "head"])
        #expect(head.status == 0, "\(head.all)")
        let lines = try String(contentsOfFile: runner.ledgerPath, encoding: .utf8).split(separator: "\n").map(
            String.init)
        let lastDigest = EvidenceCommandTests.sha256Hex(lines[2])
        #expect(head.stdout == "3 \(lastDigest)\n")
        let stored = head.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let intact = try runner.run(["evidence", "verify", "--expect-head", "3:\(lastDigest)"])
        #expect(intact.status == 0 && intact.stdout.contains("verdict: valid"), "\(intact.all)")
        #expect(
            try runner.run(["evidence", "verify", "--expect-head", stored]).status == 0,
            "the printed form is accepted as is")

        // The last entry deleted: the shorter chain is valid in itself; only the stored head tells.
        try (lines[0...1].joined(separator: "\n") + "\n").write(
            toFile: runner.ledgerPath, atomically: true, encoding: .utf8)
        #expect(try runner.run(["evidence", "verify"]).status == 0)
        let truncated = try runner.run(["evidence", "verify", "--expect-head", stored])
        #expect(truncated.status == 1, "\(truncated.all)")
        #expect(truncated.stdout.contains("ends at entry 2 but the expected head is entry 3"))
        let report = runner.home.deletingLastPathComponent().appendingPathComponent("report.md").path
        let rendered = try runner.run([
            "evidence", "report", "--format", "md", "--out", report, "--expect-head", stored,
        ])
        #expect(rendered.status == 1 && rendered.stdout.contains("LEDGER INVALID"))
        #expect(try String(contentsOfFile: report, encoding: .utf8).contains("removed from its end"))

        // A new third entry in place of the recorded one (a fork or a rewrite of the tail).
        try Self.writeLedger(runner.ledgerPath, outcomes: [.succeeded, .failed, .failed], key: key)
        let forked = try runner.run(["evidence", "verify", "--expect-head", stored])
        #expect(forked.status == 1, "\(forked.all)")
        #expect(forked.stdout.contains("rewritten or forked"))
        // Later entries appended after the stored head keep it as an ancestor.
        try (lines.joined(separator: "\n") + "\n").write(toFile: runner.ledgerPath, atomically: true, encoding: .utf8)
        try Ledger(path: runner.ledgerPath).append { position in
            var statement = Self.statement(4, outcome: .succeeded)
            statement.predicate.header.ledger = position
            return try EvidenceSigner.sign(statement, key: key)
        }
        #expect(try runner.run(["evidence", "head"]).stdout.hasPrefix("4 "))
        #expect(try runner.run(["evidence", "verify", "--expect-head", stored]).status == 0)

        let malformed = try runner.run(["evidence", "verify", "--expect-head", "3:nothex"])
        #expect(malformed.status == 2 && malformed.stderr.contains("SEQ:DIGEST"), "\(malformed.all)")
    }

    @Test("verify --since judges the given entry and those after it, not the entries before it")
    func since() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        let key = try Self.signingKey(runner)
        try Self.writeLedger(runner.ledgerPath, outcomes: [.succeeded, .failed, .succeeded], key: key)
        var lines = try String(contentsOfFile: runner.ledgerPath, encoding: .utf8).split(separator: "\n").map(
            String.init)
        let since = "2:\(EvidenceCommandTests.sha256Hex(lines[1]))"
        let intact = try runner.run(["evidence", "verify", "--since", since])
        #expect(intact.status == 0 && intact.stdout.contains("checked from entry 2"), "\(intact.all)")

        lines[0] = lines[0].replacingOccurrences(of: #""payload":"ey"#, with: #""payload":"eY"#)
        try (lines.joined(separator: "\n") + "\n").write(toFile: runner.ledgerPath, atomically: true, encoding: .utf8)
        #expect(try runner.run(["evidence", "verify"]).status == 1)
        let edited = try runner.run(["evidence", "verify", "--since", since])
        #expect(edited.status == 0 && edited.stdout.contains("verdict: valid"), "\(edited.all)")

        lines[2] = lines[2].replacingOccurrences(of: #""payload":"ey"#, with: #""payload":"eY"#)
        try (lines.joined(separator: "\n") + "\n").write(toFile: runner.ledgerPath, atomically: true, encoding: .utf8)
        let after = try runner.run(["evidence", "verify", "--since", since])
        #expect(after.status == 1 && after.stdout.contains("entry 3 fails verification"), "\(after.all)")

        try (lines[0] + "\n").write(toFile: runner.ledgerPath, atomically: true, encoding: .utf8)
        let truncated = try runner.run(["evidence", "verify", "--since", since])
        #expect(truncated.status == 1 && truncated.stdout.contains("ends at entry 1"), "\(truncated.all)")
        let malformed = try runner.run(["evidence", "verify", "--since", "2"])
        #expect(malformed.status == 2 && malformed.stderr.contains("SEQ:DIGEST"), "\(malformed.all)")
    }

    @Test("evidence repair moves a half line aside with a signed record; an intact ledger is refused with exit 3")
    func repair() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        try Self.writeLedger(runner.ledgerPath, outcomes: [.succeeded, .failed], key: Self.signingKey(runner))
        let intact = try Data(contentsOf: URL(fileURLWithPath: runner.ledgerPath))
        let refused = try runner.run(["evidence", "repair"])
        #expect(refused.status == 3 && refused.stderr.contains("no damaged tail"), "\(refused.all)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: runner.ledgerPath)) == intact)

        let half = Data(#"{"envelope":{"payload":"eyJf"#.utf8)
        try (intact + half).write(to: URL(fileURLWithPath: runner.ledgerPath))
        #expect(try runner.run(["evidence", "verify"]).status == 1)
        let repaired = try runner.run(["evidence", "repair"])
        #expect(repaired.status == 0, "\(repaired.all)")
        #expect(
            repaired.stdout.contains("moved \(half.count) damaged byte(s) at offset \(intact.count) to ")
                && repaired.stdout.contains("signed record: ledger entry 3"), "\(repaired.all)")
        let folder = (runner.ledgerPath as NSString).deletingLastPathComponent
        let moved = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".damaged-") }
        #expect(moved.count == 1, "\(moved)")
        if let name = moved.first {
            #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)) == half)
        }
        let verified = try runner.run(["evidence", "verify"])
        #expect(verified.status == 0 && verified.stdout.contains("3 entries"), "\(verified.all)")
    }

    @Test("the report names the key it was verified against and how it was pinned")
    func reportNamesPin() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        try Self.writeLedger(runner.ledgerPath, outcomes: [.succeeded], key: Self.signingKey(runner))
        let keyID = try SigningKeys.loadPublic(path: runner.home.appendingPathComponent("keys/signing.pub").path).keyID
        let report = runner.home.deletingLastPathComponent().appendingPathComponent("report.md").path
        let trusted = try runner.run(["evidence", "report", "--format", "md", "--out", report])
        #expect(trusted.status == 0, "\(trusted.all)")
        var markdown = try String(contentsOfFile: report, encoding: .utf8)
        #expect(markdown.contains("Verified against key (fingerprint):** `\(keyID)`"))
        #expect(markdown.contains("Key pinned by:** trust file \(runner.trustFile.path), line 1"))
        #expect(markdown.contains("Verification: valid"))

        let byFingerprint = try runner.run(
            ["evidence", "report", "--format", "md", "--out", report, "--key-fingerprint", keyID.uppercased()],
            extraEnvironment: [
                "XDG_CONFIG_HOME": runner.home.deletingLastPathComponent().appendingPathComponent("none").path
            ])
        #expect(byFingerprint.status == 0, "\(byFingerprint.all)")
        markdown = try String(contentsOfFile: report, encoding: .utf8)
        #expect(
            markdown.contains(
                "Key pinned by:** fingerprint given with --key-fingerprint (key read from \(runner.home.path)/keys/signing.pub)"
            ))
    }

    @Test("keys init pins the new signing key in the trust file outside CLEANROOM_HOME and prints its fingerprint")
    func keysInitPins() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        let keyID = try SigningKeys.loadPublic(path: runner.home.appendingPathComponent("keys/signing.pub").path).keyID
        let trust = try String(contentsOf: runner.trustFile, encoding: .utf8)
        #expect(trust.hasPrefix("\(keyID) ed25519 "))
        #expect(trust.split(separator: "\n").count == 1)
        let second = runner.home.deletingLastPathComponent().appendingPathComponent("second-keys").path
        let created = try runner.run(["keys", "init", "--directory", second])
        #expect(created.status == 0, "\(created.all)")
        let secondID = try SigningKeys.loadPublic(path: second + "/signing.pub").keyID
        #expect(created.stdout.contains("signing key fingerprint: \(secondID)"))
        #expect(created.stdout.contains("pinned in:    \(runner.trustFile.path)"))
        #expect(try String(contentsOf: runner.trustFile, encoding: .utf8).split(separator: "\n").count == 2)
        // A trust file that would land inside CLEANROOM_HOME is refused before any key is written.
        let third = runner.home.deletingLastPathComponent().appendingPathComponent("third-keys")
        let refused = try runner.run(
            ["keys", "init", "--directory", third.path], extraEnvironment: ["XDG_CONFIG_HOME": runner.home.path])
        #expect(refused.status == 2 && refused.stderr.contains("which the ledger's writers control"), "\(refused.all)")
        #expect(!FileManager.default.fileExists(atPath: third.appendingPathComponent("signing.key").path))
    }

    @Test("keys rotate: a ledger entry signed by the old key names the new one; verify follows it from the old pin")
    func rotate() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        let keys = runner.home.appendingPathComponent("keys")
        let oldID = try SigningKeys.loadPublic(path: keys.appendingPathComponent("signing.pub").path).keyID
        try Self.writeLedger(runner.ledgerPath, outcomes: [.succeeded], key: Self.signingKey(runner))
        let rotated = try runner.run(["keys", "rotate"])
        #expect(rotated.status == 0, "\(rotated.all)")
        let newID = try SigningKeys.loadPublic(path: keys.appendingPathComponent("signing.pub").path).keyID
        #expect(newID != oldID && rotated.stdout.contains("signing key fingerprint: \(newID)"))
        #expect(FileManager.default.fileExists(atPath: keys.appendingPathComponent("retired/\(oldID).pub").path))
        #expect(!FileManager.default.fileExists(atPath: keys.appendingPathComponent(".rotating").path))
        // Later runs sign with the new key.
        try Ledger(path: runner.ledgerPath).append { position in
            var statement = Self.statement(3, outcome: .succeeded)
            statement.predicate.header.ledger = position
            return try EvidenceSigner.sign(statement, key: Self.signingKey(runner))
        }
        let verified = try runner.run(["evidence", "verify"])
        #expect(verified.status == 0, "\(verified.all)")
        #expect(verified.stdout.contains("key id \(oldID)") && verified.stdout.contains("verdict: valid"))
        #expect(verified.stdout.contains("key rotated to: \(newID)"))
        let report = runner.home.deletingLastPathComponent().appendingPathComponent("report.md").path
        #expect(try runner.run(["evidence", "report", "--format", "md", "--out", report]).status == 0)
        #expect(
            try String(contentsOfFile: report, encoding: .utf8).contains(
                "Signed key rotations followed to:** `\(newID)`"))
        let json = try runner.run(["evidence", "verify", "--json"])
        #expect(json.stdout.contains("\"valid\" : true"), "\(json.stdout)")
        // An auditor with only the old fingerprint: the retired public key supplies the material.
        let none = runner.home.deletingLastPathComponent().appendingPathComponent("none").path
        let byFingerprint = try runner.run(
            ["evidence", "verify", "--key-fingerprint", oldID], extraEnvironment: ["XDG_CONFIG_HOME": none])
        #expect(byFingerprint.status == 0, "\(byFingerprint.all)")
        #expect(byFingerprint.stdout.contains("retired/\(oldID).pub"))
        // Pinning only the new key does not verify what the old key signed.
        let newOnly = try runner.run(
            ["evidence", "verify", "--key-fingerprint", newID], extraEnvironment: ["XDG_CONFIG_HOME": none])
        #expect(newOnly.status == 1 && newOnly.stdout.contains("verdict: INVALID"), "\(newOnly.all)")
    }
}
