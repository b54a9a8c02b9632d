import CleanroomConnectors
import CleanroomEvidence
import Foundation
import TestSupport
import Testing

@Suite("cleanroom mask from the command line", .testCluster)
struct MaskCommandTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    /// The headers of the verified statements in a workspace's ledger, in order.
    static func headers(_ runner: CommandLineRunner) throws -> [RunHeader] {
        let key = try SigningKeys.loadPublic(path: runner.home.appendingPathComponent("keys/signing.pub").path)
        let report = try Ledger(path: runner.ledgerPath).verify(publicKey: key)
        #expect(report.isValid)
        return report.records.compactMap { $0.statement?.header }
    }

    @Test("a column no rule names: exit 3 naming it, no target, a failed record and no success in the ledger")
    func uncoveredColumn() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        try server.withDatabase(
            "cli_drift", pagila: true, setup: "ALTER TABLE public.customer ADD COLUMN favourite_colour text"
        ) { source in
            let target = server.unusedAddress("cli_drift_dst")
            defer { server.drop(target) }
            let outcome = try runner.run([
                "mask", "--source", source.description, "--target", target.description, "--rules",
                Fixtures.pagilaRulesPath,
            ])
            #expect(outcome.status == 3)
            #expect(outcome.stderr.contains("public.customer.favourite_colour"))
            #expect(try !server.databaseExists(target.database))
            let records = try Self.headers(runner)
            #expect(records.count == 1)
            #expect(records.first?.outcome == .failed)
            #expect(records.first?.guards.contains { $0.decision == .refused } == true)
        }
    }

    static let bigSetup = """
        CREATE TABLE big (id bigint PRIMARY KEY, note text, phone text);
        INSERT INTO big SELECT i, repeat(md5(i::text), 4), lpad((i::bigint * 7919 % 10000000000)::text, 10, '0') FROM generate_series(1, 1500000) i;
        """

    static func bigRules() throws -> String {
        let rules = try TestPaths.temporaryDirectory().appendingPathComponent("big.yaml")
        try
            "version: 1\ntables:\n  big:\n    columns:\n      id: keep\n      note: { hash: { length: 32 } }\n      phone: { fpe: digits }\n"
            .write(to: rules, atomically: true, encoding: .utf8)
        return rules.path
    }

    /// Waits until the source's COPY is under way, then runs `body` (at most ~12 s of polling).
    static func whenCopying(_ server: PostgresTestServer, database: String, _ body: () throws -> Void) throws -> Bool {
        let admin = try PostgresConnection(address: server.address)
        for _ in 0..<600 {
            let rows = try admin.query(
                "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'COPY%' AND pid <> pg_backend_pid()",
                [database], context: "watching the reader")
            if !rows.isEmpty {
                try body()
                return true
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    @Test("a source connection killed mid-load: non-zero exit, no target database, the ledger records the failure")
    func killedConnection() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        let rules = try Self.bigRules()
        try server.withDatabase("cli_kill", setup: Self.bigSetup) { source in
            let target = server.unusedAddress("cli_kill_dst")
            defer { server.drop(target) }
            let running = try runner.start([
                "mask", "--source", source.description, "--target", target.description, "--rules", rules, "--quiet",
            ])
            let killed = try Self.whenCopying(server, database: source.database) {
                _ = try PostgresConnection(address: server.address).query(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'COPY%'",
                    [source.database], context: "terminating the reader")
            }
            let result = running.wait()
            #expect(killed)
            #expect(result.status == 1)
            #expect(result.stderr.contains("big"))
            #expect(try !server.databaseExists(target.database))
            let records = try Self.headers(runner)
            #expect(records.count == 1 && records.allSatisfy { $0.outcome == .failed })
        }
    }

    @Test(
        "SIGTERM (a CI time-out) or SIGINT mid-load: exit 128+N, no target database or stage, and a signed failed entry saying so",
        arguments: [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")])
    func interrupted(signal: Int32, name: String) throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        let rules = try Self.bigRules()
        try server.withDatabase("cli_term", setup: Self.bigSetup) { source in
            let target = server.unusedAddress("cli_term_dst")
            defer { server.drop(target) }
            let running = try runner.start([
                "mask", "--source", source.description, "--target", target.description, "--rules", rules, "--quiet",
            ])
            let signalled = try Self.whenCopying(server, database: source.database) {
                #expect(kill(running.process.processIdentifier, signal) == 0)
            }
            let result = running.wait()
            #expect(signalled)
            #expect(result.status == 128 + signal, "\(result.all)")
            #expect(try !server.databaseExists(target.database))
            #expect(try server.stages(of: target.database).isEmpty)
            let records = try Self.headers(runner)
            #expect(records.count == 1)
            #expect(records.first?.outcome == .failed)
            #expect(
                records.first?.failureMessage?.contains("interrupted by \(name); the target was removed") == true,
                "\(String(describing: records.first?.failureMessage))")
        }
    }

    @Test("no secret in any output, ledger line or report: masking key, signing key")
    func secretsStayOut() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        try server.withDatabase("cli_secret", pagila: true) { source in
            let target = server.unusedAddress("cli_secret_dst")
            defer { server.drop(target) }
            let report = runner.home.deletingLastPathComponent().appendingPathComponent("report.html").path
            var outputs = [
                try runner.run([
                    "mask", "--source", source.description, "--target", target.description, "--rules",
                    Fixtures.pagilaRulesPath, "--json",
                ])
            ]
            #expect(outputs[0].status == 0)
            outputs.append(try runner.run(["evidence", "verify"]))
            outputs.append(try runner.run(["evidence", "report", "--out", report]))
            #expect(outputs.allSatisfy { $0.status == 0 })
            let maskingKey = try String(contentsOfFile: runner.maskingKeyPath, encoding: .utf8).trimmingCharacters(
                in: .whitespacesAndNewlines)
            let signingPEM = try String(
                contentsOfFile: runner.home.appendingPathComponent("keys/signing.key").path, encoding: .utf8)
            let signingBody = signingPEM.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
            let everything =
                outputs.map(\.all).joined() + (try String(contentsOfFile: runner.ledgerPath, encoding: .utf8))
                + (try String(contentsOfFile: report, encoding: .utf8))
            #expect(maskingKey.count == 64)
            #expect(!everything.contains(maskingKey))
            #expect(!everything.contains(String(maskingKey.prefix(16))))
            #expect(signingBody.count > 40)
            #expect(!everything.contains(signingBody))
            #expect(outputs[0].stdout.contains("keyFingerprint"))
        }
    }
}
