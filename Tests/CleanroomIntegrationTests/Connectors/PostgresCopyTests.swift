import CleanroomCore
import Foundation
import TestSupport
import Testing

@testable import CleanroomConnectors

@Suite("PostgreSQL COPY through source and target", .testCluster)
struct PostgresCopyTests {
    @Test("pagila copies to a new database: equal row counts, all foreign keys validated, equal sequences")
    func pagilaCopy() throws {
        let server = try PostgresTestServer()
        try server.withDatabase("cr_pagila_src", pagila: true) { sourceAddress in
            let targetAddress = server.unusedAddress("cr_pagila_dst")
            defer { server.drop(targetAddress) }
            let source = try PostgresSource(address: sourceAddress)
            let schema = try source.introspect()
            let definition = try source.schemaDefinition(for: schema)
            guard case .postgres(let preData, let postData, let sequences) = definition else {
                Issue.record("a PostgreSQL source gives a PostgreSQL definition")
                return
            }
            #expect(!preData.contains("\\restrict") && postData.contains("FOREIGN KEY") && sequences.count == 13)
            // pagila's 22 primary keys and 34 indexes are built in parallel, the rest in order.
            #expect(
                PostDataScript(postData).map { ($0.schedule.parallel.count, $0.schedule.sequential.count) } ?? (0, 0)
                    == (56, 58))

            let target = try PostgresTarget(address: targetAddress)
            try target.prepare(schema: schema, definition: definition)
            // Tables in parallel, as the pipeline runs them: writers are opened from several threads.
            let errors = ErrorCollector()
            DispatchQueue.concurrentPerform(iterations: schema.tables.count) { index in
                errors.run { try copyTable(schema.tables[index], from: source, to: target) }
            }
            #expect(errors.errors.isEmpty, "\(errors.errors)")
            try target.finalizeSchema(schema: schema, definition: definition, jobs: 2)
            try target.commit()

            let original = try PostgresConnection(address: sourceAddress)
            let copy = try PostgresConnection(address: targetAddress)
            func same(_ sql: String) throws -> [[String?]] {
                let rows = try copy.query(sql, context: sql)
                #expect(rows == (try original.query(sql, context: sql)), "\(sql)")
                return rows
            }
            for table in schema.tables {
                _ = try same("SELECT count(*) FROM \(PostgresSQL.quote(table.name))")
            }
            #expect(try same("SELECT count(*) FROM public.payment") == [["16049"]])
            let keys = try same(
                "SELECT conrelid::regclass::text, conname, convalidated FROM pg_catalog.pg_constraint WHERE contype = 'f' ORDER BY 1, 2"
            )
            #expect(keys.count == 36 && keys.allSatisfy { $0[2] == "t" })
            _ = try same("SELECT schemaname, sequencename, last_value FROM pg_catalog.pg_sequences ORDER BY 1, 2")
            _ = try same("SELECT count(*) FROM pg_catalog.pg_trigger WHERE NOT tgisinternal")
            _ = try same("SELECT count(*), min(name), max(\"zip code\") FROM public.customer_list")
            #expect(try copy.query("SELECT nextval('public.payment_payment_id_seq')", context: "") == [["32099"]])
        }
    }

    @Test("a reader hands on whole rows in batches of about RowBatch.targetBytes")
    func batchSizes() throws {
        let server = try PostgresTestServer()
        let setup =
            "CREATE TABLE wide (id integer, payload text); INSERT INTO wide SELECT i, repeat('x', 90) FROM generate_series(1, 20000) i;"
        try server.withDatabase("cr_batches", setup: setup) { address in
            let source = try PostgresSource(address: address)
            let table = try #require(try source.introspect().tables.first)
            let reader = try source.openReader(table: table, columns: table.columns, filter: nil, limit: nil)
            var batches: [RowBatch] = []
            while let batch = try reader.next() { batches.append(batch) }
            #expect(batches.count > 4)
            #expect(batches.reduce(0) { $0 + $1.rowCount } == 20000)
            for batch in batches.dropLast() {
                #expect(batch.isFull && batch.bytes.count < RowBatch.targetBytes + 100)
            }
            for batch in batches {
                #expect(
                    batch.bytes.last == CopyText.newline
                        && batch.bytes.filter { $0 == CopyText.newline }.count == batch.rowCount)
            }
            #expect(try reader.next() == nil)
        }
    }

    private static let edgeSetup = #"""
        CREATE SCHEMA "Édge Schema";
        CREATE TABLE "Édge Schema"."Round Trip" (
            id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            "Mixed Case col" text,
            note text,
            payload bytea,
            numbers integer[],
            document jsonb,
            amount numeric,
            happened timestamptz,
            doubled integer GENERATED ALWAYS AS (id * 2) STORED
        );
        INSERT INTO "Édge Schema"."Round Trip" ("Mixed Case col", note, payload, numbers, document, amount, happened) VALUES
            (E'tab\there', E'new\nline, \r return, \\ backslash', '\x00ff0a09', '{1,2,3}', '{"a": "b\tc", "ü": [1, null]}',
             12345678901234567890.123456789, '2024-02-29 23:59:59.999999+05:30'),
            ('\N', NULL, NULL, '{}', 'null', -0.5, '-infinity'),
            ('', '', '', '{NULL,-1}', '[]', 'NaN', '1999-01-08 04:05:06 PST'),
            ('Gonçalves ı 日本 🎉', '\N', (SELECT decode(string_agg(lpad(to_hex(b), 2, '0'), ''), 'hex') FROM generate_series(0, 255) b),
             NULL, '{"big": 1e40, "nested": {"k": "\"quoted\""}}', 0, 'infinity'),
            (repeat(E'x\ty\\z\n', 160000), 'one megabyte', decode(repeat('5c4e', 1000), 'hex'), '{2147483647}', '{}', 1e-20, now()),
            (NULL, NULL, NULL, NULL, NULL, NULL, NULL);
        """#

    @Test(
        "COPY edge cases round-trip byte for byte: escapes, \\N text, NULL, empty, non-ASCII, 1 MB, bytea, int[], jsonb, numeric, timestamptz"
    )
    func edgeCases() throws {
        let server = try PostgresTestServer()
        try server.withDatabase("cr_edge", setup: Self.edgeSetup) { sourceAddress in
            // A target name that needs quoting.
            let targetAddress = server.unusedAddress("cr Edge Tärget")
            defer { server.drop(targetAddress) }
            let source = try PostgresSource(address: sourceAddress)
            let schema = try source.introspect()
            let table = try #require(schema.table(QualifiedName(schema: "Édge Schema", name: "Round Trip")))
            #expect(table.column(named: "Mixed Case col")?.kind == .text)
            let definition = try source.schemaDefinition(for: schema)
            let target = try PostgresTarget(address: targetAddress)
            try target.prepare(schema: schema, definition: definition)
            #expect(try copyTable(table, from: source, to: target) == 6)
            try target.finalizeSchema(schema: schema, definition: definition, jobs: 2)
            try target.commit()

            // Generated columns are computed again by the target, so all columns compare equal.
            func rows(_ address: PostgresAddress) throws -> [[UInt8]] {
                try readRows(
                    PostgresSource(address: address).openReader(
                        table: table, columns: table.columns, filter: nil, limit: nil)
                )
                .sorted { $0.lexicographicallyPrecedes($1) }
            }
            let original = try rows(sourceAddress)
            #expect(original.count == 6 && original.contains { $0.count > 1_000_000 })
            #expect(try rows(targetAddress) == original)

            let copy = try PostgresConnection(address: targetAddress)
            let quoted = PostgresSQL.quote(table.name)
            func count(_ condition: String, _ parameters: [String?] = []) throws -> String? {
                try copy.query(
                    "SELECT count(*)::text FROM \(quoted) WHERE \(condition)", parameters, context: condition
                ).first?.first ?? nil
            }
            #expect(try count("note IS NULL") == "2" && count("note = ''") == "1" && count("note = $1", ["\\N"]) == "1")
            #expect(try count(#""Mixed Case col" = $1"#, ["\\N"]) == "1" && count(#""Mixed Case col" = ''"#) == "1")
            #expect(try count("octet_length(payload) = 256 AND get_byte(payload, 255) = 255") == "1")
            // The identity sequence went on from the copied values.
            #expect(
                try copy.query("INSERT INTO \(quoted) DEFAULT VALUES RETURNING id, doubled", context: "insert") == [
                    ["7", "14"]
                ])
        }
    }

    @Test("readers select columns in the given order, apply filter and limit, and read an inherited-from table alone")
    func readerOptions() throws {
        let setup = """
            CREATE TABLE parent (id integer, label text);
            CREATE TABLE child (extra text) INHERITS (parent);
            INSERT INTO parent VALUES (1, 'a'), (2, 'b'), (3, NULL);
            INSERT INTO child VALUES (4, 'd', 'x');
            """
        let server = try PostgresTestServer()
        try server.withDatabase("cr_reader", setup: setup) { address in
            let source = try PostgresSource(address: address)
            let schema = try source.introspect()
            let parent = try #require(schema.table(QualifiedName(schema: "public", name: "parent")))
            let child = try #require(schema.table(QualifiedName(schema: "public", name: "child")))
            func read(
                _ table: Table, _ columns: [Column]? = nil, filter: String? = nil, limit: Int? = nil
            ) throws -> [String] {
                try readRows(
                    source.openReader(table: table, columns: columns ?? table.columns, filter: filter, limit: limit)
                )
                .map { String(decoding: $0, as: UTF8.self) }
            }
            #expect(try read(parent) == ["1\ta\n", "2\tb\n", "3\t\\N\n"])
            #expect(try read(child) == ["4\td\tx\n"])
            #expect(try read(parent, filter: "id >= 2") == ["2\tb\n", "3\t\\N\n"])
            #expect(try read(parent, limit: 1).count == 1)
            #expect(try read(parent, limit: 0).isEmpty)
            #expect(try read(parent, parent.columns.reversed(), filter: "id = 1") == ["a\t1\n"])
            let error = #expect(throws: ConnectorError.self) { try read(parent, filter: "no_such_column > 0") }
            guard case .postgres(let failure)? = error else {
                Issue.record("expected a PostgresError, got \(String(describing: error))")
                return
            }
            #expect(
                failure.context.contains("public.parent") && failure.sqlState == "42703"  // undefined_column
                    && failure.serverMessage.contains("no_such_column"))
        }
    }

    @Test("a reader whose server session is terminated mid-COPY throws a ConnectorError naming the table")
    func terminatedBackend() throws {
        // About 64 MB of COPY output: far more than the socket buffers hold, so the COPY is still
        // running when its session is terminated.
        let setup =
            "CREATE TABLE big (id integer, payload text); INSERT INTO big SELECT i, repeat(md5(i::text), 2000) FROM generate_series(1, 1000) i;"
        let server = try PostgresTestServer()
        try server.withDatabase("cr_killed", setup: setup) { address in
            let source = try PostgresSource(address: address)
            let table = try #require(try source.introspect().tables.first)
            let reader = try source.openReader(table: table, columns: table.columns, filter: nil, limit: nil)
            defer { reader.close() }
            #expect(try reader.next() != nil)
            let terminated = try PostgresConnection(address: server.address).query(
                "SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity WHERE datname = $1 AND query LIKE 'COPY%'",
                [address.database], context: "terminating the reader's session")
            #expect(terminated == [["t"]])
            let error = #expect(throws: ConnectorError.self) { while try reader.next() != nil {} }
            #expect(
                error?.description.contains("COPY public.big TO STDOUT failed") == true, "\(String(describing: error))")
            #expect(throws: ConnectorError.self) { _ = try reader.next() }
        }
    }
}
