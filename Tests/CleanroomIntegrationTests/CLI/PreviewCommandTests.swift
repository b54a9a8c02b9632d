import CleanroomConnectors
import Foundation
import TestSupport
import Testing

/// `cleanroom preview` through the binary on pagila in the PostgreSQL test cluster.
@Suite("cleanroom preview on pagila", .testCluster)
struct PreviewPagilaTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    @Test("every table of the rules, at most 10 rows each; masked columns differ, kept ones equal; nothing written")
    func everyTable() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        try server.withDatabase("cli_preview", pagila: true) { source in
            let outcome = try runner.run([
                "preview", "--source", source.description, "--rules", Fixtures.pagilaRulesPath, "--cell-width", "80",
            ])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(!FileManager.default.fileExists(atPath: runner.ledgerPath))
            let output = try PreviewOutput(outcome.stdout)
            #expect(Set(output.tables.map(\.name)) == Set(try Fixtures.pagilaRules.tables.keys.map(\.description)))
            for table in output.tables {
                #expect(table.source.count == table.output.count && table.source.count <= 10, "\(table.heading)")
                for (i, column) in table.columns.enumerated() where !table.masked[i] {
                    #expect(table.sourceColumn(column) == table.maskedColumn(column), "\(table.name).\(column)")
                }
            }
            let customer = try #require(output.table("public.customer"))
            #expect(customer.heading == "public.customer: 10 rows")
            let rows = try Fixtures.keyed(Endpoint(parsing: source.description), "customer", by: "customer_id")
            for column in ["first_name", "last_name", "email"] {
                let i = try #require(customer.columns.firstIndex(of: column))
                #expect(customer.masked[i])
                for (source, masked) in zip(customer.source, customer.output) {
                    #expect(source[i] == rows[source[0]]?[column] ?? nil)
                    #expect(masked[i] != source[i], "\(column): \(masked[i])")
                }
            }
            let phones = try #require(output.table("public.address")).maskedColumn("phone")
            #expect(phones.contains { !$0.isEmpty } && phones.allSatisfy { $0.allSatisfy(\.isNumber) })
        }
    }

    @Test("--table customer --rows 3 shows the 3 rows as `mask` writes them with the same key")
    func oneTableAsMaskWritesIt() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        try server.withDatabase("cli_preview_one", pagila: true) { source in
            let outcome = try runner.run([
                "preview", "--source", source.description, "--rules", Fixtures.pagilaRulesPath,
                "--table", "customer", "--rows", "3", "--cell-width", "80",
            ])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let output = try PreviewOutput(outcome.stdout)
            #expect(output.tables.map(\.name) == ["public.customer"])
            let customer = try #require(output.tables.first)
            #expect(customer.output.count == 3)

            let folder = try TestPaths.temporaryDirectory("preview-mask")
            defer { try? FileManager.default.removeItem(at: folder) }
            let target = "sqlite:" + folder.appendingPathComponent("masked.db").path
            let mask = try runner.run([
                "mask", "--source", source.description, "--target", target, "--rules", Fixtures.pagilaRulesPath,
                "--quiet",
            ])
            #expect(mask.status == 0, "\(mask.stderr)")
            let written = try Fixtures.keyed(Endpoint(parsing: target), "customer", by: "customer_id")
            for masked in customer.output {
                let row = try #require(written[masked[0]])
                for column in ["first_name", "last_name", "email"] {
                    #expect(masked[customer.columns.firstIndex(of: column)!] == row[column] ?? nil, "\(column)")
                }
            }
        }
    }

    @Test("a column no rule names: exit 3 naming it, nothing printed, no ledger")
    func uncoveredColumn() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        try server.withDatabase(
            "cli_preview_drift", pagila: true, setup: "ALTER TABLE public.customer ADD COLUMN favourite_colour text"
        ) { source in
            let outcome = try runner.run([
                "preview", "--source", source.description, "--rules", Fixtures.pagilaRulesPath,
            ])
            #expect(outcome.status == 3)
            #expect(outcome.stderr.contains("public.customer.favourite_colour"), "\(outcome.stderr)")
            #expect(outcome.stdout.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: runner.ledgerPath))
        }
    }
}
