import CleanroomConnectors
import CleanroomCore
import CleanroomEvidence
import CleanroomPipeline
import CleanroomProvisioning
import Foundation
import TestSupport
import Testing

@Suite("PostgreSQL environments", .testCluster)
struct PostgresProvisioningTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    /// Reads `sql`'s first column as the environment's role would, through its printed URL.
    func asRole(_ url: String, _ sql: String) throws -> [String?] {
        try PostgresConnection(address: PostgresAddress(parsing: url)).query(
            sql, context: "reading as the environment role"
        ).map { $0[0] }
    }

    /// The message of a failed connection as the environment's role to `database`.
    func connectionRefusal(_ url: String, database: String) throws -> String? {
        do {
            _ = try PostgresConnection(address: PostgresAddress(parsing: url).with(database: database))
            return nil
        } catch ConnectorError.connectionFailed(_, let message) {
            return message
        }
    }

    @Test(
        "masked provision: the printed URL connects as the environment role, sees masked data, and reaches neither the source nor another environment"
    )
    func maskedEnvironmentIsolation() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let source = try server.sharedPagila()
        let templateName = uniqueName("mask")
        let template = try workspace.template(templateName, postgresTemplate(golden: false))
        let (first, second) = (uniqueName("env"), uniqueName("env"))
        let request = { (name: String) in
            ProvisionRequest(
                template: template, name: name, key: workspace.key, variables: server.variables(source: source), jobs: 2
            )
        }
        let a = try Provisioner.provision(request(first), recorder: workspace.recorder)
        let b = try Provisioner.provision(request(second), recorder: workspace.recorder)
        defer { workspace.tearDown([first, second], on: .postgres(server.address)) }
        let url = a.connection.urlWithPassword()
        let role = "cr_\(first)_owner"
        #expect(url.hasPrefix("postgres://\(role):"))
        #expect(!a.connection.endpoint.contains(":" + (try PostgresAddress(parsing: url).password ?? "?")))
        #expect(try asRole(url, "SELECT current_user") == [role])

        // Masked: the same customers, none of the source's e-mails.
        let sourceEmails = Set(
            try PostgresConnection(address: source).query("SELECT email FROM customer", context: "source").compactMap {
                $0[0]
            })
        let maskedEmails = try asRole(url, "SELECT email FROM customer").compactMap { $0 }
        #expect(maskedEmails.count == 599)
        #expect(sourceEmails.isDisjoint(with: maskedEmails))

        // The role owns everything and nothing else can connect.
        #expect(
            try asRole(
                url,
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)"
            ) == ["0"])
        let database = try PostgresConnection(address: server.address).query(
            """
            SELECT pg_get_userbyid(datdba), (SELECT string_agg(pg_get_userbyid(a.grantee) || ':' || a.privilege_type, ',' ORDER BY a.privilege_type)
                                             FROM aclexplode(datacl) a), shobj_description(oid, 'pg_database')
            FROM pg_database WHERE datname = $1
            """,
            ["cr_\(first)"], context: "database facts")
        #expect(database.first?[0] == role)
        #expect(
            database.first?[1] == "\(role):CONNECT,\(role):CREATE,\(role):TEMPORARY",
            "no grant to PUBLIC (grantee 0), only the owner's")
        #expect(
            database.first?[2]?.contains("template \(templateName)") == true
                && database.first?[2]?.contains("expires") == true)
        let attributes = try PostgresConnection(address: server.address).query(
            "SELECT rolsuper, rolcreatedb, rolcreaterole, rolinherit, rolcanlogin, rolvaliduntil IS NOT NULL FROM pg_roles WHERE rolname = $1",
            [role], context: "role attributes")
        #expect(attributes.first == ["f", "f", "f", "f", "t", "t"])

        #expect(
            try connectionRefusal(url, database: source.database)?.contains("permission denied for database") == true)
        #expect(
            try connectionRefusal(url, database: "cr_\(second)")?.contains("permission denied for database") == true)
        #expect(
            try connectionRefusal(url, database: EnvironmentHost.registryDatabase)?.contains(
                "permission denied for database") == true)
        var wrong = try PostgresAddress(parsing: url)
        wrong.password = "not-the-password"
        #expect(throws: ConnectorError.self) { try PostgresConnection(address: wrong) }

        // Registry and evidence.
        #expect(try server.registryEntry(first)?.status == .ready)
        #expect(try server.registryEntry(first)?.evidenceSeq == a.evidenceSeq)
        let statement = try #require(
            try workspace.ledger().records.first { $0.seq == a.evidenceSeq }?.statement?.mask)
        let p = statement.predicate
        #expect(p.header.kind == .provision && p.header.outcome == .succeeded)
        #expect(
            p.header.target.environment == first && p.header.target.classification == "test"
                && p.header.target.expiresAt == a.entry.expiresAt)
        #expect(p.header.target.endpoint == a.connection.endpoint)
        #expect(p.access?.role == role)
        #expect(p.access?.grants.contains("REVOKE ALL ON DATABASE cr_\(first) FROM PUBLIC") == true)
        #expect(
            Set(p.header.guards.map(\.name)).isSuperset(of: [
                "target-not-production", "authorization-present", "target-not-source", "role-cannot-reach-source",
            ]))
        #expect(p.header.guards.allSatisfy { $0.decision == .passed })
        #expect(statement.subject.contains { $0.name == "table:public.customer" })
        #expect(b.entry.status == .ready)
    }

    @Test(
        "teardown drops the database and the role, marks the entry erased and signs an erasure record; gc removes only the expired"
    )
    func teardownAndGC() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let source = try server.sharedPagila()
        let templateName = uniqueName("gc")
        let template = try workspace.template(templateName, postgresTemplate(golden: true))
        let variables = server.variables(source: source)
        let (kept, expiring, tornDown) = (uniqueName("keep"), uniqueName("old"), uniqueName("down"))
        for (name, ttl) in [(kept, "2h"), (expiring, "1s"), (tornDown, "2h")] {
            _ = try Provisioner.provision(
                ProvisionRequest(
                    template: template, name: name, ttl: TimeToLive(ttl), key: workspace.key,
                    variables: variables, jobs: 2), recorder: workspace.recorder)
        }
        let host = EnvironmentHost.postgres(server.address)
        let registry = try host.openRegistry()
        defer { workspace.tearDown([kept, EnvironmentName.golden(of: templateName)], on: host) }

        let entry = try #require(try registry.entry(named: tornDown))
        let erased = try #require(
            try EnvironmentEraser.teardown(entry, host: host, registry: registry, recorder: workspace.recorder))
        #expect(erased.dropped == ["database cr_\(tornDown)", "role cr_\(tornDown)_owner"])
        #expect(try !server.databaseExists("cr_\(tornDown)"))
        #expect(try !server.roleExists("cr_\(tornDown)_owner"))
        #expect(try registry.entry(named: tornDown)?.status == .erased)
        #expect(try registry.entry(named: tornDown)?.erasedAt != nil)
        let record = try #require(
            try workspace.ledger().records.first { $0.seq == erased.evidenceSeq }?.statement?.erasure?.predicate)
        #expect(
            record.header.kind == .teardown && record.header.target.environment == tornDown
                && record.erasure?.dropped == erased.dropped)
        let erasedEntry = try #require(try registry.entry(named: tornDown))
        #expect(
            try EnvironmentEraser.teardown(erasedEntry, host: host, registry: registry, recorder: workspace.recorder)
                == nil)

        Thread.sleep(forTimeInterval: 1.5)
        let collected = try EnvironmentEraser.collectGarbage(
            host: host, registry: registry, recorder: workspace.recorder, templates: [templateName])
        #expect(collected.erased.map(\.name) == [expiring])
        #expect(collected.failures.isEmpty)
        #expect(try !server.databaseExists("cr_\(expiring)") && !server.roleExists("cr_\(expiring)_owner"))
        #expect(try server.databaseExists("cr_\(kept)") && server.roleExists("cr_\(kept)_owner"))
        #expect(try server.databaseExists("cr_golden_\(templateName)"), "golden databases do not expire")
        #expect(try registry.entry(named: kept)?.status == .ready)
        let records = try workspace.ledger().records.compactMap(\.statement?.erasure?.predicate)
        #expect(records.contains { $0.header.kind == .teardown && $0.header.target.environment == expiring })
        let gc = try #require(records.last)
        #expect(
            gc.header.kind == .gc && gc.erasure?.dropped == ["database cr_\(expiring)", "role cr_\(expiring)_owner"])

        // Every entry this workspace wrote for these environments is mirrored in the registry database.
        let digests = try workspace.ledger().records.map(\.entry.digest)
        let mirrored = Set(
            try PostgresConnection(address: server.address.with(database: EnvironmentHost.registryDatabase))
                .query("SELECT digest FROM cleanroom_registry.ledger", context: "reading the mirror").compactMap {
                    $0[0]
                })
        #expect(digests.count >= 6)
        #expect(Set(digests).isSubset(of: mirrored))
    }

    @Test("a provision whose rules fail late (a value FF1 refuses) leaves no database, no role and no ready entry")
    func lateRuleFailure() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let source = try server.sharedPagila()
        let rules = try String(contentsOfFile: Fixtures.pagilaRulesPath, encoding: .utf8)
            .replacingOccurrences(of: "postal_code: { fake: postcode }", with: "postal_code: { fpe: digits }")
        let rulesPath = workspace.root.appendingPathComponent("late.yaml").path
        try Data(rules.utf8).write(to: URL(fileURLWithPath: rulesPath))
        let template = try workspace.template(uniqueName("late"), postgresTemplate(golden: false, rules: rulesPath))
        let name = uniqueName("late")
        #expect(throws: (any Error).self) {
            try Provisioner.provision(
                ProvisionRequest(
                    template: template, name: name, key: workspace.key,
                    variables: server.variables(source: source), jobs: 2), recorder: workspace.recorder)
        }
        #expect(try !server.databaseExists("cr_\(name)"))
        #expect(try !server.roleExists("cr_\(name)_owner"))
        #expect(try server.registryEntry(name)?.status == .failed)
        let failure = try #require(try workspace.ledger().records.last?.statement?.header)
        #expect(failure.kind == .provision && failure.outcome == .failed && failure.target.environment == name)
    }
}
