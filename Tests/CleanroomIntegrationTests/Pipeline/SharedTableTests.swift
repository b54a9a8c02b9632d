import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

/// A table of many batches is masked by several workers at once (`TableCopier`): the result must be
/// the one a single worker produces, whatever its rules and target, counted once per row, with errors
/// naming the right row.
@Suite("One large table shared between workers", .testCluster)
struct SharedTableTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    /// About 9 MB of COPY text: some 36 batches, so both workers get a share.
    static let rows = 60_000
    /// The rows in id order (a fresh table reads back in insertion order); `shortPhone` gets a
    /// phone too short for FF1.
    static func setup(shortPhone: Int = 0) -> String {
        """
        CREATE TABLE big (id integer PRIMARY KEY, email text NOT NULL, phone text, note text);
        INSERT INTO big SELECT i, 'user' || i || '@corp.test',
                               CASE WHEN i = \(shortPhone) THEN '12' ELSE '+1 415 555 ' || lpad((i % 10000)::text, 4, '0') END,
                               repeat(md5(i::text), 4)
        FROM generate_series(1, \(rows)) AS i;
        """
    }

    static func rules(phone: String) throws -> RulesFile {
        try RulesParser.parse(
            """
            version: 1
            tables:
              big:
                columns:
                  id: keep
                  email: { fake: email }
                  phone: \(phone)
                  note: keep
            """, path: "big.yaml")
    }

    @Test("two workers give the digest one worker gives, and count every row once")
    func sharedEqualsSingle() throws {
        try server.withDatabase("shared_src", setup: Self.setup()) { source in
            let one = server.unusedAddress("shared_one")
            let two = server.unusedAddress("shared_two")
            defer { server.drop(one); server.drop(two) }
            let rules = try Self.rules(phone: "{ fpe: digits }")
            let single = try Fixtures.mask(.postgres(source), .postgres(one), rules: rules, jobs: 1)
            let shared = try Fixtures.mask(.postgres(source), .postgres(two), rules: rules, jobs: 2)
            let a = try #require(single.tables.first), b = try #require(shared.tables.first)
            #expect(a.digest == b.digest)
            #expect(a.rows == Self.rows && b.rows == Self.rows)
            let email = try #require(b.columns.first { $0.column == "email" })
            #expect(email.rows == Self.rows && email.values == Self.rows && email.changed == Self.rows)
            #expect(b.columns == a.columns)
            let count = try PostgresConnection(address: two).query(
                "SELECT count(DISTINCT id) FROM big", [], context: "counting")
            #expect(count.first?.first == String(Self.rows))
        }
    }

    /// `person` with unique masked columns (a 6-digit `hash`: 900,000 outputs for 60,000 inputs, so
    /// about 2,000 first draws collide; a fake e-mail) and `shift_date … per:`, and `visit`, whose
    /// foreign key shares `code`'s domain; rows inserted in ascending or descending id order, which is
    /// the order the source returns them in.
    static func uniqueSetup(descending: Bool) -> String {
        let order = descending ? "DESC" : "ASC"
        return """
            CREATE TABLE person (id integer NOT NULL, code text NOT NULL UNIQUE, email text NOT NULL UNIQUE,
                                 born date, note text);
            CREATE TABLE visit (id integer PRIMARY KEY, person_code text NOT NULL REFERENCES person (code), at date);
            INSERT INTO person SELECT i, 'C' || lpad(i::text, 6, '0'), 'user' || i || '@corp.test',
                                      date '1960-01-01' + (i * 7 % 20000), repeat(md5(i::text), 4)
            FROM generate_series(1, \(rows)) AS i ORDER BY i \(order);
            INSERT INTO visit SELECT i, 'C' || lpad(((i * 37) % \(rows) + 1)::text, 6, '0'), date '2020-01-01' + i % 900
            FROM generate_series(1, 20000) AS i ORDER BY i \(order);
            """
    }

    @Test(
        "unique columns, a foreign key domain and shift_date per: one output for 1, 2 and 8 workers and either row order"
    )
    func uniqueTablesSplit() throws {
        let rules = try Fixtures.uniqueSplitRules(digits: 6)
        try server.withDatabase("unique_fwd", setup: Self.uniqueSetup(descending: false)) { forward in
            try server.withDatabase("unique_back", setup: Self.uniqueSetup(descending: true)) { backward in
                var digests: [String: [String]] = [:]
                for (name, source, jobs) in [
                    ("1", forward, 1), ("2", forward, 2), ("8", forward, 8), ("back", backward, 8),
                ] {
                    let target = server.unusedAddress("unique_dst")
                    defer { server.drop(target) }
                    // The target's UNIQUE constraints and the foreign key are built and validated after the copy.
                    let result = try Fixtures.mask(.postgres(source), .postgres(target), rules: rules, jobs: jobs)
                    digests[name] = result.tables.map(\.digest)
                    #expect(result.tables.map(\.rows) == [Self.rows, 20000], "\(name)")
                }
                #expect(digests["1"]?.count == 2 && digests["1"]?.contains("") == false)
                for name in ["2", "8", "back"] { #expect(digests[name] == digests["1"], "\(name) vs 1 worker") }

                let folder = try TestPaths.temporaryDirectory("cleanroom-unique-csv")
                defer { try? FileManager.default.removeItem(at: folder) }
                var files: [Int: [Data]] = [:]
                for jobs in [1, 2, 8] {
                    let directory = folder.appendingPathComponent("out-\(jobs)")
                    try Fixtures.mask(.postgres(forward), .csv(directory: directory.path), rules: rules, jobs: jobs)
                    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
                    files[jobs] = try names.map { try Data(contentsOf: directory.appendingPathComponent($0)) }
                }
                #expect(files[1]?.count == 2)
                #expect(files[2] == files[1] && files[8] == files[1], "CSV files differ between 1, 2 and 8 workers")
            }
        }
    }

    @Test("a value rejected deep in a shared table is reported with its row number, and no target remains")
    func rejectionNamesTheRow() throws {
        let rejected = 41_234
        try server.withDatabase("shared_bad", setup: Self.setup(shortPhone: rejected)) { source in
            let target = server.unusedAddress("shared_bad_dst")
            defer { server.drop(target) }
            let rules = try Self.rules(phone: "{ fpe: digits }")
            #expect {
                try Fixtures.mask(.postgres(source), .postgres(target), rules: rules, jobs: 2)
            } throws: { error in
                let text = "\(error)"
                return text.contains("public.big") && text.contains("phone") && text.contains("row \(rejected)")
            }
            #expect(try !server.databaseExists(target.database))
        }
    }
}
