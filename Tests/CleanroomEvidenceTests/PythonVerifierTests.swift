import CleanroomCrypto
import CleanroomEvidence
import Foundation
import Testing
import TestSupport

/// scripts/verify_evidence.py, an independent verifier, run as a subprocess on our output.
@Suite("Independent Python verifier")
struct PythonVerifierTests {
    static let script = TestPaths.repositoryRoot.appendingPathComponent("scripts/verify_evidence.py").path

    func verify(_ option: String, _ path: String, publicKey: String) throws -> Subprocess.Outcome {
        try Subprocess.run(["python3", Self.script, option, path, "--public-key", publicKey])
    }

    @Test("its PAE reproduces the DSSE v1 specification's example")
    func pae() throws {
        let check = "import sys; sys.path.insert(0, sys.argv[1]); import verify_evidence as v; "
            + "assert v.pae(b'http://example.com/HelloWorld', b'hello world') == b'DSSEv1 29 http://example.com/HelloWorld 11 hello world'"
        let result = try Subprocess.run(["python3", "-c", check, URL(fileURLWithPath: Self.script).deletingLastPathComponent().path])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("a good ledger and a single envelope pass")
    func passes() throws {
        let (directory, files, key, _) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 4, key: key)
        let result = try verify("--ledger", ledger.path, publicKey: files.publicKeyPath)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("VERIFIED: 4 line(s), 0 failure(s), key id \(files.keyID)"))
        #expect(result.output.contains("ok   \(ledger.path):4 entry 4: mask succeeded, 1 subject(s)"))

        let envelopePath = directory.appendingPathComponent("run.dsse.json").path
        try Data(EvidenceJSON.encode(EvidenceSigner.sign(Fixtures.maskStatement(), key: key))).write(to: URL(fileURLWithPath: envelopePath))
        let single = try verify("--envelope", envelopePath, publicKey: files.publicKeyPath)
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
        var result = try verify("--ledger", ledger.path, publicKey: files.publicKeyPath)
        #expect(result.status == 1)
        #expect(result.output.contains("FAIL \(ledger.path):2 entry 2: signature invalid"))

        var removed = original
        removed.remove(at: 1)
        try Fixtures.write(removed, to: ledger)
        result = try verify("--ledger", ledger.path, publicKey: files.publicKeyPath)
        #expect(result.status == 1)
        #expect(result.output.contains("FAIL \(ledger.path):2 entry 3: seq is 3, expected 2"))

        try Fixtures.write(original, to: ledger)
        let other = try SigningKeys.generate(directory: directory.appendingPathComponent("other").path)
        result = try verify("--ledger", ledger.path, publicKey: other.publicKeyPath)
        #expect(result.status == 1)
        #expect(result.output.contains("envelope names key id \(files.keyID), the public key given is \(other.keyID)"))

        result = try verify("--ledger", directory.appendingPathComponent("absent.jsonl").path, publicKey: files.publicKeyPath)
        #expect(result.status == 2)
    }
}
