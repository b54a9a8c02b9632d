import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

@Suite("pagila, PostgreSQL to PostgreSQL", .testCluster)
struct PagilaPostgresTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    /// Identifying columns: none of their source values may appear anywhere in the target.
    static let identifying: [(table: String, column: String)] = [
        ("customer", "email"), ("staff", "email"), ("staff", "username"), ("staff", "password"),
        ("address", "address"), ("address", "phone"),
    ]

    @Test("counts, constraints, no source identifiers, kept columns identical, unique emails")
    func maskPagila() throws {
        try server.withDatabase("pagila_src", pagila: true) { sourceAddress in
            let target = server.unusedAddress("pagila_dst")
            defer { server.drop(target) }
            let source = Endpoint.postgres(sourceAddress)
            let result = try Fixtures.mask(source, .postgres(target))

            // Row counts per table.
            for table in [
                "actor", "address", "city", "country", "customer", "film", "film_actor", "inventory",
                "payment", "rental", "staff", "store", "category", "film_category", "language",
            ] {
                #expect(
                    try Fixtures.rows(source, table).count == Fixtures.rows(.postgres(target), table).count,
                    "rows of \(table)")
            }
            #expect(result.tables.first { $0.table == "public.payment" }?.rows == 16049)

            // Every constraint exists and is validated.
            let constraints =
                "SELECT conrelid::regclass::text || ' ' || conname || ' ' || contype::text FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1"
            let sourceConstraints = try PostgresConnection(address: sourceAddress).query(
                constraints, context: "source constraints")
            let targetConstraints = try PostgresConnection(address: target).query(
                constraints, context: "target constraints")
            #expect(sourceConstraints.count >= 36)
            #expect(sourceConstraints == targetConstraints)
            let invalid = try PostgresConnection(address: target).query(
                "SELECT count(*) FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND NOT convalidated",
                context: "validity")
            #expect(invalid.first?.first == "0")

            // No source value of an identifying column anywhere in the target.
            let everything = try Fixtures.allValues(.postgres(target))
            for (table, column) in Self.identifying {
                let originals = Set(
                    try Fixtures.rows(source, table).compactMap { $0[column] ?? nil }.filter { $0.count >= 4 })
                #expect(!originals.isEmpty)
                let leaked = originals.intersection(everything)
                #expect(leaked.isEmpty, "\(table).\(column): \(leaked.count) source values found in the target")
            }

            // Names change row by row; kept columns are byte-identical; '' and NULL survive.
            let sourceCustomers = try Fixtures.keyed(source, "customer", by: "customer_id")
            let targetCustomers = try Fixtures.rows(.postgres(target), "customer")
            for row in targetCustomers {
                let original = try #require(sourceCustomers[(row["customer_id"] ?? nil) ?? ""])
                #expect(row.count == original.count)
                #expect(row["first_name"] != original["first_name"])
                #expect(row["last_name"] != original["last_name"])
                for kept in ["store_id", "address_id", "activebool", "last_update", "active"] {
                    #expect(row[kept] == original[kept], "customer.\(kept)")
                }
            }
            let emails = targetCustomers.compactMap { $0["email"] ?? nil }
            #expect(Set(emails).count == emails.count && emails.count == 599)

            let sourceAddresses = try Fixtures.keyed(source, "address", by: "address_id")
            for row in try Fixtures.rows(.postgres(target), "address") {
                let original = try #require(sourceAddresses[(row["address_id"] ?? nil) ?? ""])
                let (after2, before2) = (row["address2"] ?? nil, original["address2"] ?? nil)
                #expect((after2 == nil) == (before2 == nil))
                #expect((after2 == "") == (before2 == ""))
                if let phone = row["phone"] ?? nil, let before = original["phone"] ?? nil {
                    #expect(phone.count == before.count && phone.allSatisfy(\.isNumber))
                }
            }
            let keptTables = ["film", "payment", "rental", "inventory", "film_actor", "city", "country", "store"]
            let sourceDigests = try LiveDigest.digests(of: source, tables: keptTables)
            let targetDigests = try LiveDigest.digests(of: .postgres(target), tables: keptTables)
            for table in keptTables {
                #expect(sourceDigests[table] != nil)
                #expect(sourceDigests[table] == targetDigests[table], "\(table) kept byte for byte")
            }
            #expect(result.leakProbe.hits == 0)
            #expect(result.leakProbe.checkedValues > 0)
        }
    }

    @Test("the same key gives identical tables; another key gives other masked tables")
    func determinism() throws {
        try server.withDatabase("pagila_det", pagila: true) { sourceAddress in
            let first = server.unusedAddress("pagila_a")
            let second = server.unusedAddress("pagila_b")
            let third = server.unusedAddress("pagila_c")
            defer { [first, second, third].forEach(server.drop) }
            let a = try Fixtures.mask(.postgres(sourceAddress), .postgres(first))
            let b = try Fixtures.mask(.postgres(sourceAddress), .postgres(second), jobs: 1)
            let c = try Fixtures.mask(.postgres(sourceAddress), .postgres(third), key: Fixtures.otherKey)
            let digests = { (r: MaskResult) in Dictionary(uniqueKeysWithValues: r.tables.map { ($0.table, $0.digest) })
            }
            #expect(digests(a) == digests(b))
            for masked in ["public.customer", "public.staff", "public.address", "public.actor"] {
                #expect(digests(a)[masked] != digests(c)[masked], "\(masked) under another key")
            }
            #expect(digests(a)["public.film"] == digests(c)["public.film"])
        }
    }
}
