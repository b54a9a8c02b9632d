import CleanroomConnectors
import CleanroomEvidence
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

@Suite("cleanroom subset plan, check and mask with a subset, from the command line", .testCluster)
struct SubsetCommandTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    static func rulesFile(_ subset: String, in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("subset.yaml").path
        try (try String(contentsOfFile: Fixtures.pagilaRulesPath, encoding: .utf8) + "\n" + subset)
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("subset plan counts what mask then keeps, writing nothing; mask prints the same per table")
    func planThenMask() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        try server.withDatabase("cli_subset", pagila: true) { source in
            let target = server.unusedAddress("cli_subset_dst")
            defer { server.drop(target) }
            let rules = try Self.rulesFile(
                "subset:\n  roots:\n    public.customer: \"customer_id % 10 = 0\"\n  trim_parents: [public.inventory, public.film]\n",
                in: runner.home)
            let databases = "SELECT count(*) FROM pg_database"
            let before = try PostgresConnection(address: server.address).query(databases, context: "databases")
            let plan = try runner.run(["subset", "plan", "--source", source.description, "--rules", rules, "--json"])
            #expect(plan.status == 0, "\(plan.stderr)")
            let outcome = try JSONDecoder().decode(MaskPredicate.Subset.self, from: Data(plan.stdout.utf8))
            #expect(try PostgresConnection(address: server.address).query(databases, context: "databases") == before)
            #expect(!FileManager.default.fileExists(atPath: runner.ledgerPath))
            #expect(outcome.table("public.customer")?.role == "root")
            #expect(outcome.table("public.store")?.keptRows == 500)

            let mask = try runner.run([
                "mask", "--source", source.description, "--target", target.description, "--rules", rules, "--quiet",
            ])
            #expect(mask.status == 0, "\(mask.stderr)")
            for table in outcome.tables {
                let rows = try PostgresConnection(address: target).query(
                    "SELECT count(*) FROM \(table.table)", context: "counting")
                #expect(rows.first?.first == "\(table.keptRows)", "\(table.table): planned \(table.keptRows)")
            }
            let customer = try #require(outcome.table("public.customer"))
            #expect(mask.stdout.contains("subset: rows kept of rows in the source, per table:"))
            #expect(
                mask.stdout.range(
                    of: #"public\.customer +root +\#(customer.keptRows) of 599 rows"#, options: .regularExpression)
                    != nil)
            #expect(
                mask.stdout.range(of: #"public\.film +trimmed +\d+ of 1000 rows"#, options: .regularExpression) != nil)
        }
    }

    @Test("check reports a root predicate the source cannot evaluate (exit 2) and a root in a cycle")
    func checkReports() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        try server.withDatabase("cli_subset_check", pagila: true) { source in
            let broken = try Self.rulesFile(
                "subset:\n  roots:\n    public.customer: \"no_such_column = 1\"\n", in: runner.home)
            let failing = try runner.run(["check", "--source", source.description, "--rules", broken])
            #expect(failing.status == 2)
            #expect(
                failing.stdout.contains("the predicate of the root public.customer does not evaluate on the source"))

            let cycle = try Self.rulesFile(
                """
                references:
                  public.store.manager_staff_id: public.staff.staff_id
                subset:
                  roots:
                    public.store: "store_id < 50"
                """, in: runner.home)
            let reported = try runner.run(["check", "--source", source.description, "--rules", cycle])
            #expect(
                reported.stdout.contains(
                    "subset cycle: the root public.store is in a cycle (public.staff ⇄ public.store)"))
            let strict = try runner.run(["check", "--source", source.description, "--rules", cycle, "--strict"])
            #expect(strict.status == 3)
        }
    }
}
