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

    @Test("right after a rotation entry the old key is refused, named as rotated away, and the next key signs")
    func refusedRightAfterRotation() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 2, key: key)
        let files = try SigningKeys.generate(directory: directory.appendingPathComponent("next").path)
        let next = try SigningKeys.loadPrivate(path: files.privateKeyPath)
        try ledger.appendRotation(from: key, to: try next.publicKey(), toolVersion: "0.1.0")
        let refused = try Self.refusal(ledger, publicKey.keyID) {
            try ledger.append(EvidenceSigner.sign(Fixtures.maskStatement(4), key: key))
        }
        #expect(refused == KeyInForceFields(keyIDs: [files.keyID], entry: 3, rotated: true))
        // A second rotation by the retired key would fork the chain of trust: refused as well.
        let other = try Ed25519PrivateKey.generate().publicKey()
        #expect(
            try Self.refusal(ledger, publicKey.keyID) {
                try ledger.appendRotation(from: key, to: other, toolVersion: "0.1.0")
            } == refused)
        try ledger.append(EvidenceSigner.sign(Fixtures.maskStatement(4), key: next))
        #expect(try ledger.verify(publicKey: publicKey).isValid)
    }

    @Test("a key that never signed this ledger is refused before it appends")
    func foreignKeyRefused() throws {
        let (directory, _, key, _) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 2, key: key)
        let foreign = try Ed25519PrivateKey.generate()
        let refused = try Self.refusal(ledger, try foreign.publicKey().keyID) {
            try ledger.checkAppendable(signedBy: try foreign.publicKey())
        }
        #expect(refused == KeyInForceFields(keyIDs: [try key.publicKey().keyID], entry: 2, rotated: false))
        // An empty ledger takes any key: its first entry decides.
        let fresh = Ledger(path: directory.appendingPathComponent("fresh.jsonl").path)
        try fresh.checkAppendable(signedBy: try foreign.publicKey())
    }

    @Test("after a rotation the ledger refuses the retired key, and an entry forged with it fails verification")
    func retiredKeyRefused() throws {
        let (directory, files, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (ledger, next, nextFiles) = try Self.rotatedLedger(directory, old: key)
        let before = try Data(contentsOf: URL(fileURLWithPath: ledger.path))
        let retired = try EvidenceSigner.sign(Fixtures.maskStatement(6), key: key)
        try ledger.checkAppendable(signedBy: try next.publicKey())
        let refused = try Self.refusal(ledger, publicKey.keyID) { try ledger.checkAppendable(signedBy: publicKey) }
        #expect(refused == KeyInForceFields(keyIDs: [nextFiles.keyID], entry: 5, rotated: false))
        #expect(try Self.refusal(ledger, publicKey.keyID) { try ledger.append(retired) } == refused)
        #expect(try Data(contentsOf: URL(fileURLWithPath: ledger.path)) == before)

        // Someone who writes the file directly is not stopped by that: verification is what catches it.
        try Fixtures.forge(retired, after: ledger, seq: 6)
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

    /// What a `KeyInForce` says, to compare.
    struct KeyInForceFields: Equatable {
        var keyIDs: [String]
        var entry: Int
        var rotated: Bool
    }

    /// The key in force that `body`'s `signingKeyNotInForce` refusal names, for a key `keyID` on `ledger`.
    static func refusal(_ ledger: Ledger, _ keyID: String, _ body: () throws -> Void) throws -> KeyInForceFields? {
        do {
            try body()
        } catch LedgerError.signingKeyNotInForce(let path, let refused, let inForce) {
            #expect(path == ledger.path && refused == keyID)
            let error = LedgerError.signingKeyNotInForce(path: path, keyID: refused, inForce: inForce)
            #expect(error.exitStatus == .guardRefused)
            #expect("\(error)".contains("this signs with key id \(keyID)"))
            return KeyInForceFields(keyIDs: inForce.keyIDs, entry: inForce.entry, rotated: inForce.rotated)
        }
        Issue.record("key id \(keyID) was not refused")
        return nil
    }
}
