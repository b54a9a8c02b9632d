import TestSupport
import Testing

@testable import CleanroomConnectors

/// The splitting of PostDataScriptTests, on the script pg_dump writes for a real database.
@Suite("pg_dump post-data script of a real database", .testCluster)
struct PostDataSplitTests {
    @Test(
        "a real post-data script splits into its preamble and one entry per header; the leading indexes and constraints run in parallel, their comments afterwards"
    )
    func realScript() throws {
        let server = try PostgresTestServer()
        try server.withDatabase("cr_postdata_split", setup: PostDataFixture.setup) { address in
            let script = try #require(PostDataScript(try PgDump.schema(.postData, of: address)))
            #expect(script.preamble.contains("SET standard_conforming_strings = on;"))
            #expect(script.preamble.contains("SELECT pg_catalog.set_config('search_path', '', false);"))
            #expect(!script.preamble.contains("-- Name:"))
            #expect(
                script.entries.map(\.type) == ["CONSTRAINT"] * 7 + ["INDEX"] * 4 + ["COMMENT", "INDEX"] + [
                    "INDEX ATTACH"
                ] * 4
                    + ["TRIGGER"] + ["FK CONSTRAINT"] * 4)
            // The header inside the index predicate's literal is part of that entry, not one of its own.
            #expect(!script.entries.contains { $0.name == "evil" })
            let tricky = try #require(script.entries.first { $0.name == "orders_tricky_idx" })
            #expect(
                tricky.sql.hasPrefix("CREATE INDEX orders_tricky_idx ON public.orders")
                    && tricky.sql.hasSuffix("DROP TABLE public.customers;\n'::text);"))
            #expect(script.entries.allSatisfy { !$0.sql.hasPrefix("--") && !$0.sql.isEmpty })

            let (parallel, sequential) = script.schedule
            #expect(
                parallel.map(\.name) == [
                    "customers customers_email_key", "customers customers_pkey", "events events_pkey",
                    "events_2023 events_2023_pkey", "events_2024 events_2024_pkey", "kinds kinds_pkey",
                    "orders orders_pkey",
                    "events_kind_idx", "events_2023_kind_idx", "events_2024_kind_idx", "orders_customer_id_idx",
                    "orders_tricky_idx",
                ])
            #expect(
                sequential.map(\.name) == [
                    "INDEX orders_customer_id_idx", "events_2023_kind_idx", "events_2023_pkey",
                    "events_2024_kind_idx", "events_2024_pkey", "orders orders_default_note",
                    "customers customers_favourite_order_fk", "events events_kind_fk", "orders orders_customer_fk",
                    "orders orders_unchecked_fk",
                ])
            #expect(sequential.first?.sql == "COMMENT ON INDEX public.orders_customer_id_idx IS 'orders by customer';")
            #expect(parallel.last?.action == "creating index orders_tricky_idx")
        }
    }
}

/// `list` repeated `count` times.
private func * (list: [String], count: Int) -> [String] {
    Array(repeating: list, count: count).flatMap { $0 }
}
