import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

/// A table of many batches is masked by several workers at once (`TableCopier`): the result must be
/// the one a single worker produces, counted once per row, with errors naming the right row.
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
