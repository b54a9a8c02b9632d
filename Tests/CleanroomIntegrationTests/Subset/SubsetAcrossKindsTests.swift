import CleanroomConnectors
import CleanroomCore
import CleanroomEvidence
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

/// The same subset of pagila from PostgreSQL into SQLite, and from that SQLite copy into PostgreSQL,
/// where the target's foreign keys (created from the schema model) are validated by PostgreSQL.
@Suite("subsets across kinds: PostgreSQL → SQLite → PostgreSQL", .testCluster)
struct SubsetAcrossKindsTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    static let subset = """
        subset:
          roots:
            customer: "customer_id % 10 = 0"
          trim_parents: [inventory, film]
        """

    @Test("pg→sqlite, sqlite→sqlite and sqlite→pg keep the same rows, and every key holds")
    func acrossKinds() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try server.withDatabase("subset_kinds", pagila: true) { source in
            let target = server.unusedAddress("subset_kinds_dst")
            defer { server.drop(target) }
            let portable = try SubsetAssertions.pagilaText.replacingOccurrences(of: "  public.", with: "  ")
            let rules = try SubsetAssertions.rules(portable, adding: Self.subset)
            let expected = [
                "customer": try SubsetAssertions.set(source, SubsetPagilaTests.keptCustomers),
                "rental": try SubsetAssertions.set(source, SubsetPagilaTests.keptRentals),
                "payment": try SubsetAssertions.set(source, SubsetPagilaTests.keptPayments),
            ]
            let keys = ["customer": "customer_id", "rental": "rental_id", "payment": "payment_id"]

            let lite = directory.appendingPathComponent("subset.db").path
            try Fixtures.mask(.postgres(source), .sqlite(path: lite), rules: rules)
            for (table, ids) in expected {
                #expect(try SQLiteQuery.set(lite, "SELECT \(keys[table]!) FROM \(table)") == ids, "\(table) in SQLite")
            }
            #expect(try SQLiteQuery.foreignKeys(lite) > 0)
            #expect(try SQLiteQuery.foreignKeyViolations(lite) == 0)

            // From a plain SQLite copy of the source: the selection in SQLite's SQL.
            let plain = directory.appendingPathComponent("plain.db").path
            try copyAll(
                from: ConnectorFactory.source(.postgres(source)), to: ConnectorFactory.target(.sqlite(path: plain)))
            let again = directory.appendingPathComponent("again.db").path
            try Fixtures.mask(.sqlite(path: plain), .sqlite(path: again), rules: rules)
            for (table, ids) in expected {
                #expect(
                    try SQLiteQuery.set(again, "SELECT \(keys[table]!) FROM \(table)") == ids, "\(table) sqlite→sqlite")
            }
            #expect(
                try SQLiteQuery.count(again, "SELECT count(*) FROM film")
                    == SQLiteQuery.count(lite, "SELECT count(*) FROM film"))
            #expect(try SQLiteQuery.foreignKeyViolations(again) == 0)

            let result = try Fixtures.mask(.sqlite(path: plain), .postgres(target), rules: rules)
            for (table, ids) in expected {
                #expect(
                    try SubsetAssertions.set(target, "SELECT \(keys[table]!) FROM main.\(table)") == ids,
                    "\(table) sqlite→pg")
            }
            let validated = try SubsetAssertions.count(
                target, "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND convalidated")
            #expect(try validated == SQLiteQuery.foreignKeys(plain))
            #expect(
                try SubsetAssertions.count(
                    target, "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND NOT convalidated") == 0)
            #expect(result.subset?.table("main.film")?.role == "trimmed")
            #expect(result.leakProbe.hits == 0)
        }
    }
}
