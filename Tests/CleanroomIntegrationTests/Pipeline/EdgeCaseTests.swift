import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

@Suite("COPY edge cases through keep and through transforms", .testCluster)
struct EdgeCaseTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    static let setup = #"""
        CREATE TABLE edge (
            id integer PRIMARY KEY,
            kept text, redacted text, blob bytea, tags text[], doc jsonb, amount numeric(30,3), at timestamptz, shifted timestamptz
        );
        INSERT INTO edge VALUES
          (1, E'tab\there', E'tab\there', '\x00ff10'::bytea, '{a,"b c",NULL}', '{"a": {"b": [1, 2]}, "z": "ü"}', 123456789.125, '2024-02-29 23:59:59.123456+05:30', '2024-02-29 23:59:59+00'),
          (2, E'new\nline\r\n', E'new\nline\r\n', '', '{}', '[]', -0.001, '1999-12-31 00:00:00+00', '2000-01-01 12:00:00+00'),
          (3, E'back\\slash \\N', E'back\\slash \\N', NULL, NULL, 'null', NULL, NULL, NULL),
          (4, '', '', '\x'::bytea, '{""}', '{"k": ""}', 0, '2020-01-01 00:00:00+00', '2020-01-01 00:00:00+00'),
          (5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
          (6, 'Gonçalves Köhler ı 東京 🙂', 'Gonçalves Köhler ı 東京 🙂', '\xdeadbeef', '{"ı"}', '{"name": "Wichterlová"}', 1e20, '2024-06-01 00:00:00+00', '2024-06-01 00:00:00+00'),
          (7, repeat('x', 1048576), repeat('y', 1048576), decode(repeat('ab', 524288), 'hex'), '{x}', ('{"big": "' || repeat('z', 100000) || '"}')::jsonb, 1, '2024-06-01 00:00:00+00', '2024-06-01 00:00:00+00');
        """#

    static let rules = """
        version: 1
        tables:
          edge:
            columns:
              id: keep
              kept: keep
              redacted: redact          # no personal data inside: every byte must survive the unescape/escape path
              blob: keep
              tags: keep
              doc: { json: { "$.nowhere": null } }
              amount: keep
              at: keep
              shifted: { shift_date: { days: 10, per: id } }
        """

    @Test(
        "every value survives byte for byte through keep and through an unchanging transform; shifted dates move whole days only"
    )
    func edgeCases() throws {
        try server.withDatabase("edge_src", setup: Self.setup) { source in
            let target = server.unusedAddress("edge_dst")
            defer { server.drop(target) }
            let rules = try RulesParser.parse(Self.rules, path: "edge.yaml")
            try Fixtures.mask(.postgres(source), .postgres(target), rules: rules)
            let before = try Fixtures.keyed(.postgres(source), "edge", by: "id")
            let after = try Fixtures.keyed(.postgres(target), "edge", by: "id")
            #expect(before.count == 7 && after.count == 7)
            for (id, row) in before {
                let masked = try #require(after[id])
                for column in ["kept", "redacted", "blob", "tags", "doc", "amount", "at"] {
                    #expect(masked[column] == row[column], "edge.\(column) of row \(id)")
                }
                #expect(
                    (masked["shifted"] ?? nil) == nil
                        ? (row["shifted"] ?? nil) == nil : masked["shifted"] != row["shifted"])
            }
            // The date moved, the time of day did not.
            let shift = try PostgresConnection(address: target).query(
                "SELECT shifted::time = '23:59:59' FROM edge WHERE id = 1", context: "time of day")
            #expect(shift.first?.first == "t")
            #expect(after["3"]?["kept"] == "back\\slash \\N")
            let nullRow = try #require(after["5"])
            #expect(nullRow.keys.contains("kept"))
            #expect(nullRow["kept"] == .some(.none))
            #expect(after["4"]?["kept"] == "")
        }
    }
}

@Suite("where: filters", .testCluster)
struct WhereFilterTests {
    @Test("a table's where: copies only matching rows")
    func filtered() throws {
        let server = try PostgresTestServer()
        try server.withDatabase(
            "where_src",
            setup:
                "CREATE TABLE t (id integer PRIMARY KEY, active boolean); INSERT INTO t SELECT i, i % 3 = 0 FROM generate_series(1, 99) i;"
        ) { source in
            let target = server.unusedAddress("where_dst")
            defer { server.drop(target) }
            let rules = try RulesParser.parse(
                "version: 1\ntables:\n  t:\n    where: \"active\"\n    columns: { id: keep, active: keep }\n",
                path: "where.yaml")
            let result = try Fixtures.mask(.postgres(source), .postgres(target), rules: rules)
            #expect(result.tables.first?.rows == 33)
            #expect(try Fixtures.rows(.postgres(target), "t").allSatisfy { $0["active"] == "t" })
        }
    }
}
