import CleanroomConnectors
import CleanroomCore
import CleanroomEvidence
import CleanroomPipeline
import CleanroomProvisioning
import Foundation
import TestSupport
import Testing

/// The attested table digests of `statement`, by table name.
func subjectDigests(_ statement: AnyStatement) -> [String: String] {
    Dictionary(
        uniqueKeysWithValues: statement.subject.compactMap { subject in
            subject.name.hasPrefix("table:") ? (String(subject.name.dropFirst(6)), subject.digest.sha256) : nil
        })
}

@Suite("golden databases and clones", .testCluster)
struct GoldenCloneTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    @Test(
        "pagila: the golden copy is masked once and closed; clones are file copies whose evidence references the golden's entry and digests; refresh swaps it"
    )
    func pagilaGoldenAndClones() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let source = try server.sharedPagila()
        let templateName = uniqueName("gold")
        let template = try workspace.template(templateName, postgresTemplate(golden: true))
        let golden = EnvironmentName.golden(of: templateName)
        let (first, second, third) = (uniqueName("clone"), uniqueName("clone"), uniqueName("clone"))
        let host = EnvironmentHost.postgres(server.address)
        defer { workspace.tearDown([first, second, third, golden], on: host) }
        let provision = { (name: String, refresh: Bool) in
            try Provisioner.provision(
                ProvisionRequest(
                    template: template, name: name, refreshGolden: refresh, key: workspace.key,
                    variables: server.variables(source: source), jobs: 2), recorder: workspace.recorder)
        }
        let a = try provision(first, false)
        let b = try provision(second, false)
        let maskSeconds = try #require(a.goldenSeconds)
        #expect(b.goldenSeconds == nil, "the second provision clones the existing golden copy")
        #expect(a.clonedFrom == golden && b.clonedFrom == golden)
        print(
            "pagila: golden copy masked in \(String(format: "%.2f", maskSeconds)) s; clones in \(String(format: "%.3f", a.loadSeconds)) s and \(String(format: "%.3f", b.loadSeconds)) s (clone + role, ownership and grants)"
        )

        // The golden database: registered, closed to every connection, never handed out.
        let goldenEntry = try #require(try server.registryEntry(golden))
        #expect(
            goldenEntry.kind == .golden && goldenEntry.status == .ready && goldenEntry.expiresAt == nil
                && goldenEntry.role == nil)
        let facts = try PostgresConnection(address: server.address).query(
            "SELECT datallowconn::text, has_database_privilege('public', datname, 'CONNECT')::text FROM pg_database WHERE datname = $1",
            ["cr_\(golden)"], context: "golden facts")
        #expect(facts.first == ["false", "false"])

        // Each clone's statement copies the golden's subjects and references its ledger entry; the
        // live clone digests to the same values.
        let ledger = try workspace.ledger()
        #expect(ledger.isValid)
        let goldenRecord = try #require(ledger.records.first { $0.seq == goldenEntry.evidenceSeq })
        let goldenStatement = try #require(goldenRecord.statement?.mask)
        #expect(goldenStatement.predicate.header.target.environment == golden)
        for clone in [a, b] {
            let statement = try #require(ledger.records.first { $0.seq == clone.evidenceSeq }?.statement?.mask)
            #expect(
                statement.predicate.origin
                    == MaskPredicate.Origin(
                        environment: golden, ledgerSeq: goldenRecord.seq,
                        ledgerEntryDigest: goldenRecord.entry.digest))
            #expect(statement.subject == goldenStatement.subject)
            #expect(statement.predicate.rulesDigest == goldenStatement.predicate.rulesDigest)
            #expect(statement.predicate.columns == goldenStatement.predicate.columns)
            #expect(statement.predicate.header.guards.contains { $0.name == "golden-attested" })
            #expect(statement.predicate.access?.role == clone.entry.role)
        }
        let attested = subjectDigests(.mask(goldenStatement))
        #expect(attested.count >= 15)
        let live = try LiveDigest.digests(
            of: .postgres(server.address.with(database: "cr_\(first)")), tables: Array(attested.keys))
        for (table, digest) in attested { #expect(live[table] == .some(digest), "\(table)") }
        #expect(
            try PostgresConnection(address: PostgresAddress(parsing: a.connection.urlWithPassword()))
                .query("SELECT count(*) FROM public.customer", context: "clone as role") == [["599"]])

        // Refresh: a new golden copy under the same name, a new attested entry; later clones use it.
        let c = try provision(third, true)
        #expect(c.goldenSeconds != nil)
        let refreshed = try #require(try server.registryEntry(golden))
        #expect(refreshed.status == .ready && refreshed.evidenceSeq != goldenEntry.evidenceSeq)
        let cStatement = try #require(
            try workspace.ledger().records.first { $0.seq == c.evidenceSeq }?.statement?.mask)
        #expect(cStatement.predicate.origin?.ledgerSeq == refreshed.evidenceSeq)
        #expect(try !server.databaseExists("cr_\(golden)_next") && !server.databaseExists("cr_\(golden)_old"))
        #expect(try server.databaseExists("cr_\(first)"), "clones made before a refresh stay as they are")
    }
}

