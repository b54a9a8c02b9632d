import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import Foundation
import TestSupport
import Testing

@testable import CleanroomPipeline

/// The attested digest of a PostgreSQL table is taken from the rows as written when they print back
/// unchanged, and from a read-back otherwise: either way it must be the digest of the live table.
@Suite("Digests of the written rows against the live tables", .testCluster)
struct StreamDigestTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    static let setup = #"""
        CREATE DOMAIN short_code AS varchar(6);
        CREATE TABLE dated (
            id integer PRIMARY KEY, d date, ts timestamp, tstz timestamptz, ts3 timestamp(3), code varchar(12),
            note text, doc jsonb, raw json, amount numeric(12,2), big bigint, kept_money money, tags text[]
        );
        INSERT INTO dated VALUES
          (1, '2024-02-29', '2024-02-29 23:59:59.5', '2024-03-31 01:30:00+02', '2020-01-01 00:00:00.123', 'Ann',
           E'mail ann@corp.test\tor +1 415 555 0100', '{"email": "ann@corp.test", "q": "a\"b\\c\nd é", "n": 1.50}',
           '{ "email" : "ann@corp.test" }', 12.50, 9007199254740993, 12.34, '{a,"b c"}'),
          (2, '0044-03-15', 'infinity', '-infinity', NULL, NULL, NULL, '[]', 'null', -0.50, -1, NULL, NULL),
          (3, '1999-12-31', '1999-12-31 23:59:59.999999', '2000-01-01 00:00:00+00', '1999-12-31 23:59:59.999', 'Zoë',
           '', '{"email": null, "nested": {"email": "x@y.test"}}', '"text"', 0, 0, 0, '{}');
        CREATE TABLE padded (id integer PRIMARY KEY, code character(8), short short_code);
        INSERT INTO padded VALUES (1, 'AB', 'ab'), (2, 'ABCDEFGH', 'abcdef'), (3, NULL, NULL);
        CREATE TABLE numbered (id integer PRIMARY KEY, n bigint, amount numeric(12,2));
        INSERT INTO numbered SELECT i, i, i / 100.0 FROM generate_series(1, 50) AS i;
        """#

    static let rules = """
        version: 1
        tables:
          dated:
            columns:
              id: keep
              d: { shift_date: { days: 400, per: id } }
              ts: { shift_date: { days: 400, per: id } }
              tstz: { shift_date: { days: 400, per: id } }
              ts3: { shift_date: { days: 400, per: id } }
              code: { fake: first_name }
              note: { redact: [email, phone] }
              doc: { json: { "$.email": { fake: email }, "$.q": { fake: last_name } } }
              raw: { json: { "$.email": { fake: email } } }
              amount: keep
              big: keep
              kept_money: null
              tags: keep
          padded:
            columns:
              id: keep
              code: { fake: last_name }
              short: { constant: "xy" }
          numbered:
            columns:
              id: keep
              n: { constant: "007" }
              amount: { constant: "1.5" }
        """

    @Test("every attested digest is the live table's digest; tables whose rows would print differently are read back")
    func attestedEqualsLive() throws {
        try server.withDatabase("stream_src", setup: Self.setup) { source in
            let target = server.unusedAddress("stream_dst")
            defer { server.drop(target) }
            let result = try Fixtures.mask(
                .postgres(source), .postgres(target), rules: try RulesParser.parse(Self.rules, path: "stream.yaml"))
            let live = try LiveDigest.digests(of: .postgres(target), tables: result.tables.map(\.table))
            for table in result.tables {
                #expect(live[table.table] == .some(table.digest), "\(table.table)")
            }
            let readBack = Dictionary(uniqueKeysWithValues: result.tables.map { ($0.table, $0.readBack) })
            #expect(readBack["public.dated"] == false)  // dates, jsonb, json, varchar: printed as written
            #expect(readBack["public.padded"] == true)  // character(8) pads the fakes
            #expect(readBack["public.numbered"] == true)  // "007" prints as 7, "1.5" as 1.50
        }
    }

    @Test("a source database whose defaults print values differently is read in the pinned form: digests still match")
    func sourceDefaultsDoNotLeakIntoDigests() throws {
        let setup = #"""
            DO $$ BEGIN
              EXECUTE format('ALTER DATABASE %I SET TimeZone = %L', current_database(), 'America/St_Johns');
              EXECUTE format('ALTER DATABASE %I SET IntervalStyle = %L', current_database(), 'sql_standard');
              EXECUTE format('ALTER DATABASE %I SET extra_float_digits = %L', current_database(), '-3');
              EXECUTE format('ALTER DATABASE %I SET bytea_output = %L', current_database(), 'escape');
              EXECUTE format('ALTER DATABASE %I SET DateStyle = %L', current_database(), 'SQL, DMY');
            END $$;
            CREATE TABLE settings (id integer PRIMARY KEY, at timestamptz, span interval, ratio double precision, blob bytea,
                                   day date, shifted timestamptz);
            INSERT INTO settings VALUES
              (1, '2024-07-01 12:00:00+00', '1 day 02:03:04', 0.1, '\x00ff', '2024-02-29', '2024-03-31 01:30:00+00'),
              (2, '1999-12-31 23:59:59.5+00', '-3 years 2 mons', 1e-7, '\x', '1999-12-31', NULL);
            """#
        let rules = try RulesParser.parse(
            """
            version: 1
            tables:
              settings:
                columns:
                  id: keep
                  at: keep
                  span: keep
                  ratio: keep
                  blob: keep
                  day: keep
                  shifted: { shift_date: { days: 30, per: id } }
            """, path: "settings.yaml")
        try server.withDatabase("stream_tz_src", setup: setup) { source in
            let target = server.unusedAddress("stream_tz_dst")
            defer { server.drop(target) }
            let result = try Fixtures.mask(.postgres(source), .postgres(target), rules: rules)
            let table = try #require(result.tables.first)
            #expect(!table.readBack)
            let live = try LiveDigest.digests(of: .postgres(target), tables: [table.table])
            #expect(live[table.table] == .some(table.digest))
        }
    }
}
