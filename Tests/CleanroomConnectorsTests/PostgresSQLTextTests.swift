import CleanroomCore
import TestSupport
import Testing

@testable import CleanroomConnectors

/// The PostgreSQL connector's pure text work: quoting, type mappings, script cleaning, redaction.
@Suite("PostgreSQL SQL text")
struct PostgresSQLTextTests {
    @Test("identifiers are quoted with inner double quotes doubled")
    func quoting() {
        #expect(PostgresSQL.quoteIdentifier("customer") == #""customer""#)
        #expect(PostgresSQL.quoteIdentifier(#"Mixed "Case" col"#) == #""Mixed ""Case"" col""#)
        #expect(PostgresSQL.quote(QualifiedName(schema: "Sales Dept", name: "bıgınt")) == #""Sales Dept"."bıgınt""#)
        let columns = [
            Column(name: "a b", typeName: "text", kind: .text), Column(name: "C", typeName: "text", kind: .text),
        ]
        #expect(PostgresSQL.columnList(columns) == #""a b", "C""#)
    }

    @Test("base types map to value kinds; enums are text, arrays are arrays")
    func valueKinds() {
        let cases: [(String, String, String, ValueKind)] = [
            ("varchar", "b", "S", .text), ("bpchar", "b", "S", .text), ("citext", "b", "S", .text),
            ("name", "b", "S", .text),
            ("int2", "b", "N", .integer), ("int8", "b", "N", .integer), ("oid", "b", "N", .integer),
            ("numeric", "b", "N", .numeric), ("float8", "b", "N", .numeric), ("money", "b", "N", .numeric),
            ("bool", "b", "B", .boolean), ("date", "b", "D", .date), ("timestamp", "b", "D", .timestamp),
            ("timestamptz", "b", "D", .timestamptz), ("timetz", "b", "D", .time), ("interval", "b", "T", .interval),
            ("bytea", "b", "U", .bytea), ("jsonb", "b", "U", .json), ("uuid", "b", "U", .uuid),
            ("cidr", "b", "I", .inet),
            ("_text", "b", "A", .array), ("mpaa_rating", "e", "E", .text), ("tsvector", "b", "U", .other),
            ("point", "b", "G", .other),
        ]
        for (name, type, category, kind) in cases {
            #expect(ValueKind.postgres(typeName: name, typeType: type, category: category) == kind, "\(name)")
        }
    }

    @Test("SQLite declared types map to PostgreSQL types")
    func sqliteTypes() {
        let cases = [
            ("INTEGER", "bigint"), ("int", "bigint"), ("BIGINT", "bigint"), ("REAL", "double precision"),
            ("FLOAT", "double precision"), ("DOUBLE PRECISION", "double precision"),
            ("NUMERIC(10, 2)", "numeric(10,2)"),
            ("DECIMAL(5)", "numeric(5)"), ("NUMERIC", "numeric"), ("NUMERIC(x); DROP TABLE t", "numeric"),
            ("VARCHAR(45)", "varchar(45)"), ("NVARCHAR(10)", "varchar(10)"), ("CHARACTER(3)", "varchar(3)"),
            ("TEXT", "text"),
            ("CLOB", "text"), ("VARCHAR", "text"), ("BLOB", "bytea"), ("DATE", "date"), ("DATETIME", "timestamp"),
            ("timestamp", "timestamp"), ("BOOLEAN", "boolean"), ("", "text"), ("JSON", "text"),
        ]
        for (declared, expected) in cases {
            #expect(PostgresSchemaDDL.postgresType(forSQLiteType: declared) == expected, "\(declared)")
        }
    }

    @Test("model DDL: schemas, tables with NOT NULL, then primary and foreign keys")
    func modelDDL() {
        let table = Table(
            name: QualifiedName(schema: "main", name: "order"),
            columns: [
                Column(name: "id", typeName: "INTEGER", kind: .integer, isNullable: false),
                Column(name: "Parent Id", typeName: "INTEGER", kind: .integer),
                Column(name: "total", typeName: "REAL", kind: .numeric, isNullable: false, isGenerated: true),
            ], primaryKey: ["id"])
        let key = ForeignKey(
            name: "", table: table.name, columns: ["Parent Id"], referencedTable: table.name, referencedColumns: ["id"])
        let schema = DatabaseSchema(tables: [table], foreignKeys: [key])
        #expect(
            PostgresSchemaDDL.tableStatements(for: schema) == """
                CREATE SCHEMA IF NOT EXISTS "main";
                CREATE TABLE "main"."order" (
                    "id" bigint NOT NULL,
                    "Parent Id" bigint,
                    "total" double precision
                );
                """)
        #expect(
            PostgresSchemaDDL.keyStatements(for: schema) == """
                ALTER TABLE "main"."order" ADD PRIMARY KEY ("id");
                ALTER TABLE "main"."order" ADD FOREIGN KEY ("Parent Id") REFERENCES "main"."order" ("id");
                """)
    }

    @Test("pg_dump's psql meta-commands are removed, backslashes inside function bodies are kept")
    func metaCommands() {
        let script =
            "\\restrict abc\nSET x = 1;\nCREATE FUNCTION f() RETURNS text AS $$\n\\d+ is data here\n$$ LANGUAGE sql;\n\\unrestrict abc\n"
        #expect(
            PgDump.removingMetaCommands(script)
                == "SET x = 1;\nCREATE FUNCTION f() RETURNS text AS $$\n\\d+ is data here\n$$ LANGUAGE sql;\n")
    }

    @Test("client tools get the connection in the environment and never the password in arguments")
    func clientToolEnvironment() throws {
        let address = try PostgresAddress(
            parsing: "postgres://app:pa%27ss@db.example:6543/prod?sslmode=require&password=other")
        let environment = PostgresClientTool.environment(for: address)
        #expect(environment["PGHOST"] == "db.example" && environment["PGPORT"] == "6543")
        // libpq reads the query's password after the user info's, so it is the one used.
        #expect(
            environment["PGUSER"] == "app" && environment["PGDATABASE"] == "prod"
                && environment["PGPASSWORD"] == "other")
        let userInfo = try PostgresAddress(parsing: "postgres://app:pa%27ss@db.example:6543/prod")
        #expect(PostgresClientTool.environment(for: userInfo)["PGPASSWORD"] == "pa'ss")
        #expect(PostgresClientTool.connectionOptions(for: address) == "sslmode='require'")
        #expect(
            PostgresClientTool.connectionOptions(for: address.with(database: "x").with(user: "u", password: nil))
                == "sslmode='require'")
    }

    @Test("a message quoting the password is redacted")
    func redaction() {
        #expect(
            PostgresConnection.redacting("bad conninfo password=s3cret host=x\n", password: "s3cret")
                == "bad conninfo password=*** host=x")
        #expect(PostgresConnection.redacting("plain\n", password: nil) == "plain")
    }
}
