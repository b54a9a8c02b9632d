import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

@Suite("pagila across kinds: PostgreSQL → SQLite → SQLite, CSV and JSONL", .testCluster)
struct CrossKindTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    /// The pagila rules with unqualified table names, so they fit SQLite's and files' `main` schema too.
    static func portableRules() throws -> RulesFile {
        let text = try String(contentsOfFile: Fixtures.pagilaRulesPath, encoding: .utf8).replacingOccurrences(
            of: "  public.", with: "  ")
        return try RulesParser.parse(text, path: "pagila-portable.yaml")
    }

    /// An unmasked copy of pagila: the source for sqlite→sqlite, csv→csv and jsonl→jsonl.
    static func plainCopy(_ source: Endpoint, to target: Endpoint) throws {
        try copyAll(from: ConnectorFactory.source(source), to: ConnectorFactory.target(target))
    }

    /// Row counts equal and no identifying source value anywhere in the target.
    static func expectMasked(source: Endpoint, target: Endpoint) throws {
        let everything = try Fixtures.allValues(target)
        for table in ["actor", "address", "customer", "film", "payment", "rental", "staff", "store"] {
            #expect(
                try Fixtures.rows(source, table).count == Fixtures.rows(target, table).count,
                "rows of \(table) in \(target.kind)")
        }
        for (table, column) in PagilaPostgresTests.identifying {
            let originals = Set(
                try Fixtures.rows(source, table).compactMap { $0[column] ?? nil }.filter { $0.count >= 4 })
            #expect(!originals.isEmpty)
            #expect(originals.intersection(everything).isEmpty, "\(table).\(column) leaked into \(target.kind)")
        }
    }

    @Test("pg→sqlite and sqlite→sqlite pass the count and leak checks")
    func sqlite() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try server.withDatabase("pagila_lite", pagila: true) { source in
            let masked = Endpoint.sqlite(path: dir.appendingPathComponent("masked.db").path)
            let result = try Fixtures.mask(.postgres(source), masked, rules: Self.portableRules())
            #expect(result.leakProbe.hits == 0)
            try Self.expectMasked(source: .postgres(source), target: masked)

            let plain = Endpoint.sqlite(path: dir.appendingPathComponent("plain.db").path)
            try Self.plainCopy(.postgres(source), to: plain)
            let again = Endpoint.sqlite(path: dir.appendingPathComponent("again.db").path)
            try Fixtures.mask(plain, again, rules: Self.portableRules())
            try Self.expectMasked(source: plain, target: again)
            let attributes = try FileManager.default.attributesOfItem(
                atPath: dir.appendingPathComponent("again.db").path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
        }
    }

    @Test("csv→csv and jsonl→jsonl mask the same way")
    func files() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try server.withDatabase("pagila_files", pagila: true) { source in
            for kind in ["csv", "jsonl"] {
                let plain = try Endpoint(parsing: "\(kind):\(dir.appendingPathComponent("plain-\(kind)").path)")
                try Self.plainCopy(.postgres(source), to: plain)
                let masked = try Endpoint(parsing: "\(kind):\(dir.appendingPathComponent("masked-\(kind)").path)")
                try Fixtures.mask(plain, masked, rules: Self.portableRules())
                try Self.expectMasked(source: plain, target: masked)
            }
        }
    }
}
