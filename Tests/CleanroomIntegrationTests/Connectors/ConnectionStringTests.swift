import CleanroomConnectors
import CleanroomCore
import Foundation
import TestSupport
import Testing

/// libpq's `key=value` form as a stand-in for a URL, against the real cluster.
func keywordForm(_ address: PostgresAddress) -> String {
    func quoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
    var text =
        "host=\(address.host) port=\(address.port) user=\(quoted(address.user)) dbname=\(quoted(address.database))"
    if let password = address.password { text += " password=\(quoted(password))" }
    return text
}

/// The cluster's host, port and login as `PG*` variables, for a child process only.
func libpqVariables(_ address: PostgresAddress) -> [String: String] {
    ["PGHOST": address.host, "PGPORT": String(address.port), "PGUSER": address.user]
}

@Suite("PostgreSQL connection strings against the cluster", .testCluster)
struct ConnectionStringTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    @Test("a key=value string connects where its URL does, and `scan` reaches a database named by PG* alone")
    func keywordConnects() throws {
        let keywords = try PostgresAddress(parsing: keywordForm(server.address))
        #expect(keywords == server.address)
        let answer = try PostgresConnection(address: keywords)
            .query("SELECT current_database(), current_user", context: "logging in by key=value")
        #expect(answer == [[server.address.database, server.address.user]])

        try server.withDatabase("conninfo_scan", setup: "CREATE TABLE person (id int PRIMARY KEY, email text);") {
            database in
            let scanned = try Subprocess.start(
                CommandLineRunner.binary, ["scan", "--source", "dbname=\(database.database)"],
                environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
                    .merging(libpqVariables(server.address)) { $1 }
            ).wait()
            #expect(scanned.status == 0, "\(scanned.all)")
            #expect(scanned.all.contains("person"), "\(scanned.all)")
        }
    }

    @Test("--check-target finds the environment through an auditor's own login; a wrong database is not tampering")
    func checkTargetWithAnotherLogin() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        let auditor = "auditor_\(UUID().uuidString.prefix(8).lowercased())"
        let password = "Aud1t-\(UUID().uuidString)"
        try server.withDatabase("conninfo_src", setup: EvidenceCommandTests.setup) { source in
            let target = server.unusedAddress("conninfo_dst")
            defer {
                server.drop(target)
                try? PostgresConnection(address: server.address).exec(
                    "DROP ROLE IF EXISTS \(PostgresSQL.quoteIdentifier(auditor))", context: "dropping the auditor")
            }
            let run = try runner.run([
                "mask", "--source", keywordForm(source), "--target", target.description,
                "--rules", EvidenceCommandTests.rules(billing: "{ fake: email }"), "--quiet",
            ])
            #expect(run.status == 0, "\(run.all)")
            try PostgresConnection(address: server.address).exec(
                "CREATE ROLE \(PostgresSQL.quoteIdentifier(auditor)) LOGIN", context: "creating the auditor")
            try PostgresConnection(address: server.address).setPassword(password, forRole: auditor)
            try PostgresConnection(address: target).exec(
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(PostgresSQL.quoteIdentifier(auditor))",
                context: "granting the auditor read access")

            let asAuditor = target.with(user: auditor, password: password)
            for form in [keywordForm(asAuditor), asAuditor.urlWithPassword] {
                let verified = try runner.run(["evidence", "verify", "--check-target", form])
                #expect(verified.status == 0, "\(verified.all)")
                #expect(verified.stdout.contains("public.customer matches entry 1"), "\(verified.all)")
                #expect(!verified.all.contains(password))
            }

            let elsewhere = asAuditor.with(database: target.database + "_x")
            let wrong = try runner.run(["evidence", "verify", "--check-target", keywordForm(elsewhere)])
            #expect(wrong.status == 2, "\(wrong.all)")
            #expect(wrong.stderr.contains("no successful run in the ledger wrote this database"), "\(wrong.all)")
            #expect(wrong.stderr.contains(target.description), "the message lists the stores the ledger knows")
            #expect(
                !wrong.all.contains("INVALID") && !wrong.all.contains("changed since") && !wrong.all.contains(password))
        }
    }

    @Test("mask refuses a target that is its source however either is written (key=value, PG* variables, URL)")
    func targetIsSource() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        try server.withDatabase("conninfo_same", setup: EvidenceCommandTests.setup) { source in
            let rules = try EvidenceCommandTests.rules(billing: "{ fake: email }")
            let variables = libpqVariables(server.address)
            let pairs: [(source: String, target: String)] = [
                (keywordForm(source), source.description),
                (source.description, keywordForm(source)),
                (
                    "dbname=\(source.database)",
                    "postgres://\(source.user)@\(source.host):\(source.port)/\(source.database)"
                ),
                ("dbname=\(source.database)", "dbname=\(source.database)"),
            ]
            for pair in pairs {
                let refused = try runner.run(
                    ["mask", "--source", pair.source, "--target", pair.target, "--rules", rules, "--quiet"],
                    extraEnvironment: variables)
                #expect(refused.status == 3, "\(pair): \(refused.all)")
                #expect(refused.stderr.contains("the target is the source"), "\(refused.stderr)")
            }
            #expect(try server.databaseExists(source.database))
        }
    }
}
