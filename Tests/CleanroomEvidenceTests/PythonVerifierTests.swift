import CleanroomCore
import CleanroomCrypto
import CleanroomEvidence
import Foundation
import TestSupport
import Testing

/// scripts/verify_evidence.py, an independent verifier, run as a subprocess on our output.
@Suite("Independent Python verifier")
struct PythonVerifierTests {
    static let script = TestPaths.repositoryRoot.appendingPathComponent("scripts/verify_evidence.py").path

    /// Runs the script; the fixtures keep the key beside the ledger, so it is pinned by `fingerprint`.
    func verify(
        _ option: String, _ path: String, publicKey: String, fingerprint: String?,
        extra: [String] = []
    ) throws -> Subprocess.Outcome {
        try Subprocess.run(
            ["python3", Self.script, option, path, "--public-key", publicKey]
                + (fingerprint.map { ["--key-fingerprint", $0] } ?? []) + extra)
    }

    @Test("its PAE reproduces the DSSE v1 specification's example")
    func pae() throws {
        let check =
            "import sys; sys.path.insert(0, sys.argv[1]); import verify_evidence as v; "
            + "assert v.pae(b'http://example.com/HelloWorld', b'hello world') == b'DSSEv1 29 http://example.com/HelloWorld 11 hello world'"
        let result = try Subprocess.run([
            "python3", "-c", check, URL(fileURLWithPath: Self.script).deletingLastPathComponent().path,
        ])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("a good ledger and a single envelope pass")
    func passes() throws {
        let (directory, files, key, _) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 4, key: key)
        let result = try verify("--ledger", ledger.path, publicKey: files.publicKeyPath, fingerprint: files.keyID)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("VERIFIED: 4 line(s), 0 failure(s), key id \(files.keyID)"))
        #expect(result.output.contains("ok   \(ledger.path):4 entry 4: mask succeeded, 1 subject(s)"))

