import CleanroomCore
import TestSupport
import Testing

@testable import CleanroomConnectors

@Suite("PostgreSQL target", .testCluster)
struct PostgresTargetTests {
    /// A schema as a SQLite source describes it: schema `main`, SQLite declared types.
    private static let sqliteShaped: DatabaseSchema = {
        let author = Table(
            name: QualifiedName(schema: "main", name: "Author"),
            columns: [
                Column(name: "id", typeName: "INTEGER", kind: .integer, isNullable: false),
                Column(name: "full name", typeName: "VARCHAR(40)", kind: .text, isNullable: false),
            ], primaryKey: ["id"])
        let book = Table(
            name: QualifiedName(schema: "main", name: "book"),
            columns: [
                Column(name: "id", typeName: "INTEGER", kind: .integer, isNullable: false),
                Column(name: "author_id", typeName: "INTEGER", kind: .integer),
                Column(name: "price", typeName: "NUMERIC(6,2)", kind: .numeric),
                Column(name: "published", typeName: "DATE", kind: .date),
                Column(name: "cover", typeName: "BLOB", kind: .bytea),
                Column(name: "rating", typeName: "REAL", kind: .numeric),
            ], primaryKey: ["id"])
        return DatabaseSchema(
            tables: [author, book],
            foreignKeys: [
                ForeignKey(
                    name: "book_author", table: book.name, columns: ["author_id"], referencedTable: author.name,
                    referencedColumns: ["id"])
            ])
    }()

