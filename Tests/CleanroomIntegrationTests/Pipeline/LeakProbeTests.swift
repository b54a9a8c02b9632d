import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

@Suite("Leak probe", .testCluster)
struct LeakProbeTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    static let setup = """
        CREATE TABLE customer (id integer PRIMARY KEY, email text, note text);
        CREATE TABLE invoice (id integer PRIMARY KEY, customer_id integer REFERENCES customer, billing_email text, memo text, desk text);
        INSERT INTO customer SELECT i, 'person' || i || '@mail.test', 'call me at +44 20 7946 ' || lpad(i::text, 4, '0') FROM generate_series(1, 300) i;
        INSERT INTO invoice SELECT i, i, 'billing' || i || '@mail.test', 'order for account ' || md5(i::text),
                                   CASE WHEN i % 3 = 0 THEN 'desk@mail.test' ELSE 'front office' END FROM generate_series(1, 300) i;
        """

    static func rules(billing: String) throws -> RulesFile {
        try RulesParser.parse(
            """
            version: 1
            tables:
              customer: { columns: { id: keep, email: { fake: email }, note: redact } }
              invoice: { columns: { id: keep, customer_id: keep, billing_email: \(billing), memo: keep, desk: keep } }
            """, path: "probe.yaml")
    }

    @Test(
        "a filter so small that nearly every lookup is positive: every false positive is dismissed against the source")
    func falsePositivesDismissed() throws {
        try server.withDatabase("probe_fp", setup: Self.setup) { source in
            let target = server.unusedAddress("probe_fp_dst")
            defer { server.drop(target) }
            let result = try Fixtures.mask(
                .postgres(source), .postgres(target), rules: Self.rules(billing: "keep"), leakProbeBytes: 64)
            #expect(result.leakProbe.hits == 0)
            #expect(result.leakProbe.falsePositiveRate > 0.5)
            // The note's redact replaces every phone in it, so its outputs, all changed, are not looked up.
            #expect(result.leakProbe.checkedValues == 900, "billing_email, memo and desk are looked up")
            // Kept text is scanned for PII patterns, every occurrence counted: distinct values, and
            // one value repeated a hundred times.
            #expect(result.leakProbe.patternHits["public.invoice.billing_email:email"] == 300)
            #expect(result.leakProbe.patternHits["public.invoice.desk:email"] == 100)
            #expect(result.leakProbe.method.contains("false positives dismissed"))
            #expect(!result.leakProbe.method.contains("(0 filter false positives"))
        }
    }

    @Test("a real leak is still caught with the tiny filter and with one sized from the row estimates")
    func realLeakConfirmed() throws {
        let leaky = """
            UPDATE invoice SET billing_email = (SELECT email FROM customer WHERE customer.id = invoice.customer_id) WHERE id <= 5;
            """
        try server.withDatabase("probe_leak", setup: Self.setup + leaky) { source in
            for bytes: Int? in [64, nil] {
                let target = server.unusedAddress("probe_leak_dst")
                defer { server.drop(target) }
                #expect {
                    try Fixtures.mask(
                        .postgres(source), .postgres(target), rules: Self.rules(billing: "keep"), leakProbeBytes: bytes)
                } throws: { error in
                    guard case PipelineError.leakDetected(let hits, let columns, let sources) = error else {
                        return false
                    }
                    return hits == 5 && columns == ["public.invoice.billing_email"]
                        && sources == ["public.invoice.billing_email": ["public.customer.email"]]
                }
                let exists = try server.databaseExists(target.database)
                #expect(!exists)
            }
        }
    }

    /// 40,000 customers and their 40,000 ledger rows of eight distinct kept texts: with a 64-byte
    /// filter every one of the 320,000 looked-up values is flagged, more than one confirmation round
    /// holds (`TargetVerifier.candidateLimit`, 300,000). `leaks` ledger rows at the end carry their
    /// customer's real e-mail in `h`.
    static func manyFlagged(leaks: Int) -> String {
        """
        CREATE TABLE customer (id integer PRIMARY KEY, email text NOT NULL);
        CREATE TABLE ledger (id integer PRIMARY KEY, a text, b text, c text, d text, e text, f text, g text, h text);
        INSERT INTO customer SELECT i, 'person' || i || '@mail.test' FROM generate_series(1, 40000) i;
        INSERT INTO ledger SELECT i, md5(i || 'a'), md5(i || 'b'), md5(i || 'c'), md5(i || 'd'), md5(i || 'e'),
                                  md5(i || 'f'), md5(i || 'g'),
                                  CASE WHEN i > 40000 - \(leaks) THEN 'person' || i || '@mail.test' ELSE md5(i || 'h') END
        FROM generate_series(1, 40000) i;
        """
    }

    @Test("more flagged values than one confirmation round holds: every one is confirmed, a leak among the last too")
    func flaggedInRounds() throws {
        let rules = try RulesParser.parse(
            """
            version: 1
            tables:
              customer: { columns: { id: keep, email: { fake: email } } }
              ledger: { columns: { id: keep, a: keep, b: keep, c: keep, d: keep, e: keep, f: keep, g: keep, h: keep } }
            """, path: "rounds.yaml")
        try server.withDatabase("probe_rounds", setup: Self.manyFlagged(leaks: 0)) { source in
            let target = server.unusedAddress("probe_rounds_dst")
            defer { server.drop(target) }
            let result = try Fixtures.mask(
                .postgres(source), .postgres(target), rules: rules, jobs: 1, leakProbeBytes: 64)
            #expect(result.leakProbe.hits == 0)
            let dismissed = result.leakProbe.method.firstMatch(of: /\((\d+) filter false positives dismissed\)/)
            let count = try #require(dismissed.flatMap { Int($0.1) })
            #expect(count >= 320_000, "every flagged value dismissed: \(count)")
        }
        try server.withDatabase("probe_rounds_leak", setup: Self.manyFlagged(leaks: 5)) { source in
            let target = server.unusedAddress("probe_rounds_leak_dst")
            defer { server.drop(target) }
            #expect {
                try Fixtures.mask(.postgres(source), .postgres(target), rules: rules, jobs: 1, leakProbeBytes: 64)
            } throws: { error in
                guard case PipelineError.leakDetected(let hits, let columns, let sources) = error else { return false }
                return hits == 5 && columns == ["public.ledger.h"]
                    && sources == ["public.ledger.h": ["public.customer.email"]]
            }
        }
    }
}
