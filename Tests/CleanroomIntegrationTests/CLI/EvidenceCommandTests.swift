import CleanroomConnectors
import CleanroomCrypto
import CleanroomEvidence
import Foundation
import TestSupport
import Testing

@Suite("evidence from the command line: leak probe, verify, tampering, live re-digest, report", .testCluster)
struct EvidenceCommandTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    static let setup = """
        CREATE TABLE customer (id integer PRIMARY KEY, email text NOT NULL);
        CREATE TABLE invoice (id integer PRIMARY KEY, customer_id integer REFERENCES customer, billing_email text);
        INSERT INTO customer SELECT i, 'person' || i || '@mail.test' FROM generate_series(1, 200) i;
        INSERT INTO invoice SELECT i, i, 'person' || i || '@mail.test' FROM generate_series(1, 200) i;
        """

    static func sha256Hex(_ text: String) -> String {
        SHA256Hasher.digest(Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func rules(billing: String) throws -> String {
        let url = try TestPaths.temporaryDirectory().appendingPathComponent("rules.yaml")
        try """
        version: 1
        tables:
          customer:
            columns: { id: keep, email: { fake: email, unique: true } }
          invoice:
            columns: { id: keep, customer_id: keep, billing_email: \(billing) }
        """.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test("a planted leak (a kept column repeating a masked one) fails the run: exit 1, no target, a failed record")
    func plantedLeak() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        try server.withDatabase("leak_src", setup: Self.setup) { source in
            let target = server.unusedAddress("leak_dst")
            defer { server.drop(target) }
            let outcome = try runner.run([
                "mask", "--source", source.description, "--target", target.description,
                "--rules", Self.rules(billing: "keep"), "--quiet",
            ])
            #expect(outcome.status == 1)
            #expect(outcome.stderr.contains("leak probe failed"))
            #expect(outcome.stderr.contains("public.invoice.billing_email"))
            #expect(try !server.databaseExists(target.database))
            let records = try MaskCommandTests.headers(runner)
            #expect(records.count == 1 && records[0].outcome == .failed)
        }
    }

    @Test("verify passes an intact ledger and names each tampering; --check-target finds a changed row")
    func tampering() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        try server.withDatabase("verify_src", setup: Self.setup) { source in
            let targets = (0..<3).map { server.unusedAddress("verify_dst\($0)") }
            defer { targets.forEach(server.drop) }
            for target in targets {
                let run = try runner.run([
                    "mask", "--source", source.description, "--target", target.description,
                    "--rules", Self.rules(billing: "{ fake: email }"), "--quiet",
                ])
                #expect(run.status == 0, "\(run.stderr)")
            }
            // Three separate processes, one key: identical attested content.
            let ledgerKey = try SigningKeys.loadPublic(
                path: runner.home.appendingPathComponent("keys/signing.pub").path)
            let subjects = try Ledger(path: runner.ledgerPath).verify(publicKey: ledgerKey).records.map(\.subjects)
            #expect(subjects.count == 3 && subjects[0].count == 2)
            #expect(subjects.allSatisfy { $0 == subjects[0] })
            let intact = try runner.run(["evidence", "verify", "--check-target", targets[1].description])
            #expect(intact.status == 0, "\(intact.all)")
            #expect(intact.stdout.contains("verdict: valid"))
            #expect(intact.stdout.contains("public.customer matches entry 2"))
            // The same URL from a variable: never in the arguments; a missing variable or both forms are usage errors.
            let fromVariable = try runner.run(
                ["evidence", "verify", "--check-target-env", "ENV_URL"],
                extraEnvironment: ["ENV_URL": targets[1].description])
            #expect(fromVariable.status == 0 && fromVariable.stdout.contains("public.customer matches entry 2"))
            let unset = try runner.run(["evidence", "verify", "--check-target-env", "CLEANROOM_UNSET_URL"])
            #expect(unset.status == 2 && unset.stderr.contains("CLEANROOM_UNSET_URL"), "\(unset.all)")
            let both = try runner.run(
                ["evidence", "verify", "--check-target", targets[1].description, "--check-target-env", "ENV_URL"],
                extraEnvironment: ["ENV_URL": targets[1].description])
            #expect(both.status == 2, "\(both.all)")

            // A changed row in the live environment.
            try PostgresConnection(address: targets[1]).exec(
                "UPDATE customer SET email = 'x@example.com' WHERE id = 7", context: "tampering")
            let changed = try runner.run(["evidence", "verify", "--check-target", targets[1].description])
            #expect(changed.status == 1)
            #expect(changed.stdout.contains("public.customer changed since entry 2"))

            let original = try String(contentsOfFile: runner.ledgerPath, encoding: .utf8)
            let lines = original.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            #expect(lines.count == 3)
            func verify(_ ledger: String) throws -> CommandLineRunner.Outcome {
                try ledger.write(toFile: runner.ledgerPath, atomically: true, encoding: .utf8)
                return try runner.run(["evidence", "verify"])
            }
            // An edited byte inside the signed payload: flip one base64 character of entry 2.
            var edited = lines
            let payloadStart = try #require(edited[1].range(of: "\"payload\":\"")).upperBound
            let index = edited[1].index(payloadStart, offsetBy: 40)
            edited[1].replaceSubrange(index...index, with: edited[1][index] == "A" ? "B" : "A")
            let editedOutcome = try verify(edited.joined(separator: "\n") + "\n")
            #expect(editedOutcome.status == 1)
            #expect(editedOutcome.stdout.contains("entry 2"))
            // A removed entry.
            let removed = try verify([lines[0], lines[2]].joined(separator: "\n") + "\n")
            #expect(removed.status == 1)
            #expect(removed.stdout.lowercased().contains("missing"))
            // A removed entry with the next one re-chained (seq and prev rewritten to fit): only the
            // position signed inside the statement can tell.
            let rechained = lines[2]
                .replacingOccurrences(of: "\"seq\":3", with: "\"seq\":2")
                .replacingOccurrences(
                    of: try #require(lines[2].firstMatch(of: /"prev":"[0-9a-f]{64}"/)).output.description,
                    with: "\"prev\":\"\(Self.sha256Hex(lines[0]))\"")
            #expect(rechained != lines[2])
            let rechainedLedger = [lines[0], rechained].joined(separator: "\n") + "\n"
            let hidden = try verify(rechainedLedger)
            #expect(hidden.status == 1)
            #expect(hidden.stdout.contains("was signed as entry 3"))
            let python = try Subprocess.run(
                [
                    "python3", "scripts/verify_evidence.py", "--ledger", runner.ledgerPath,
                    "--public-key", runner.home.appendingPathComponent("keys/signing.pub").path,
                    "--key-fingerprint", ledgerKey.keyID,
                ],
                in: TestPaths.repositoryRoot)
            #expect(python.status != 0)
            #expect(python.output.contains("position signed inside the statement"))
            // Reordered entries.
            let reordered = try verify([lines[0], lines[2], lines[1]].joined(separator: "\n") + "\n")
            #expect(reordered.status == 1)
            #expect(reordered.stdout.lowercased().contains("order"))
            // The intact ledger again, under a wrong public key.
            try original.write(toFile: runner.ledgerPath, atomically: true, encoding: .utf8)
            let other = try CommandLineRunner()
            defer { other.cleanUp() }
            let wrongKey = try runner.run([
                "evidence", "verify", "--public-key", other.home.appendingPathComponent("keys/signing.pub").path,
            ])
            #expect(wrongKey.status == 1)
            #expect(wrongKey.stdout.contains("key"))
            // Each verdict is its own.
            #expect(
                Set([editedOutcome.stdout, removed.stdout, hidden.stdout, reordered.stdout, wrongKey.stdout]).count == 5
            )

            // The auditor's report from the intact ledger: one section per control, links resolve.
            let report = runner.home.deletingLastPathComponent().appendingPathComponent("report.html").path
            #expect(try runner.run(["evidence", "report", "--out", report]).status == 0)
            let html = try String(contentsOfFile: report, encoding: .utf8)
            for control in ["A 8.33", "A 8.11", "A 8.31", "A 8.10", "A 8.15"] { #expect(html.contains(control)) }
            #expect(!html.contains("http://") && !html.contains("<script src") && !html.contains("<link "))
        }
    }
}
