@testable import CleanroomConnectors
import TestSupport
import Testing

@Suite("pg_dump post-data script split into entries")
struct PostDataScriptTests {
    @Test("a real post-data script splits into its preamble and one entry per header; the leading indexes and constraints run in parallel, their comments afterwards")
    func realScript() throws {
        let server = try PostgresTestServer()
        try server.withDatabase("cr_postdata_split", setup: PostDataFixture.setup) { address in
            let script = try #require(PostDataScript(try PgDump.schema(.postData, of: address)))
            #expect(script.preamble.contains("SET standard_conforming_strings = on;"))
            #expect(script.preamble.contains("SELECT pg_catalog.set_config('search_path', '', false);"))
            #expect(!script.preamble.contains("-- Name:"))
            #expect(script.entries.map(\.type) == ["CONSTRAINT"] * 7 + ["INDEX"] * 4 + ["COMMENT", "INDEX"] + ["INDEX ATTACH"] * 4
                                                  + ["TRIGGER"] + ["FK CONSTRAINT"] * 4)
            // The header inside the index predicate's literal is part of that entry, not one of its own.
            #expect(!script.entries.contains { $0.name == "evil" })
            let tricky = try #require(script.entries.first { $0.name == "orders_tricky_idx" })
            #expect(tricky.sql.hasPrefix("CREATE INDEX orders_tricky_idx ON public.orders") && tricky.sql.hasSuffix("DROP TABLE public.customers;\n'::text);"))
            #expect(script.entries.allSatisfy { !$0.sql.hasPrefix("--") && !$0.sql.isEmpty })

            let (parallel, sequential) = script.schedule
            #expect(parallel.map(\.name) == ["customers customers_email_key", "customers customers_pkey", "events events_pkey",
                                             "events_2023 events_2023_pkey", "events_2024 events_2024_pkey", "kinds kinds_pkey", "orders orders_pkey",
                                             "events_kind_idx", "events_2023_kind_idx", "events_2024_kind_idx", "orders_customer_id_idx",
                                             "orders_tricky_idx"])
            #expect(sequential.map(\.name) == ["INDEX orders_customer_id_idx", "events_2023_kind_idx", "events_2023_pkey",
                                               "events_2024_kind_idx", "events_2024_pkey", "orders orders_default_note",
                                               "customers customers_favourite_order_fk", "events events_kind_fk", "orders orders_customer_fk",
                                               "orders orders_unchecked_fk"])
            #expect(sequential.first?.sql == "COMMENT ON INDEX public.orders_customer_id_idx IS 'orders by customer';")
            #expect(parallel.last?.action == "creating index orders_tricky_idx")
        }
    }

    private static let preamble = "SET client_encoding = 'UTF8';\nSELECT pg_catalog.set_config('search_path', '', false);\n\n"
    private static func header(_ name: String, _ type: String) -> String {
        "--\n-- Name: \(name); Type: \(type); Schema: public; Owner: -\n--\n\n"
    }

    @Test("a script it does not recognise is not split, so it runs whole as before", arguments: [
        "CREATE INDEX t_x_idx ON public.t USING btree (x);\n",
        preamble + "CREATE TABLE public.u (x integer);\n" + header("t_x_idx", "INDEX") + "CREATE INDEX t_x_idx ON public.t (x);\n",
        // pg_dump selects another tablespace for an index between two entries.
        preamble + header("t_x_idx", "INDEX") + "CREATE INDEX t_x_idx ON public.t (x);\n\nSET default_tablespace = fast;\n\n"
            + header("t_y_idx", "INDEX") + "CREATE INDEX t_y_idx ON public.t (y);\n",
        preamble + header("t_x; Type: INDEX", "CONSTRAINT") + "ALTER TABLE ONLY public.t ADD CONSTRAINT \"t_x; Type: INDEX\" UNIQUE (x);\n",
        preamble + "--\n-- Name: t_x_idx; Type: INDEX\n--\n\nCREATE INDEX t_x_idx ON public.t (x);\n",
    ])
    func unrecognised(script: String) {
        #expect(PostDataScript(script) == nil)
    }

    @Test("a foreign key splits into NOT VALID and VALIDATE; one the source left NOT VALID, and other entries, do not")
    func foreignKeySplit() throws {
        let plain = PostDataScript.Entry(name: "orders orders_customer_fk", type: "FK CONSTRAINT", sql: """
            ALTER TABLE ONLY public.orders
                ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON DELETE CASCADE;


            --
            -- PostgreSQL database dump complete
            --

            """)
        let split = try #require(plain.splitForeignKey)
        #expect(split.add == """
            ALTER TABLE ONLY public.orders
                ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON DELETE CASCADE NOT VALID;
            """)
        #expect(split.validate == "ALTER TABLE ONLY public.orders VALIDATE CONSTRAINT orders_customer_fk;")
        var unchecked = plain
        unchecked.sql = "ALTER TABLE ONLY public.orders\n    ADD CONSTRAINT x FOREIGN KEY (a) REFERENCES public.c(id) NOT VALID;\n"
        #expect(unchecked.splitForeignKey == nil)
        var index = plain
        index.type = "INDEX"
        #expect(index.splitForeignKey == nil)
        var two = plain
        two.sql = "ALTER TABLE ONLY public.orders\n    ADD CONSTRAINT x FOREIGN KEY (a) REFERENCES public.c(id);\nSELECT 1;\n"
        #expect(two.splitForeignKey == nil)
    }

    @Test("headers are found only outside literals, quoted identifiers, dollar quotes and block comments")
    func codeLines() throws {
        let text = """
            SELECT 'it''s
            --', E'\\'
            --', "a
            --""b", $tag$ $$
            --$tag$, $1, a$b /* /* nested */
            -- */ ;
            -- done
            """
        let bytes = Array(text.utf8)
        let lines = SQLCodeLines.lines(of: bytes).map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
        #expect(lines == ["SELECT 'it''s", "-- done"])
        let script = try #require(PostDataScript(Self.preamble + Self.header("t_x_idx", "INDEX") + text))
        #expect(script.entries.count == 1 && script.entries[0].sql == text)
    }
}

private func * (list: [String], count: Int) -> [String] {
    Array(repeating: list, count: count).flatMap { $0 }
}
