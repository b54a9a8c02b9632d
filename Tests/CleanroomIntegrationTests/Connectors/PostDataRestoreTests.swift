import CleanroomCore
import TestSupport
import Testing

@testable import CleanroomConnectors

@Suite("PostgreSQL post-data on several connections", .testCluster)
struct PostDataRestoreTests {
    /// Catalog views of what post-data creates, each comparable between two databases.
    private static let catalogQueries = [
        "SELECT tablename, indexname, indexdef FROM pg_catalog.pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2",
        """
        SELECT conrelid::regclass::text, conname, contype::text, convalidated::text, pg_catalog.pg_get_constraintdef(oid)
        FROM pg_catalog.pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2
        """,
        "SELECT tgrelid::regclass::text, tgname, tgenabled::text FROM pg_catalog.pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2",
        """
        SELECT i.indexrelid::regclass::text, i.indisvalid::text, p.inhparent::regclass::text FROM pg_catalog.pg_index i
        LEFT JOIN pg_catalog.pg_inherits p ON p.inhrelid = i.indexrelid
        WHERE i.indrelid::regclass::text NOT LIKE 'pg_%' ORDER BY 1
        """,
        """
        SELECT c.relname, d.description FROM pg_catalog.pg_description d JOIN pg_catalog.pg_class c ON c.oid = d.objoid
        WHERE d.classoid = 'pg_catalog.pg_class'::regclass AND c.relnamespace = 'public'::regnamespace ORDER BY 1
        """,
    ]

    @Test("finalizeSchema with jobs 2 creates every index, constraint (validated), trigger and comment of the source")
    func parallelPostData() throws {
        let server = try PostgresTestServer()
        try server.withDatabase("cr_postdata_src", setup: PostDataFixture.setup) { sourceAddress in
            let targetAddress = server.unusedAddress("cr_postdata_dst")
            defer { server.drop(targetAddress) }
            let (source, schema, definition, target) = try Self.prepared(from: sourceAddress, to: targetAddress)
            for table in schema.tables { try copyTable(table, from: source, to: target) }
            try target.finalizeSchema(schema: schema, definition: definition, jobs: 2)
            try target.commit()

            let original = try PostgresConnection(address: sourceAddress)
            let copy = try PostgresConnection(address: targetAddress)
            for sql in Self.catalogQueries {
                let rows = try copy.query(sql, context: sql)
                let expected = try original.query(sql, context: sql)
                #expect(!rows.isEmpty && rows == expected, "\(sql)")
            }
            // Foreign keys go in NOT VALID and are validated afterwards; the one the source left NOT VALID
            // stays so, the one on a partitioned table (which refuses NOT VALID) is added as written.
            let constraints = try copy.query(
                """
                SELECT conname, convalidated::text FROM pg_catalog.pg_constraint WHERE connamespace = 'public'::regnamespace AND conparentid = 0
                """, context: "constraints")
            #expect(constraints.count == 9)
            #expect(constraints.filter { $0[1] != "true" } == [["orders_unchecked_fk", "false"]])
            #expect(try copy.query("SELECT count(*) FROM public.customers", context: "customers") == [["2000"]])
        }
    }

    /// Rows that break one post-data entry: the table, its rows, and what the error must say.
    struct Breakage: Sendable, CustomTestStringConvertible {
        var table: String
        var rows: [[String?]]
        var context: String
        var sqlState: String
        var message: String
        var testDescription: String { context }
    }

    @Test(
        "a failing post-data entry stops the run with an error naming it; abort then drops the database",
        arguments: [
            // Masking that maps two e-mail addresses to one breaks the unique constraint.
            Breakage(
                table: "customers", rows: [["1", "same@example.org", nil], ["2", "same@example.org", nil]],
                context: "adding constraint customers customers_email_key", sqlState: "23505",
                message: "could not create unique index \"customers_email_key\""),
            // An order of a customer that was not loaded fails the foreign key's validation.
            Breakage(
                table: "orders", rows: [["1", "42", "2024-01-01", nil]],
                context: "validating foreign key orders orders_customer_fk against the loaded rows", sqlState: "23503",
                message: "violates foreign key constraint \"orders_customer_fk\""),
        ])
    func failingEntry(_ breakage: Breakage) throws {
        let server = try PostgresTestServer()
        try server.withDatabase("cr_postdata_bad_src", setup: PostDataFixture.setup) { sourceAddress in
            let targetAddress = server.unusedAddress("cr_postdata_bad_dst")
            defer { server.drop(targetAddress) }
            let (_, schema, definition, target) = try Self.prepared(from: sourceAddress, to: targetAddress)
            let table = try #require(schema.table(QualifiedName(schema: "public", name: breakage.table)))
            let writer = try target.openWriter(table: table, columns: table.columns)
            try writer.write(batch(breakage.rows))
            try writer.finish()

            let error = #expect(throws: ConnectorError.self) {
                try target.finalizeSchema(schema: schema, definition: definition, jobs: 2)
            }
            guard case .postgres(let failure)? = error else {
                Issue.record("expected a PostgresError, got \(String(describing: error))")
                return
            }
            #expect(failure.context.hasPrefix(breakage.context + " in \(targetAddress)"))
            #expect(failure.sqlState == breakage.sqlState)  // unique_violation, foreign_key_violation
            #expect(failure.serverMessage.contains(breakage.message))
            target.abort()
            #expect(try !server.databaseExists(targetAddress.database))
        }
    }

    /// A new target with the pre-data of the source at `sourceAddress`, and what it was made from.
    private static func prepared(
        from sourceAddress: PostgresAddress, to targetAddress: PostgresAddress
    ) throws
        -> (PostgresSource, DatabaseSchema, SchemaDefinition, PostgresTarget)
    {
        let source = try PostgresSource(address: sourceAddress)
        let schema = try source.introspect()
        let definition = try source.schemaDefinition(for: schema)
        let target = try PostgresTarget(address: targetAddress)
        try target.prepare(schema: schema, definition: definition)
        return (source, schema, definition, target)
    }

    @Test("a post-data script without pg_dump headers runs whole, as one statement list")
    func unrecognisedScript() throws {
        let server = try PostgresTestServer()
        let address = server.unusedAddress("cr_postdata_plain")
        defer { server.drop(address) }
        let preData = "CREATE TABLE public.t (x integer, y integer);"
        let postData =
            "CREATE INDEX t_x_idx ON public.t (x);\nCOMMENT ON INDEX public.t_x_idx IS 'plain';\nALTER TABLE public.t ADD PRIMARY KEY (y);"
        let definition = SchemaDefinition.postgres(preData: preData, postData: postData, sequences: [])
        let target = try PostgresTarget(address: address)
        let schema = DatabaseSchema(tables: [], foreignKeys: [])
        try target.prepare(schema: schema, definition: definition)
        try target.finalizeSchema(schema: schema, definition: definition, jobs: 2)
        try target.commit()
        let rows = try PostgresConnection(address: address).query(
            "SELECT indexname FROM pg_catalog.pg_indexes WHERE tablename = 't' ORDER BY 1", context: "indexes")
        #expect(rows == [["t_pkey"], ["t_x_idx"]])
    }
}
