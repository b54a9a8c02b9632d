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
            #expect(
                result.leakProbe.checkedValues >= 1200, "billing_email, memo, desk and the redacted note are looked up")
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
}