    @Test("a schema without PostgreSQL DDL is created from the model, loaded, and gets its keys afterwards")
    func modelSchema() throws {
        let server = try PostgresTestServer()
        let address = server.unusedAddress("cr_model")
        defer { server.drop(address) }
        let schema = Self.sqliteShaped
        let target = try PostgresTarget(address: address)
        try target.prepare(schema: schema, definition: .sqlite(tables: [], after: []))
        let author = try target.openWriter(table: schema.tables[0], columns: schema.tables[0].columns)
        try author.write(batch([["1", "Ada Lovelace"], ["2", "Gonçalves"]]))
        try author.finish()
        let book = try target.openWriter(table: schema.tables[1], columns: schema.tables[1].columns)
        try book.write(
            batch([["10", "1", "12.50", "2024-01-31", "\\x00ff", "4.5"], ["11", nil, nil, nil, nil, nil]]))
        try book.finish()
        try target.finalizeSchema(schema: schema, definition: .none, jobs: 1)
        try target.commit()

        let connection = try PostgresConnection(address: address)
        let types = try connection.query(
            """
            SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull::text FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = 'main.book'::regclass AND a.attnum > 0 ORDER BY a.attnum
            """, context: "types")
        #expect(
            types == [
                ["id", "bigint", "true"], ["author_id", "bigint", "false"], ["price", "numeric(6,2)", "false"],
                ["published", "date", "false"], ["cover", "bytea", "false"], ["rating", "double precision", "false"],
            ])
        let constraints = try connection.query(
            "SELECT conrelid::regclass::text, contype::text FROM pg_catalog.pg_constraint WHERE connamespace = 'main'::regnamespace ORDER BY 1, 2",
            context: "constraints")
        #expect(constraints == [[#"main."Author""#, "p"], ["main.book", "f"], ["main.book", "p"]])
        let introspected = try PostgresSource(address: address).introspect()
        #expect(introspected.foreignKeys.map(\.name) == ["book_author"])
    }

    @Test("a load that breaks a column type fails at finish with a ConnectorError naming the table")
    func badValue() throws {
        let server = try PostgresTestServer()
        let address = server.unusedAddress("cr_badvalue")
        defer { server.drop(address) }
        let schema = Self.sqliteShaped
        let target = try PostgresTarget(address: address)
        try target.prepare(schema: schema, definition: .none)
        let writer = try target.openWriter(table: schema.tables[1], columns: schema.tables[1].columns)
        try writer.write(batch([["10", "1", "not a number", nil, nil, nil]]))
        let error = #expect(throws: ConnectorError.self) { try writer.finish() }
        #expect(error?.description.contains("COPY main.book FROM STDIN failed") == true)
        // The server quotes the value; the error keeps it out of its description.
        guard case .postgres(let failure)? = error else {
            Issue.record("expected a PostgresError, got \(String(describing: error))")
            return
        }
        #expect(failure.sqlState == "22P02")  // invalid_text_representation
        #expect(failure.serverMessage.contains("not a number") && !failure.description.contains("not a number"))
        target.abort()
        #expect(try !server.databaseExists(address.database))
    }

    @Test("prepare refuses a database that exists, and abort then leaves it alone")
    func existingDatabase() throws {
        let server = try PostgresTestServer()
        try server.withDatabase("cr_exists") { address in
            let target = try PostgresTarget(address: address)
            let error = #expect(throws: ConnectorError.self) {
                try target.prepare(schema: Self.sqliteShaped, definition: .none)
            }
            guard case .targetExists = error else {
                Issue.record("expected targetExists, got \(String(describing: error))")
                return
            }
            target.abort()
            #expect(try server.databaseExists(address.database))
        }
    }

    @Test("abort after a partial load, with writers still open, leaves no target database")
    func abortPartialLoad() throws {
        let server = try PostgresTestServer()
        let address = server.unusedAddress("cr_abort")
        defer { server.drop(address) }
        let schema = Self.sqliteShaped
        let target = try PostgresTarget(address: address)
        try target.prepare(schema: schema, definition: .none)
        let finished = try target.openWriter(table: schema.tables[0], columns: schema.tables[0].columns)
        try finished.write(batch([["1", "Ada"]]))
        try finished.finish()
        let open = try target.openWriter(table: schema.tables[1], columns: schema.tables[1].columns)
        try open.write(batch([["10", "1", "1.00", nil, nil, nil]]))
        // Loading goes into the staging database; nothing exists under the final name until commit.
        #expect(try server.databaseExists(target.stageAddress.database))
        #expect(try !server.databaseExists(address.database))

        target.abort()
        #expect(try !server.databaseExists(target.stageAddress.database))
        #expect(throws: ConnectorError.self) { try open.write(batch([["11", nil, nil, nil, nil, nil]])) }
        #expect(throws: ConnectorError.self) {
            _ = try target.openWriter(table: schema.tables[0], columns: schema.tables[0].columns)
        }
        open.close()
        target.abort()
    }

    @Test("abort after a prepare that failed half-way leaves no target database")
    func abortPartialPrepare() throws {
        let server = try PostgresTestServer()
        let address = server.unusedAddress("cr_halfprepared")
        defer { server.drop(address) }
        let target = try PostgresTarget(address: address)
        let broken = SchemaDefinition.postgres(
            preData: "CREATE TABLE fine (x integer);\nCREATE TABLE broken (x no_such_type);",
            postData: "", sequences: [])
        let error = #expect(throws: ConnectorError.self) {
            try target.prepare(schema: DatabaseSchema(tables: [], foreignKeys: []), definition: broken)
        }
        guard case .postgres(let failure)? = error else {
            Issue.record("expected a PostgresError, got \(String(describing: error))")
            return
        }
        #expect(failure.sqlState == "42704" && failure.serverMessage.contains("no_such_type"))  // undefined_object
        #expect(try server.databaseExists(target.stageAddress.database))
        #expect(try !server.databaseExists(address.database))
        target.abort()
        #expect(try !server.databaseExists(target.stageAddress.database))
    }

    @Test("the target's identity is its server's and the name of the database to create")
    func identity() throws {
        let server = try PostgresTestServer()
        let address = server.unusedAddress("cr_identity")
        let identity = try PostgresTarget(address: address).identity()
        let serverIdentity = try PostgresConnection(address: server.address).serverIdentity()
        #expect(
            identity
                == EndpointIdentity(
                    kind: "postgres", server: serverIdentity.systemIdentifier, database: address.database))
        #expect(try !server.databaseExists(address.database))
    }
}
