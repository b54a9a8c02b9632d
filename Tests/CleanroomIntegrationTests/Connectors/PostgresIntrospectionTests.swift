import CleanroomCore
import TestSupport
import Testing

@testable import CleanroomConnectors

@Suite("PostgreSQL introspection", .testCluster)
struct PostgresIntrospectionTests {
    private func name(_ table: String, schema: String = "public") -> QualifiedName {
        QualifiedName(schema: schema, name: table)
    }

    @Test("pagila: tables with the partitioned payment once, no partitions or views, keys and kinds")
    func pagila() throws {
        let server = try PostgresTestServer()
        try server.withDatabase("cr_introspect", pagila: true) { address in
            let source = try PostgresSource(address: address)
            let schema = try source.introspect()
            let names = Set(schema.tables.map(\.name.name))
            #expect(
                names == [
                    "actor", "address", "category", "city", "country", "customer", "film", "film_actor",
                    "film_category", "inventory", "language", "payment", "rental", "staff", "store",
                ])
            #expect(!names.contains { $0.hasPrefix("payment_p") })
            #expect(
                names.isDisjoint(with: ["actor_info", "customer_list", "film_list", "staff_list", "rental_by_category"])
            )

            let payment = try #require(schema.table(name("payment")))
            #expect(payment.partitionOf == nil)
            #expect(Set(payment.primaryKey) == ["payment_date", "payment_id"] && payment.primaryKey.count == 2)
            #expect(payment.column(named: "amount")?.typeName == "numeric(5,2)")
            #expect(payment.column(named: "payment_date")?.kind == .timestamptz)

            #expect(
                schema.referencedColumn(table: name("customer"), column: "address_id")! == (
                    name("address"), "address_id"
                ))
            #expect(
                schema.referencedColumn(table: name("film"), column: "original_language_id")! == (
                    name("language"), "language_id"
                ))
            // The per-partition keys of payment, folded into one key per column on the parent.
            let paymentKeys = schema.foreignKeys.filter { $0.table == name("payment") }
            #expect(
                Set(paymentKeys.map(\.columns)) == [["customer_id"], ["rental_id"], ["staff_id"]]
                    && paymentKeys.count == 3)
            #expect(schema.foreignKeys.count == 21)

            let film = try #require(schema.table(name("film")))
            #expect(
                film.columns.map(\.name) == [
                    "film_id", "title", "description", "release_year", "language_id",
                    "original_language_id", "rental_duration", "rental_rate", "length",
                    "replacement_cost", "rating", "last_update", "special_features", "fulltext",
                ])
            #expect(film.column(named: "rating")?.kind == .text)
            #expect(film.column(named: "rating")?.typeName == "public.mpaa_rating")
            #expect(film.column(named: "release_year")?.kind == .integer)
            #expect(film.column(named: "special_features")?.kind == .array)
            #expect(film.column(named: "fulltext")?.kind == .other)
            #expect(
                film.column(named: "title")?.isNullable == false
                    && film.column(named: "description")?.isNullable == true)
            #expect(schema.table(name("staff"))?.column(named: "picture")?.kind == .bytea)
            #expect(schema.table(name("customer"))?.column(named: "activebool")?.kind == .boolean)
            #expect(schema.table(name("customer"))?.column(named: "create_date")?.kind == .date)

            let identity = try source.identity()
            #expect(identity.kind == "postgres" && identity.database == address.database)
            #expect(!identity.server.isEmpty && identity.server.allSatisfy(\.isNumber))
        }
    }

    @Test(
        "quoted names, domains over domains, identity and generated columns, composite and self-referencing keys, keys to partitioned tables"
    )
    func catalogEdgeCases() throws {
        let setup = """
            CREATE SCHEMA "Sales Dept";
            CREATE DOMAIN "Sales Dept".small_id AS integer;
            CREATE DOMAIN "Sales Dept"."tiny ıd" AS "Sales Dept".small_id CHECK (VALUE < 100);
            CREATE TYPE "Sales Dept".mood AS ENUM ('sad', 'ok');
            CREATE TABLE "Sales Dept"."Ünïcode Orders" (
                "Region" text NOT NULL,
                "Order ID" "Sales Dept"."tiny ıd" NOT NULL,
                parent_region text,
                parent_order integer,
                seq bigint GENERATED ALWAYS AS IDENTITY,
                total numeric(10,2),
                total_with_tax numeric GENERATED ALWAYS AS (total * 1.2) STORED,
                mood "Sales Dept".mood,
                tags varchar(20)[],
                ip inet, u uuid, t timetz, i interval, f real, j json, tv tsvector,
                PRIMARY KEY ("Region", "Order ID"),
                FOREIGN KEY (parent_region, parent_order) REFERENCES "Sales Dept"."Ünïcode Orders" ("Region", "Order ID")
            );
            CREATE TABLE "Sales Dept".events (
                id integer, at date NOT NULL, order_region text, order_id integer,
                PRIMARY KEY (id, at),
                FOREIGN KEY (order_region, order_id) REFERENCES "Sales Dept"."Ünïcode Orders"
            ) PARTITION BY RANGE (at);
            CREATE TABLE "Sales Dept".events_2024 PARTITION OF "Sales Dept".events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE TABLE "Sales Dept".events_2025 PARTITION OF "Sales Dept".events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            CREATE TABLE "Sales Dept".event_notes (event_id integer, event_at date, note text,
                FOREIGN KEY (event_id, event_at) REFERENCES "Sales Dept".events);
            CREATE VIEW "Sales Dept".recent AS SELECT * FROM "Sales Dept".events;
            CREATE MATERIALIZED VIEW "Sales Dept".totals AS SELECT count(*) FROM "Sales Dept".events;
            """
        let server = try PostgresTestServer()
        try server.withDatabase("cr_catalog", setup: setup) { address in
            let schema = try PostgresSource(address: address).introspect()
            let orders = name("Ünïcode Orders", schema: "Sales Dept")
            let events = name("events", schema: "Sales Dept")
            let notes = name("event_notes", schema: "Sales Dept")
            #expect(schema.tables.map(\.name) == [notes, events, orders])

            let table = try #require(schema.table(orders))
            #expect(table.primaryKey == ["Region", "Order ID"])
            let orderID = try #require(table.column(named: "Order ID"))
            #expect(orderID.kind == .integer && !orderID.isNullable && orderID.typeName == #""Sales Dept"."tiny ıd""#)
            #expect(table.column(named: "seq")?.isGenerated == false)
            #expect(table.column(named: "total_with_tax")?.isGenerated == true)
            let kinds = [
                "mood": ValueKind.text, "tags": .array, "ip": .inet, "u": .uuid, "t": .time, "i": .interval,
                "f": .numeric, "j": .json, "tv": .other, "total": .numeric,
            ]
            for (column, kind) in kinds { #expect(table.column(named: column)?.kind == kind, "\(column)") }

            let keys = schema.foreignKeys.map {
                "\($0.table.name)(\($0.columns.joined(separator: ",")))->\($0.referencedTable.name)(\($0.referencedColumns.joined(separator: ",")))"
            }
            #expect(
                Set(keys) == [
                    "Ünïcode Orders(parent_region,parent_order)->Ünïcode Orders(Region,Order ID)",
                    "events(order_region,order_id)->Ünïcode Orders(Region,Order ID)",
                    "event_notes(event_id,event_at)->events(id,at)",
                ])
            #expect(keys.count == 3)
        }
    }
}
