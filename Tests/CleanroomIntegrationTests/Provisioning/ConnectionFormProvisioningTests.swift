import CleanroomConnectors
import CleanroomProvisioning
import Foundation
import TestSupport
import Testing

/// Provisioning with the connection-string forms libpq reads (key=value, `PG*` variables, IPv6), and
/// the environment commands beside a template whose server is down.
@Suite("provisioning with every connection-string form, and with a server down", .testCluster)
struct ConnectionFormProvisioningTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    /// A server nothing listens on.
    static let downServer = "postgres://postgres@127.0.0.1:1/postgres"

    @Test("target-not-source and target-not-production refuse with key=value, PG*-only and IPv6 targets")
    func guardsWithEveryForm() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let pagila = try server.sharedPagila()
        let name = uniqueName("same")
        let same = server.address.with(database: "cr_\(name)")
        try PostgresConnection(address: server.address).exec(
            "CREATE DATABASE \(PostgresSQL.quoteIdentifier(same.database))", context: "creating the look-alike")
        defer { server.drop(same) }
        try server.closeToPublic(same)

        let pgOnly = libpqVariables(server.address)
        let cases: [(guard: String, classification: String, source: String, target: String, env: [String: String])] = [
            ("target-not-source", "test", keywordForm(same), keywordForm(server.address), [:]),
            ("target-not-source", "test", "dbname=\(same.database)", "dbname=\(server.address.database)", pgOnly),
            ("target-not-source", "test", same.description, "dbname=\(server.address.database)", pgOnly),
            ("target-not-production", "production", keywordForm(pagila), "postgres://postgres@[::1]:1/postgres", [:]),
            ("target-not-production", "production", keywordForm(pagila), "host=::1 port=1 dbname=postgres", [:]),
        ]
        for c in cases {
            let templateName = uniqueName("form")
            try workspace.template(templateName, postgresTemplate(golden: false, classification: c.classification))
            let result = try workspace.cli.run(
                ["provision", templateName, "--name", name, "--quiet"],
                extraEnvironment: c.env.merging(["SRC": c.source, "TGT": c.target]) { $1 })
            #expect(result.status == 3, "\(c): \(result.all)")
            #expect(result.stderr.contains("guard \(c.guard) refused environment \(name)"), "\(c): \(result.stderr)")
            #expect(try !server.roleExists("cr_\(name)_owner"))
            let refusal = try #require(try workspace.ledger().records.last?.statement?.header)
            #expect(refusal.guards.contains { $0.name == c.guard && $0.decision == .refused })
        }
        #expect(try server.registryEntry(name) == nil)
    }

    @Test("envs, gc and teardown name the template whose server is down, go on with the others, and exit 1 at the end")
    func serverDown() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let sample = workspace.root.appendingPathComponent("sample.sqlite").path
        try DemoSample.write(to: sample)
        let rules = TestPaths.repositoryRoot.appendingPathComponent("masking-rules/demo-sample.yaml").path
        let (up, down) = (uniqueName("up"), uniqueName("down"))
        for (template, target) in [(up, "${TGT}"), (down, Self.downServer)] {
            try workspace.template(
                template,
                "source: sqlite:\(sample)\nrules: \(rules)\ntarget: \(target)\nclassification: test\nttl: 1h\n")
        }
        let variables = ["TGT": keywordForm(server.address)]
        func cleanroom(_ arguments: [String]) throws -> CommandLineRunner.Outcome {
            try workspace.cli.run(arguments, extraEnvironment: variables)
        }
        let (expiring, kept) = (uniqueName("expiring"), uniqueName("kept"))
        defer { workspace.tearDown([expiring, kept], on: .postgres(server.address)) }
        for (name, ttl) in [(expiring, "1s"), (kept, "1h")] {
            let provisioned = try cleanroom(["provision", up, "--name", name, "--ttl", ttl, "--quiet"])
            #expect(provisioned.status == 0, "\(provisioned.all)")
        }
        let downLine = "cleanroom: error: template \(down): registry on postgres://127.0.0.1:1 not used: cannot connect"

        let listed = try cleanroom(["envs"])
        #expect(listed.status == 1, "\(listed.all)")
        #expect(listed.stdout.contains(expiring) && listed.stdout.contains(kept), "\(listed.all)")
        #expect(listed.stderr.contains(downLine), "\(listed.stderr)")
        #expect(!listed.stderr.contains("template \(up)"))
        let json = try cleanroom(["envs", "--json"])
        #expect(json.status == 1)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.contains { $0["name"] as? String == kept })
        #expect(try cleanroom(["envs", "--template", up]).status == 0)
        let onlyDown = try cleanroom(["envs", "--template", down])
        #expect(onlyDown.status == 1 && onlyDown.stderr.contains(downLine), "\(onlyDown.all)")

        Thread.sleep(forTimeInterval: 1.5)
        let collected = try cleanroom(["gc", "--template", up, "--template", down])
        #expect(collected.status == 1, "\(collected.all)")
        #expect(collected.stdout.contains("\(expiring): dropped"), "\(collected.all)")
        #expect(collected.stderr.contains(downLine), "\(collected.stderr)")
        #expect(try !server.databaseExists("cr_\(expiring)"))
        #expect(try server.registryEntry(expiring)?.status == .erased)
        #expect(try server.databaseExists("cr_\(kept)"), "gc leaves what has not expired")
        let gcRecord = try #require(try workspace.ledger().records.last?.statement?.header)
        #expect(gcRecord.kind == .gc && gcRecord.outcome == .succeeded)

        let missing = try cleanroom(["teardown", uniqueName("nowhere")])
        #expect(missing.status == 1, "it may be on the server that is down: \(missing.all)")
        #expect(missing.stderr.contains(downLine) && missing.stderr.contains("no environment '"), "\(missing.stderr)")
        let tornDown = try cleanroom(["teardown", kept])
        #expect(tornDown.status == 0, "\(tornDown.all)")
        #expect(tornDown.stdout.contains("tore down \(kept)") && tornDown.stderr.contains(downLine), "\(tornDown.all)")
        #expect(try !server.databaseExists("cr_\(kept)"))
    }
}
