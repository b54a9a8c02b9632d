import CleanroomConnectors
import CleanroomCore
import CleanroomEvidence
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

/// A generated schema with a three-table cycle (a → c → b → a, the a → c edge nullable and
/// DEFERRABLE), a composite key (e → d) and a table on two members of the cycle (d → a, d → b).
@Suite("subsets of a schema with a three-table cycle and a composite key", .testCluster)
struct SubsetCycleTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    static let schema = """
        CREATE TABLE region (id int PRIMARY KEY, name text NOT NULL);
        CREATE TABLE a (id int PRIMARY KEY, region_id int NOT NULL REFERENCES region, c_id int, label text);
        CREATE TABLE b (id int PRIMARY KEY, a_id int NOT NULL REFERENCES a, label text);
        CREATE TABLE c (id int PRIMARY KEY, b_id int NOT NULL REFERENCES b, label text);
        ALTER TABLE a ADD CONSTRAINT a_c_fk FOREIGN KEY (c_id) REFERENCES c DEFERRABLE INITIALLY DEFERRED;
        CREATE TABLE d (a_id int NOT NULL REFERENCES a, seq int NOT NULL, b_id int REFERENCES b, label text,
                        PRIMARY KEY (a_id, seq));
        CREATE TABLE e (id int PRIMARY KEY, d_a int, d_seq int, label text, FOREIGN KEY (d_a, d_seq) REFERENCES d);
        BEGIN;
        INSERT INTO region SELECT g, 'region ' || g FROM generate_series(1, 3) g;
        INSERT INTO a SELECT g, g % 3 + 1, CASE WHEN g % 7 = 0 THEN NULL ELSE (g * 37) % 300 + 1 END, 'alpha ' || g
          FROM generate_series(1, 300) g;
        INSERT INTO b SELECT g, g, 'bravo ' || g FROM generate_series(1, 300) g;
        INSERT INTO c SELECT g, (g * 13) % 300 + 1, 'charlie ' || g FROM generate_series(1, 300) g;
        INSERT INTO d SELECT g % 300 + 1, g / 300, CASE WHEN g % 5 = 0 THEN NULL ELSE (g * 13) % 300 + 1 END, 'delta'
          FROM generate_series(0, 899) g;
        INSERT INTO e SELECT g, CASE WHEN g % 9 = 0 THEN NULL ELSE g % 300 + 1 END, g % 3, 'echo'
          FROM generate_series(1, 600) g;
        COMMIT;
        """

    static let masked = ["a.label": "{ hash: { length: 12 } }"]
    static let root = """
        subset:
          roots:
            region: "id = 1"
        """

    /// The kept rows as the greatest consistent subset, found by deleting rows whose keys point at
    /// deleted rows until nothing changes (not Cleanroom's recursive queries): id sets by table.
    static func expected(_ source: PostgresAddress, breaking: Bool) throws -> [String: Set<String>] {
        let connection = try PostgresConnection(address: source)
        let aKey =
            breaking ? "false" : "c_id IS NOT NULL AND c_id NOT IN (SELECT id FROM xc)"
        try connection.exec(
            """
            CREATE TEMP TABLE xa AS SELECT * FROM a WHERE region_id = 1;
            CREATE TEMP TABLE xb AS SELECT * FROM b;
            CREATE TEMP TABLE xc AS SELECT * FROM c;
            CREATE TEMP TABLE xd AS SELECT * FROM d;
            CREATE TEMP TABLE xe AS SELECT * FROM e;
            DO $$
            DECLARE changed bigint; n bigint;
            BEGIN
              LOOP
                changed := 0;
                DELETE FROM xa WHERE \(aKey); GET DIAGNOSTICS n = ROW_COUNT; changed := changed + n;
                DELETE FROM xb WHERE a_id NOT IN (SELECT id FROM xa); GET DIAGNOSTICS n = ROW_COUNT; changed := changed + n;
                DELETE FROM xc WHERE b_id NOT IN (SELECT id FROM xb); GET DIAGNOSTICS n = ROW_COUNT; changed := changed + n;
                DELETE FROM xd WHERE a_id NOT IN (SELECT id FROM xa) OR (b_id IS NOT NULL AND b_id NOT IN (SELECT id FROM xb));
                GET DIAGNOSTICS n = ROW_COUNT; changed := changed + n;
                DELETE FROM xe WHERE d_a IS NOT NULL AND d_seq IS NOT NULL AND (d_a, d_seq) NOT IN (SELECT a_id, seq FROM xd);
                GET DIAGNOSTICS n = ROW_COUNT; changed := changed + n;
                EXIT WHEN changed = 0;
              END LOOP;
            END $$;
            """, context: "computing the expected subset")
        var ids: [String: Set<String>] = [:]
        for (table, key) in [("a", "id"), ("b", "id"), ("c", "id"), ("d", "a_id || ':' || seq"), ("e", "id")] {
            ids[table] = Set(
                try connection.query("SELECT \(key) FROM x\(table)", context: "expected").compactMap { $0[0] })
        }
        return ids
    }

    static func ids(_ target: PostgresAddress) throws -> [String: Set<String>] {
        var ids: [String: Set<String>] = [:]
        for (table, key) in [("a", "id"), ("b", "id"), ("c", "id"), ("d", "a_id || ':' || seq"), ("e", "id")] {
            ids[table] = try SubsetAssertions.set(target, "SELECT \(key) FROM \(table)")
        }
        return ids
    }

    @Test("the cycle is iterated to a fixed point: exactly the greatest consistent subset, twice the same")
    func threeTableCycle() throws {
        try server.withDatabase("cycle_src", setup: Self.schema) { source in
            let (first, second) = (server.unusedAddress("cycle_a"), server.unusedAddress("cycle_b"))
            defer { [first, second].forEach(server.drop) }
            let rules = try Fixtures.keepingRules(.postgres(source), masked: Self.masked, adding: Self.root)
            let result = try Fixtures.mask(.postgres(source), .postgres(first), rules: rules)
            let again = try Fixtures.mask(.postgres(source), .postgres(second), rules: rules, jobs: 1)

            let expected = try Self.expected(source, breaking: false)
            let regionOne = try SubsetAssertions.count(source, "SELECT count(*) FROM a WHERE region_id = 1")
            #expect(!expected["a"]!.isEmpty && expected["a"]!.count < regionOne, "the cycle drops some rows")
            #expect(!expected["e"]!.isEmpty)
            #expect(try Self.ids(first) == expected)
            #expect(try SubsetAssertions.rowCount(first, "region") == 1)
            try SubsetAssertions.expectForeignKeysValid(source: source, target: first)

            let subset = try #require(result.subset)
            #expect(subset.cycles == [["public.a", "public.b", "public.c"]])
            for table in ["public.a", "public.b", "public.c", "public.d", "public.e"] {
                #expect(subset.table(table)?.role == "follows", "\(table) follows the root")
            }
            #expect(subset.table("public.a")?.keptRows == expected["a"]!.count)
            #expect(subset.table("public.e")?.sourceRows == 600)

            // Masked as usual, and the same twice.
            let labels = try SubsetAssertions.set(first, "SELECT label FROM a")
            #expect(labels.isDisjoint(with: try SubsetAssertions.set(source, "SELECT label FROM a")))
            let digests = { (r: MaskResult) in Dictionary(uniqueKeysWithValues: r.tables.map { ($0.table, $0.digest) })
            }
            #expect(digests(result) == digests(again))
        }
    }

    @Test("break: on the nullable edge keeps every row of the root's region and sets the key NULL where it points out")
    func brokenEdge() throws {
        try server.withDatabase("cycle_break", setup: Self.schema) { source in
            let target = server.unusedAddress("cycle_break_dst")
            defer { server.drop(target) }
            let rules = try Fixtures.keepingRules(
                .postgres(source), masked: Self.masked, adding: Self.root + "\n  break: [public.a.c_id]")
            let result = try Fixtures.mask(.postgres(source), .postgres(target), rules: rules)

            let expected = try Self.expected(source, breaking: true)
            #expect(expected["a"]!.count == 100)
            #expect(try Self.ids(target) == expected)
            let keptC = "SELECT c.id FROM c JOIN b ON b.id = c.b_id JOIN a ON a.id = b.a_id WHERE a.region_id = 1"
            let nulled = try SubsetAssertions.count(
                source, "SELECT count(*) FROM a WHERE region_id = 1 AND c_id IS NOT NULL AND c_id NOT IN (\(keptC))")
            #expect(nulled > 0)
            #expect(
                try SubsetAssertions.count(target, "SELECT count(*) FROM a WHERE c_id IS NULL")
                    == nulled
                    + SubsetAssertions.count(source, "SELECT count(*) FROM a WHERE region_id = 1 AND c_id IS NULL"))
            // Where the key was kept, it is the source's.
            #expect(
                try SubsetAssertions.set(target, "SELECT id || ':' || c_id FROM a WHERE c_id IS NOT NULL")
                    == SubsetAssertions.set(
                        source, "SELECT id || ':' || c_id FROM a WHERE region_id = 1 AND c_id IN (\(keptC))"))
            try SubsetAssertions.expectForeignKeysValid(source: source, target: target)

            let subset = try #require(result.subset)
            #expect(subset.cycles.isEmpty)
            #expect(subset.breaks.map(\.setNull) == [nulled])
            #expect(subset.breaks.first?.column == "public.a.c_id")
        }
    }

    /// A self-reference through a unique column that is not the primary key (`parent_code` →
    /// `code`), so the recursion maps keys to the referenced rows' primary keys by a join.
    static let codes = """
        CREATE TABLE node (id int PRIMARY KEY, code text NOT NULL UNIQUE, parent_code text REFERENCES node (code), label text);
        INSERT INTO node SELECT g, 'n' || g, CASE WHEN g % 10 = 1 THEN NULL ELSE 'n' || (g - 1) END, 'node ' || g
          FROM generate_series(1, 200) g;
        CREATE TABLE leaf (id int PRIMARY KEY, node_code text NOT NULL REFERENCES node (code));
        INSERT INTO leaf SELECT g, 'n' || (g % 200 + 1) FROM generate_series(1, 400) g;
        """

    @Test("a self-reference through a unique non-key column: chains whose every node the predicate keeps")
    func uniqueColumnCycle() throws {
        try server.withDatabase("cycle_codes", setup: Self.codes) { source in
            let target = server.unusedAddress("cycle_codes_dst")
            defer { server.drop(target) }
            // Chains are 10 nodes (n1..n10, n11..n20, …), each pointing at the one before; dropping
            // the nodes whose id is a multiple of 7 drops every later node of their chain.
            let rules = try Fixtures.keepingRules(
                .postgres(source), adding: "subset:\n  roots:\n    node: \"id % 7 <> 0\"\n")
            let result = try Fixtures.mask(.postgres(source), .postgres(target), rules: rules)
            var kept: Set<Int> = []
            for id in 1...200 {
                let chainStart = (id - 1) / 10 * 10 + 1
                if (chainStart...id).allSatisfy({ $0 % 7 != 0 }) { kept.insert(id) }
            }
            #expect(kept.count < 200 - 200 / 7)
            #expect(try SubsetAssertions.set(target, "SELECT id FROM node") == Set(kept.map(String.init)))
            #expect(
                try SubsetAssertions.rowCount(target, "leaf")
                    == SubsetAssertions.count(
                        source,
                        "SELECT count(*) FROM leaf JOIN node ON node.code = leaf.node_code WHERE node.id IN (\(kept.map(String.init).joined(separator: ", ")))"
                    ))
            try SubsetAssertions.expectForeignKeysValid(source: source, target: target)
            #expect(result.subset?.cycles == [["public.node"]])
        }
    }
}