/// Tests on a generated million-row source; serialized because one of them kills that source's
/// backends. (The golden-clone throughput measurement is benchmarks/golden.sh.)
@Suite("large sources", .serialized, .testCluster)
struct LargeSourceTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    static let rows = 1_000_000

    static let rules = """
        version: 1
        tables:
          public.big:
            columns:
              id: keep
              email: { fake: email }
              note: keep
              amount: keep

        """

    /// A database with `public.big` of `rows` rows, closed to PUBLIC.
    func withBigSource<R>(_ body: (PostgresAddress, String) throws -> R) throws -> R {
        try server.withDatabase(
            "prov_big",
            setup: """
                CREATE TABLE big (id bigint PRIMARY KEY, email text NOT NULL, note text, amount numeric(10,2));
                INSERT INTO big SELECT g, 'person' || g || '@example.com', 'order note number ' || g, (g % 10000) / 100.0
                  FROM generate_series(1, \(Self.rows)) AS g;
                """
        ) { source in
            try server.closeToPublic(source)
            let rulesPath = FileManager.default.temporaryDirectory.appendingPathComponent(
                "big-\(UUID().uuidString).yaml"
            ).path
            try Data(Self.rules.utf8).write(to: URL(fileURLWithPath: rulesPath))
            defer { try? FileManager.default.removeItem(atPath: rulesPath) }
            return try body(source, rulesPath)
        }
    }

    @Test("a provision whose source backend is terminated mid-load leaves no database, no role and no ready entry")
    func sourceTerminatedMidLoad() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        try withBigSource { source, rules in
            let template = try workspace.template(uniqueName("kill"), postgresTemplate(golden: false, rules: rules))
            let name = uniqueName("kill")
            let request = ProvisionRequest(
                template: template, name: name, key: workspace.key, variables: server.variables(source: source), jobs: 1
            )
            let outcome = Outcome()
            let run = Thread {
                do {
                    _ = try Provisioner.provision(request, recorder: workspace.recorder)
                    outcome.set("succeeded")
                } catch {
                    outcome.set("\(error)")
                }
            }
            run.start()
            let admin = try PostgresConnection(address: server.address)
            var killed = 0
            let deadline = Date().addingTimeInterval(60)
            while killed == 0, outcome.value == nil, Date() < deadline {
                killed = try admin.query(
                    """
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname = $1 AND query LIKE 'COPY%TO STDOUT%' AND pid <> pg_backend_pid()
                    """, [source.database], context: "terminating the source's COPY"
                ).count
                if killed == 0 { Thread.sleep(forTimeInterval: 0.005) }
            }
            while outcome.value == nil { Thread.sleep(forTimeInterval: 0.05) }
            #expect(killed > 0, "the source's COPY was caught and terminated")
            #expect(outcome.value != "succeeded")
            #expect(try !server.databaseExists("cr_\(name)"))
            #expect(try !server.roleExists("cr_\(name)_owner"))
            #expect(try server.registryEntry(name)?.status == .failed)
        }
    }
}

/// A value one thread sets and another polls.
final class Outcome: @unchecked Sendable {
    // @unchecked: `stored` is only touched under `lock`.
    private let lock = NSLock()
    private var stored: String?

    var value: String? { lock.withLock { stored } }
    func set(_ value: String) { lock.withLock { stored = value } }
}
