import CleanroomCore
import CleanroomCrypto
import CleanroomEvidence
import Foundation
import TestSupport
import Testing

@Suite("Key rotation in the ledger")
struct KeyRotationTests {
    /// A ledger of 2 entries under the old key, a rotation to a new key, 2 entries under the new key.
    static func rotatedLedger(
        _ directory: URL, old: Ed25519PrivateKey
    ) throws -> (Ledger, Ed25519PrivateKey, SigningKeyFiles) {
        let ledger = try Fixtures.ledger(in: directory, count: 2, key: old)
        let files = try SigningKeys.generate(directory: directory.appendingPathComponent("next").path)
        let next = try SigningKeys.loadPrivate(path: files.privateKeyPath)
        let rotation = try ledger.appendRotation(from: old, to: try next.publicKey(), toolVersion: "0.1.0")
        #expect(rotation.seq == 3)
        for number in 4...5 { try ledger.append(EvidenceSigner.sign(Fixtures.maskStatement(number), key: next)) }
        return (ledger, next, files)
    }

    @Test("verifying from the old key follows the signed rotation; the new key alone does not verify the old entries")
    func follows() throws {
        let (directory, files, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (ledger, next, nextFiles) = try Self.rotatedLedger(directory, old: key)
        let report = try ledger.verify(publicKey: publicKey)
        #expect(report.problems == [])
        #expect(report.keyID == files.keyID && report.rotatedKeyIDs == [nextFiles.keyID])
        #expect(report.verdict.contains("then the rotated key id \(nextFiles.keyID)"))
        let rotation = try #require(report.records[2].statement?.keyRotation)
        #expect(
            rotation.predicate.header.kind == .keyRotation && rotation.predicate.rotation.nextKeyID == nextFiles.keyID)
        #expect(rotation.subject == [Subject(name: "key:ed25519:\(nextFiles.keyID)", sha256: nextFiles.keyID)])

        let fromNew = try ledger.verify(publicKey: try next.publicKey())
        #expect(!fromNew.isValid)
        #expect(fromNew.problems.compactMap(\.location?.line) == [1, 2, 3])
    }

    @Test("after a rotation the retired key no longer signs: its entry fails")
    func retiredKeyRefused() throws {
        let (directory, files, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (ledger, _, nextFiles) = try Self.rotatedLedger(directory, old: key)
        try ledger.append(EvidenceSigner.sign(Fixtures.maskStatement(6), key: key))
        let report = try ledger.verify(publicKey: publicKey)
        #expect(report.problems.count == 1)
        guard case .signatureInvalid(6, let location, _) = try #require(report.problems.first) else {
            Issue.record("expected entry 6 to fail its signature: \(report.problems)")
            return
        }
        #expect(location.line == 6)

        // The independent verifier follows the same rotation, and rejects the same entry.
        let script = TestPaths.repositoryRoot.appendingPathComponent("scripts/verify_evidence.py").path
        let python = try Subprocess.run([
            "python3", script, "--ledger", ledger.path, "--public-key", files.publicKeyPath,
            "--key-fingerprint", files.keyID,
        ])
        #expect(python.status == 1, "\(python.output)")
        #expect(
            python.output.contains(
                "entry 3: key-rotation succeeded, 1 subject(s), rotates to key id \(nextFiles.keyID)"))
        #expect(python.output.contains("FAIL \(ledger.path):6 entry 6: signature invalid"))
        #expect(python.output.contains("ok   \(ledger.path):5 entry 5"))
    }
}
