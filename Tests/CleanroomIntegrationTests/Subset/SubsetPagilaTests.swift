import CleanroomConnectors
import CleanroomCore
import CleanroomEvidence
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

@Suite("subsets of pagila, PostgreSQL to PostgreSQL", .testCluster)
struct SubsetPagilaTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    static let tenthOfCustomers = """
        subset:
          roots:
            public.customer: "customer_id % 10 = 0"
        """

    /// The kept customers, rentals and payments as this test computes them (not as Cleanroom does).
    static let keptCustomers = "SELECT customer_id FROM customer WHERE customer_id % 10 = 0"
    static let keptRentals = "SELECT rental_id FROM rental WHERE customer_id IN (\(keptCustomers))"
    static let keptPayments = """
        SELECT p.payment_id FROM payment p
        WHERE p.customer_id IN (\(keptCustomers)) AND (p.rental_id IS NULL OR p.rental_id IN (\(keptRentals)))
        """

    /// Makes every later session of the database read-only, as on a hot standby: a temporary table or
    /// any other write on the source fails the run.
    static let readOnly = """
        DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET default_transaction_read_only = on', current_database()); END $$;
        """

    @Test("a tenth of the customers: their rentals and payments, parents whole, every key valid, masked as usual")
    func tenthOfCustomers() throws {
        try server.withDatabase("subset_src", pagila: true, setup: Self.readOnly) { source in
            #expect(throws: (any Error).self, "the source refuses writes") {
                try PostgresConnection(address: source).exec("CREATE TEMP TABLE t (x int)", context: "writing")
            }
            let (full, first, second) = (
                server.unusedAddress("subset_full"), server.unusedAddress("subset_a"), server.unusedAddress("subset_b")
            )
            defer { [full, first, second].forEach(server.drop) }
            let rules = try SubsetAssertions.rules(SubsetAssertions.pagilaText, adding: Self.tenthOfCustomers)
            let result = try Fixtures.mask(.postgres(source), .postgres(first), rules: rules)

            // Kept rows, computed independently on the source.
            let customers = try SubsetAssertions.set(source, Self.keptCustomers)
            let rentals = try SubsetAssertions.set(source, Self.keptRentals)
            let payments = try SubsetAssertions.set(source, Self.keptPayments)
            #expect(customers.count == 59 || customers.count == 60)
            #expect(!rentals.isEmpty && !payments.isEmpty)
            #expect(try SubsetAssertions.set(first, "SELECT customer_id FROM customer") == customers)
            #expect(try SubsetAssertions.set(first, "SELECT rental_id FROM rental") == rentals)
            #expect(try SubsetAssertions.set(first, "SELECT payment_id FROM payment") == payments)
            for whole in ["film", "inventory", "store", "staff", "address", "city", "country", "language", "actor"] {
                #expect(
                    try SubsetAssertions.rowCount(first, whole) == SubsetAssertions.rowCount(source, whole),
                    "\(whole) copied whole")
            }
            try SubsetAssertions.expectForeignKeysValid(source: source, target: first)

            // The run's summary: roles and rows kept of rows in the source.
            let subset = try #require(result.subset)
            #expect(subset.table("public.customer")?.role == "root")
            #expect(subset.table("public.customer")?.keptRows == customers.count)
            #expect(subset.table("public.customer")?.sourceRows == 599)
            #expect(subset.table("public.customer")?.predicateRows == customers.count)
            #expect(subset.table("public.rental")?.role == "follows")
            #expect(subset.table("public.rental")?.keptRows == rentals.count)
            #expect(subset.table("public.rental")?.sourceRows == 16044)
            #expect(subset.table("public.payment")?.role == "follows")
            #expect(subset.table("public.payment")?.keptRows == payments.count)
            for parent in ["public.store", "public.staff", "public.inventory", "public.film", "public.address"] {
                #expect(subset.table(parent)?.role == "parent", "\(parent) is a parent")
            }
            #expect(subset.table("public.film_actor")?.role == "unconnected")
            #expect(subset.followed.contains("public.rental(customer_id) -> public.customer(customer_id)"))
            // The run's evidence records it.
            let predicate = MaskPredicate(result, toolVersion: "test", facts: EnvironmentFacts())
            #expect(predicate.subset?.roots.map(\.predicate) == ["customer_id % 10 = 0"])
            #expect(predicate.subset?.tables.first { $0.table == "public.payment" }?.keptRows == payments.count)

            // Masked as in a full copy: the same key gives kept customers the same masked rows.
            #expect(result.leakProbe.hits == 0 && result.leakProbe.checkedValues > 0)
            try Fixtures.mask(.postgres(source), .postgres(full))
            let fullCustomers = try Fixtures.keyed(.postgres(full), "customer", by: "customer_id")
            let sourceCustomers = try Fixtures.keyed(.postgres(source), "customer", by: "customer_id")
            for row in try Fixtures.rows(.postgres(first), "customer") {
                let id = try #require(row["customer_id"] ?? nil)
                #expect(row == fullCustomers[id], "customer \(id) masked as in the full copy")
                #expect(row["email"] != sourceCustomers[id]?["email"])
            }

            // Deterministic: a second run gives the same tables.
            let again = try Fixtures.mask(.postgres(source), .postgres(second), rules: rules, jobs: 1)
            let digests = { (r: MaskResult) in Dictionary(uniqueKeysWithValues: r.tables.map { ($0.table, $0.digest) })
            }
            #expect(digests(result) == digests(again))
            #expect(again.subset == result.subset)
        }
    }

    @Test("the run vocabulary comes from every source row, unless the subset says vocabulary: kept")
    func vocabulary() throws {
        try server.withDatabase("subset_vocabulary", pagila: true) { source in
            let (all, kept) = (server.unusedAddress("subset_all"), server.unusedAddress("subset_kept"))
            defer { [all, kept].forEach(server.drop) }
            let fromAll = try Fixtures.mask(
                .postgres(source), .postgres(all),
                rules: SubsetAssertions.rules(SubsetAssertions.pagilaText, adding: Self.tenthOfCustomers))
            let fromKept = try Fixtures.mask(
                .postgres(source), .postgres(kept),
                rules: SubsetAssertions.rules(
                    SubsetAssertions.pagilaText, adding: Self.tenthOfCustomers + "\n  vocabulary: kept"))
            #expect(fromKept.leakProbe.learntWords > 0)
            #expect(fromKept.leakProbe.learntWords < fromAll.leakProbe.learntWords)
            #expect(fromKept.subset?.vocabulary == "kept" && fromAll.subset?.vocabulary == nil)
            let payments = { (r: MaskResult) in r.tables.first { $0.table == "public.payment" }?.digest }
            #expect(payments(fromKept) == payments(fromAll))
        }
    }

    @Test("trim_parents shrinks inventory and film to what the kept rentals need; every key still valid")
    func trimmedParents() throws {
        try server.withDatabase("subset_trim", pagila: true) { source in
            let target = server.unusedAddress("subset_trim_dst")
            defer { server.drop(target) }
            let rules = try SubsetAssertions.rules(
                SubsetAssertions.pagilaText,
                adding: Self.tenthOfCustomers + "\n  trim_parents: [public.inventory, public.film]")
            let result = try Fixtures.mask(.postgres(source), .postgres(target), rules: rules)

            let inventory = "SELECT DISTINCT inventory_id FROM rental WHERE rental_id IN (\(Self.keptRentals))"
            let films = "SELECT DISTINCT film_id FROM inventory WHERE inventory_id IN (\(inventory))"
            let keptInventory = try SubsetAssertions.set(source, inventory)
            let keptFilms = try SubsetAssertions.set(source, films)
            #expect(keptInventory.count < 4581 && keptFilms.count < 1000 && !keptFilms.isEmpty)
            #expect(try SubsetAssertions.set(target, "SELECT inventory_id FROM inventory") == keptInventory)
            #expect(try SubsetAssertions.set(target, "SELECT film_id FROM film") == keptFilms)
            #expect(
                try SubsetAssertions.set(target, "SELECT rental_id FROM rental")
                    == SubsetAssertions.set(source, Self.keptRentals))
            // Tables that reference a trimmed film keep the rows pointing at kept films.
            #expect(
                try SubsetAssertions.rowCount(target, "film_actor")
                    == SubsetAssertions.count(source, "SELECT count(*) FROM film_actor WHERE film_id IN (\(films))"))
            #expect(
                try SubsetAssertions.rowCount(target, "film_category")
                    == SubsetAssertions.count(source, "SELECT count(*) FROM film_category WHERE film_id IN (\(films))"))
            for whole in ["store", "staff", "actor", "language", "category"] {
                #expect(try SubsetAssertions.rowCount(target, whole) == SubsetAssertions.rowCount(source, whole))
            }
            try SubsetAssertions.expectForeignKeysValid(source: source, target: target)

            let subset = try #require(result.subset)
            #expect(subset.table("public.inventory")?.role == "trimmed")
            #expect(subset.table("public.film")?.role == "trimmed")
            #expect(subset.table("public.film_actor")?.role == "follows-trimmed")
            #expect(subset.table("public.film")?.keptRows == keptFilms.count)
            #expect(subset.table("public.film")?.sourceRows == 1000)
        }
    }
}
