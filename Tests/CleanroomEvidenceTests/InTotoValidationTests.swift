import CleanroomCore
import CleanroomCrypto
import CleanroomEvidence
import Foundation
import TestSupport
import Testing

/// Statements of every kind, as the recorder writes them, checked by third-party code: the
/// `in-toto-attestation` package's v1 Statement validator and `securesystemslib`'s DSSE verification
/// (StatementFixtures/validate_in_toto.py). scripts/test.sh installs both and sets
/// `CLEANROOM_TEST_REQUIRE_PYTHON=1`, under which their absence fails these tests instead of skipping them.
@Suite("in-toto v1 validity (in-toto-attestation, securesystemslib)")
struct InTotoValidationTests {
    static let packagesInstalled = InTotoValidator.packagesInstalled
    static let required = InTotoValidator.required
    static let registry = "postgres://admin@127.0.0.1:5432/cleanroom_registry"
    static let dropped = ["database cr_ci-42", "role cr_ci-42_owner"]

    /// Runs the validator on `ledger`, verifying with `key`.
    func validate(_ ledger: Ledger, key: Ed25519PublicKey) throws -> Subprocess.Outcome {
        #expect(Self.packagesInstalled, "python3 cannot import in_toto_attestation and securesystemslib")
        return try InTotoValidator.validate(ledger.path, publicKeyHex: Hex.encode(key.raw), keyID: key.keyID)
    }

    /// A ledger holding one statement of every kind and outcome, each written the way the run that
    /// records it writes it (a repair after a half line); the key rotation last, so every entry is
    /// signed by `key`.
    func everyKind(in directory: URL, key: Ed25519PrivateKey) throws -> Ledger {
        let recorder = try EvidenceRecorder(
            ledgerPath: directory.appendingPathComponent("ledger.jsonl").path, signingKey: key, toolVersion: "0.9.0")
        let started = Fixtures.started
        let environment = EnvironmentFacts(environment: "ci-42", classification: "test")
        let endpoint = "postgres://ci@127.0.0.1:5432/cr_ci-42"
        func header(_ kind: RunKind, _ target: RunTarget) -> RunHeader {
            RunHeader(
                kind: kind, toolVersion: "0.9.0", target: target, startedAt: started,
                finishedAt: started.addingTimeInterval(3), outcome: .succeeded)
        }
        let erasure = ErasurePredicate.Erasure(dropped: Self.dropped, erasedAt: started.addingTimeInterval(3))

        try recorder.append(Fixtures.maskStatement(1))
        try recorder.recordFailure(
            kind: .mask, target: "sqlite:/tmp/out.sqlite",
            failure: RunFailure(message: "same database", refusedGuard: "separation: target is not the source"),
            startedAt: started, rulesPath: "rules/pagila.yaml", rulesDigest: String(repeating: "1e", count: 32))
        try recorder.recordFailure(
            kind: .provision, target: endpoint, failure: RunFailure(message: "template not found"),
            startedAt: started, facts: environment)
        try recorder.append(
            Statement(
                teardownOf: "ci-42",
                predicate: ErasurePredicate(
                    header: header(.teardown, environment.target(endpoint: endpoint)), erasure: erasure)))
        try recorder.recordFailure(
            kind: .teardown, target: endpoint, failure: RunFailure(message: "dropping database cr_ci-42 failed"),
            startedAt: started, facts: environment)
        try recorder.append(
            Statement(
                collecting: Self.registry, environments: [("ci-42", Self.dropped)],
                predicate: ErasurePredicate(header: header(.gc, RunTarget(endpoint: Self.registry)), erasure: erasure)))
        try recorder.recordFailure(
            kind: .gc, target: Self.registry, failure: RunFailure(message: "registry unreachable"), startedAt: started)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: recorder.ledger.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"envelope":{"payload":"ey"#.utf8))
        try handle.close()
        try recorder.ledger.repair(key: key, toolVersion: "0.9.0", at: started)
        let next = try Ed25519PrivateKey(seed: Array(repeating: 0x42, count: 32)).publicKey()
        try recorder.ledger.appendRotation(from: key, to: next, toolVersion: "0.9.0")
        return recorder.ledger
    }

    @Test(
        "every kind and outcome is a valid in-toto v1 Statement in a DSSE envelope that verifies",
        .enabled(
            if: packagesInstalled || required,
            "in-toto-attestation and securesystemslib are not installed (scripts/test.sh installs them)"))
    func everyKindValidates() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try everyKind(in: directory, key: key)
        let result = try validate(ledger, key: publicKey)
        #expect(result.status == 0, "\(result.output)")
        let next = try Ed25519PrivateKey(seed: Array(repeating: 0x42, count: 32)).publicKey()
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "ok 1 mask succeeded table:public.customer",
                "ok 2 mask failed rules:rules/pagila.yaml",
                "ok 3 provision failed target:postgres://ci@127.0.0.1:5432/cr_ci-42",
                "ok 4 teardown succeeded environment:ci-42",
                "ok 5 teardown failed environment:ci-42",
                "ok 6 gc succeeded registry:\(Self.registry) environment:ci-42",
                "ok 7 gc failed registry:\(Self.registry)",
                "ok 8 ledger-repair succeeded file:\(ledger.path).damaged-20260101T000000Z",
                "ok 9 key-rotation succeeded key:ed25519:\(next.keyID)",
            ], "\(result.output)")
    }

    @Test(
        "a statement without a subject, a tampered payload and another key's signature are rejected",
        .enabled(
            if: packagesInstalled || required,
            "in-toto-attestation and securesystemslib are not installed (scripts/test.sh installs them)"))
    func rejections() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = Ledger(path: directory.appendingPathComponent("ledger.jsonl").path)
        var old = Fixtures.maskStatement(1)
        old.subject = []  // as version 1 wrote failures, teardowns and gc runs
        try ledger.append(EvidenceSigner.sign(old, key: key))
        try ledger.append(EvidenceSigner.sign(Fixtures.maskStatement(2), key: key))
        let other = try Ed25519PrivateKey(seed: Array(repeating: 0x09, count: 32))
        // The ledger refuses another key; an attacker writes the file.
        try Fixtures.forge(EvidenceSigner.sign(Fixtures.maskStatement(3), key: other), after: ledger, seq: 3)
        var lines = try Fixtures.lines(of: ledger)
        lines[1] = lines[1].replacingOccurrences(of: #""payload":"ey"#, with: #""payload":"eY"#)
        try Fixtures.write(lines, to: ledger)

        let result = try validate(ledger, key: publicKey)
        #expect(result.status == 1, "\(result.output)")
        let output = result.stdout.split(separator: "\n").map(String.init)
        #expect(output.count == 3, "\(result.output)")
        #expect(output.first == "FAIL 1: ValueError: At least one subject required", "\(result.output)")
        #expect(output.dropFirst().allSatisfy { $0.hasPrefix("FAIL") && $0.contains("VerificationError") })
    }
}
