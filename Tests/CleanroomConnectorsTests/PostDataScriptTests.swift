import TestSupport
import Testing

@testable import CleanroomConnectors

@Suite("pg_dump post-data script split into entries")
struct PostDataScriptTests {
    private static let preamble =
        "SET client_encoding = 'UTF8';\nSELECT pg_catalog.set_config('search_path', '', false);\n\n"
    private static func header(_ name: String, _ type: String) -> String {
        "--\n-- Name: \(name); Type: \(type); Schema: public; Owner: -\n--\n\n"
    }

    @Test(
        "a script it does not recognise is not split, so it runs whole as before",
        arguments: [
            "CREATE INDEX t_x_idx ON public.t USING btree (x);\n",
            preamble + "CREATE TABLE public.u (x integer);\n" + header("t_x_idx", "INDEX")
                + "CREATE INDEX t_x_idx ON public.t (x);\n",
            // pg_dump selects another tablespace for an index between two entries.
            preamble + header("t_x_idx", "INDEX")
                + "CREATE INDEX t_x_idx ON public.t (x);\n\nSET default_tablespace = fast;\n\n"
                + header("t_y_idx", "INDEX") + "CREATE INDEX t_y_idx ON public.t (y);\n",
            preamble + header("t_x; Type: INDEX", "CONSTRAINT")
                + "ALTER TABLE ONLY public.t ADD CONSTRAINT \"t_x; Type: INDEX\" UNIQUE (x);\n",
            preamble + "--\n-- Name: t_x_idx; Type: INDEX\n--\n\nCREATE INDEX t_x_idx ON public.t (x);\n",
        ])
    func unrecognised(script: String) {
        #expect(PostDataScript(script) == nil)
    }

    @Test("a foreign key splits into NOT VALID and VALIDATE; one the source left NOT VALID, and other entries, do not")
    func foreignKeySplit() throws {
        let plain = PostDataScript.Entry(
            name: "orders orders_customer_fk", type: "FK CONSTRAINT",
            sql: """
                ALTER TABLE ONLY public.orders
                    ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON DELETE CASCADE;


                --
                -- PostgreSQL database dump complete
                --

                """)
        let split = try #require(plain.splitForeignKey)
        #expect(
            split.add == """
                ALTER TABLE ONLY public.orders
                    ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON DELETE CASCADE NOT VALID;
                """)
        #expect(split.validate == "ALTER TABLE ONLY public.orders VALIDATE CONSTRAINT orders_customer_fk;")
        var unchecked = plain
        unchecked.sql =
            "ALTER TABLE ONLY public.orders\n    ADD CONSTRAINT x FOREIGN KEY (a) REFERENCES public.c(id) NOT VALID;\n"
        #expect(unchecked.splitForeignKey == nil)
        var index = plain
        index.type = "INDEX"
        #expect(index.splitForeignKey == nil)
        var two = plain
        two.sql =
            "ALTER TABLE ONLY public.orders\n    ADD CONSTRAINT x FOREIGN KEY (a) REFERENCES public.c(id);\nSELECT 1;\n"
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
