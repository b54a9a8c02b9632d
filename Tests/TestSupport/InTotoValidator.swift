import Foundation

/// The third-party check of a ledger's statements (Tests/CleanroomEvidenceTests/StatementFixtures/
/// validate_in_toto.py): securesystemslib verifies each DSSE envelope, in-toto-attestation validates
/// each payload as a v1 Statement. scripts/test.sh installs both packages and sets
/// `CLEANROOM_TEST_REQUIRE_PYTHON=1`, under which their absence fails a test instead of skipping it.
public enum InTotoValidator {
    public static let script = TestPaths.repositoryRoot.appendingPathComponent(
        "Tests/CleanroomEvidenceTests/StatementFixtures/validate_in_toto.py"
    ).path
    public static let packagesInstalled =
        (try? Subprocess.run(["python3", "-c", "import in_toto_attestation, securesystemslib.dsse"]))?.status == 0
    public static let required = ProcessInfo.processInfo.environment["CLEANROOM_TEST_REQUIRE_PYTHON"] == "1"

    /// Validates every line of the ledger at `path` under the Ed25519 key whose raw bytes are
    /// `publicKeyHex` and whose key id is `keyID`: "ok SEQ KIND OUTCOME SUBJECT…" or "FAIL SEQ: why" per
    /// line, exit 1 if any failed.
    public static func validate(_ path: String, publicKeyHex: String, keyID: String) throws -> Subprocess.Outcome {
        try Subprocess.run(["python3", script, path, publicKeyHex, keyID])
    }
}
