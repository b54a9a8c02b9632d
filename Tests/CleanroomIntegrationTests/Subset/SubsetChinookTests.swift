import CleanroomConnectors
import CleanroomCore
import CleanroomEvidence
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

/// chinook's employee table references itself (`reports_to`, a three-level tree).
@Suite("subsets of chinook: a self-reference", .testCluster)
struct SubsetChinookTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    static let masked = [
        "employee.first_name": "{ fake: first_name }", "employee.last_name": "{ fake: last_name }",
        "employee.email": "{ fake: email }", "customer.first_name": "{ fake: first_name }",
        "customer.last_name": "{ fake: last_name }", "customer.email": "{ fake: email }",
    ]
    /// The public catalogue: kept, and not leak-probed.
    static let catalogue: Set<String> = [
        "artist", "album", "track", "genre", "media_type", "playlist", "playlist_track",
    ]

    static func rules(_ source: PostgresAddress, _ subset: String) throws -> RulesFile {
        try Fixtures.keepingRules(
            .postgres(source), masked: masked, reference: catalogue, adding: subset)
    }

    @Test("a root on a self-referencing table keeps the rows whose chain of managers it keeps too")
    func selfReference() throws {
        try server.withDatabase("chinook_src", chinook: true) { source in
            let target = server.unusedAddress("chinook_dst")
            defer { server.drop(target) }
            let rules = try Self.rules(
                source,
                """
                subset:
                  roots:
                    employee: "employee_id IN (1, 2, 3)"
                """)
            let result = try Fixtures.mask(.postgres(source), .postgres(target), rules: rules)

            #expect(try SubsetAssertions.set(target, "SELECT employee_id FROM employee") == ["1", "2", "3"])
            let customers = "SELECT customer_id FROM customer WHERE support_rep_id IN (1, 2, 3)"
            let invoices = "SELECT invoice_id FROM invoice WHERE customer_id IN (\(customers))"
            #expect(
                try SubsetAssertions.set(target, "SELECT customer_id FROM customer")
                    == SubsetAssertions.set(source, customers))
            #expect(
                try SubsetAssertions.set(target, "SELECT invoice_id FROM invoice")
                    == SubsetAssertions.set(source, invoices))
            #expect(
                try SubsetAssertions.rowCount(target, "invoice_line")
                    == SubsetAssertions.count(
                        source, "SELECT count(*) FROM invoice_line WHERE invoice_id IN (\(invoices))"))
            #expect(try SubsetAssertions.rowCount(target, "invoice_line") > 0)
            for whole in ["track", "album", "artist", "genre", "media_type", "playlist", "playlist_track"] {
                #expect(try SubsetAssertions.rowCount(target, whole) == SubsetAssertions.rowCount(source, whole))
            }
            try SubsetAssertions.expectForeignKeysValid(source: source, target: target)

            let subset = try #require(result.subset)
            #expect(subset.cycles == [["public.employee"]])
            #expect(subset.table("public.employee")?.role == "root")
            #expect(subset.table("public.invoice_line")?.role == "follows")
            #expect(subset.table("public.track")?.role == "parent")
            #expect(subset.table("public.playlist_track")?.role == "unconnected")
            // Masked as usual.
            #expect(
                try SubsetAssertions.set(target, "SELECT email FROM employee").isDisjoint(
                    with: SubsetAssertions.set(source, "SELECT email FROM employee")))
            #expect(result.leakProbe.hits == 0 && result.leakProbe.wordHits == 0)
        }
    }

    @Test("a root whose manager is left out keeps nothing, unless break: sets reports_to NULL")
    func managerLeftOut() throws {
        try server.withDatabase("chinook_break", chinook: true) { source in
            let (plain, broken) = (server.unusedAddress("chinook_plain"), server.unusedAddress("chinook_broken"))
            defer { [plain, broken].forEach(server.drop) }
            let subset = """
                subset:
                  roots:
                    employee: "employee_id = 3"
                """
            let unbroken = try Fixtures.mask(.postgres(source), .postgres(plain), rules: Self.rules(source, subset))
            #expect(unbroken.subset?.table("public.employee")?.predicateRows == 1)
            #expect(unbroken.subset?.table("public.employee")?.keptRows == 0)
            #expect(try SubsetAssertions.rowCount(plain, "customer") == 0)
            try SubsetAssertions.expectForeignKeysValid(source: source, target: plain)

            let result = try Fixtures.mask(
                .postgres(source), .postgres(broken),
                rules: Self.rules(source, subset + "\n  break: [employee.reports_to]"))
            #expect(
                try SubsetAssertions.set(
                    broken, "SELECT employee_id || ':' || coalesce(reports_to::text, 'NULL') FROM employee") == [
                        "3:NULL"
                    ])
            #expect(
                try SubsetAssertions.rowCount(broken, "customer")
                    == SubsetAssertions.count(source, "SELECT count(*) FROM customer WHERE support_rep_id = 3"))
            #expect(result.subset?.breaks.map(\.setNull) == [1])
            #expect(result.subset?.cycles == [])
            try SubsetAssertions.expectForeignKeysValid(source: source, target: broken)
        }
    }

    @Test("a trimmed self-referencing parent keeps the support reps of kept customers and their managers")
    func trimmedSelfReference() throws {
        try server.withDatabase("chinook_trim", chinook: true) { source in
            let target = server.unusedAddress("chinook_trim_dst")
            defer { server.drop(target) }
            let rules = try Self.rules(
                source,
                """
                subset:
                  roots:
                    customer: "country = 'Canada'"
                  trim_parents: [employee]
                """)
            let result = try Fixtures.mask(.postgres(source), .postgres(target), rules: rules)

            let managers = """
                WITH RECURSIVE up(id) AS (
                  SELECT support_rep_id FROM customer WHERE country = 'Canada'
                  UNION SELECT e.reports_to FROM employee e JOIN up ON e.employee_id = up.id WHERE e.reports_to IS NOT NULL)
                SELECT id FROM up
                """
            let expected = try SubsetAssertions.set(source, managers)
            #expect(expected.count < 8 && expected.contains("1"))
            #expect(try SubsetAssertions.set(target, "SELECT employee_id FROM employee") == expected)
            try SubsetAssertions.expectForeignKeysValid(source: source, target: target)
            #expect(result.subset?.table("public.employee")?.role == "trimmed")
            #expect(result.subset?.cycles == [["public.employee"]])
        }
    }
}