        let envelopePath = directory.appendingPathComponent("run.dsse.json").path
        try Data(EvidenceJSON.encode(EvidenceSigner.sign(Fixtures.maskStatement(), key: key))).write(
            to: URL(fileURLWithPath: envelopePath))
        let single = try verify("--envelope", envelopePath, publicKey: files.publicKeyPath, fingerprint: files.keyID)
        #expect(single.status == 0, "\(single.output)")
    }

    @Test("edited, removed and wrongly keyed ledgers fail with a non-zero exit naming the line")
    func failures() throws {
        let (directory, files, key, _) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 4, key: key)
        let original = try Fixtures.lines(of: ledger)

        var edited = original
        edited[1] = edited[1].replacingOccurrences(of: #""payload":"ey"#, with: #""payload":"eY"#)
        #expect(edited != original)
        try Fixtures.write(edited, to: ledger)
        var result = try verify("--ledger", ledger.path, publicKey: files.publicKeyPath, fingerprint: files.keyID)
        #expect(result.status == 1)
        #expect(result.output.contains("FAIL \(ledger.path):2 entry 2: signature invalid"))

        var removed = original
        removed.remove(at: 1)
        try Fixtures.write(removed, to: ledger)
        result = try verify("--ledger", ledger.path, publicKey: files.publicKeyPath, fingerprint: files.keyID)
        #expect(result.status == 1)
        #expect(result.output.contains("FAIL \(ledger.path):2 entry 3: seq is 3, expected 2"))

        try Fixtures.write(original, to: ledger)
        let other = try SigningKeys.generate(directory: directory.appendingPathComponent("other").path)
        result = try verify("--ledger", ledger.path, publicKey: other.publicKeyPath, fingerprint: other.keyID)
        #expect(result.status == 1)
        #expect(result.output.contains("envelope names key id \(files.keyID), the public key given is \(other.keyID)"))

        result = try verify(
            "--ledger", directory.appendingPathComponent("absent.jsonl").path, publicKey: files.publicKeyPath,
            fingerprint: files.keyID)
        #expect(result.status == 2)
    }

    @Test("a key beside the ledger needs a matching --key-fingerprint; a replaced key is refused with exit 2")
    func pinning() throws {
        let (directory, files, key, _) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 2, key: key)
        let unpinned = try verify("--ledger", ledger.path, publicKey: files.publicKeyPath, fingerprint: nil)
        #expect(unpinned.status == 2, "\(unpinned.output)")
        #expect(unpinned.output.contains("not trusted by itself") && !unpinned.output.contains("VERIFIED"))

        // The attacker's key in place of the genuine one, the ledger re-signed with it.
        let forgedFiles = try SigningKeys.generate(directory: directory.appendingPathComponent("forged").path)
        let forged = try Fixtures.ledger(
            in: directory.appendingPathComponent("forged"), count: 2,
            key: SigningKeys.loadPrivate(path: forgedFiles.privateKeyPath))
        let replaced = try verify(
            "--ledger", forged.path, publicKey: forgedFiles.publicKeyPath, fingerprint: files.keyID)
        #expect(replaced.status == 2, "\(replaced.output)")
        #expect(replaced.output.contains("not the pinned \(files.keyID)"))

        // A copy of the genuine key kept elsewhere is a pin by itself.
        let auditor = try TestPaths.temporaryDirectory("cleanroom-auditor")
        defer { try? FileManager.default.removeItem(at: auditor) }
        let copy = auditor.appendingPathComponent("signing.pub").path
        try FileManager.default.copyItem(atPath: files.publicKeyPath, toPath: copy)
        let pinned = try verify("--ledger", ledger.path, publicKey: copy, fingerprint: nil)
        #expect(pinned.status == 0 && pinned.output.contains("pinned by public key file \(copy)"), "\(pinned.output)")
        let againstForged = try verify("--ledger", forged.path, publicKey: copy, fingerprint: nil)
        #expect(againstForged.status == 1 && againstForged.output.contains("FAILED"), "\(againstForged.output)")
    }

    @Test("--expect-head fails once the last entry is deleted or rewritten")
    func expectHead() throws {
        let (directory, files, key, _) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 3, key: key)
        let head = try #require(try ledger.head())
        let lines = try Fixtures.lines(of: ledger)
        let run = {
            try verify(
                "--ledger", ledger.path, publicKey: files.publicKeyPath, fingerprint: files.keyID,
                extra: ["--expect-head", "\(head.seq):\(head.digest)"])
        }
        #expect(try run().status == 0)
        try Fixtures.write(Array(lines.prefix(2)), to: ledger)
        let truncated = try run()
        #expect(
            truncated.status == 1 && truncated.output.contains("entries were removed from its end"),
            "\(truncated.output)")
        try ledger.append(EvidenceSigner.sign(Fixtures.maskStatement(7), key: key))
        let rewritten = try run()
        #expect(rewritten.status == 1 && rewritten.output.contains("rewritten or forked"), "\(rewritten.output)")
    }

    @Test(
        "--since judges the stored entry and what follows, as `evidence verify --since` does, and combines with --expect-head"
    )
    func since() throws {
        let (directory, files, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 5, key: key)
        let original = try Fixtures.lines(of: ledger)
        let since = LedgerHead(seq: 3, digest: Hex.encode(SHA256Hasher.digest(Array(original[2].utf8))))
        let head = try #require(try ledger.head())
        /// The script's verdict with `--since`, which must agree with Cleanroom's own.
        func check(_ lines: [String], expectHead: LedgerHead? = nil) throws -> Subprocess.Outcome {
            try Fixtures.write(lines, to: ledger)
            let result = try verify(
                "--ledger", ledger.path, publicKey: files.publicKeyPath, fingerprint: files.keyID,
                extra: ["--since", "\(since.seq):\(since.digest)"]
                    + (expectHead.map { ["--expect-head", "\($0.seq) \($0.digest)"] } ?? []))
            let swift = try ledger.verify(publicKey: publicKey, expectedHead: expectHead, since: since)
            #expect((result.status == 0) == swift.isValid, "python: \(result.output)\nswift: \(swift.problems)")
            return result
        }
        func edited(_ index: Int) -> [String] {
            var lines = original
            lines[index] = lines[index].replacingOccurrences(of: #""payload":"ey"#, with: #""payload":"eY"#)
            return lines
        }

        let intact = try check(original, expectHead: head)
        #expect(intact.status == 0, "\(intact.output)")
        #expect(
            intact.output.contains("VERIFIED: 5 line(s), checked from entry 3 on, 0 failure(s)"), "\(intact.output)")
        #expect(intact.output.contains("--   \(ledger.path):2 entry 2: before the entry verified since, not judged"))

        let before = try check(edited(1))  // entry 2's signature fails, and the link into entry 3 with it
        #expect(before.status == 0, "\(before.output)")
        let removedBefore = try check(Array(original[2...]))  // entries 1 and 2 gone
        #expect(removedBefore.status == 0, "\(removedBefore.output)")

        let after = try check(edited(3))
        #expect(after.status == 1 && after.output.contains("FAIL \(ledger.path):4 entry 4: signature invalid"))
        let itself = try check(edited(2))
        #expect(itself.status == 1 && itself.output.contains("rewritten or forked"), "\(itself.output)")
        let gap = try check(original.enumerated().filter { $0.offset != 3 }.map(\.element))
        #expect(gap.status == 1 && gap.output.contains("entry 5: seq is 5, expected 4"), "\(gap.output)")
        let cut = try check(Array(original.prefix(2)))
        #expect(cut.status == 1 && cut.output.contains("entries were removed from its end"), "\(cut.output)")
        let cutAfter = try check(Array(original.prefix(4)), expectHead: head)
        #expect(cutAfter.status == 1 && cutAfter.output.contains("the expected head, entry 5"), "\(cutAfter.output)")

        let malformed = try Subprocess.run([
            "python3", Self.script, "--ledger", ledger.path, "--public-key", files.publicKeyPath,
            "--key-fingerprint", files.keyID, "--since", "3:nothex",
        ])
        #expect(malformed.status == 2 && malformed.output.contains("--since '3:nothex' is not SEQ:DIGEST"))
    }
}
