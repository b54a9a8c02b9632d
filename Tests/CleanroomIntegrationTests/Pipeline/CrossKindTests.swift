import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import CleanroomPipeline
import Foundation
import Testing
import TestSupport

@Suite("pagila across kinds: PostgreSQL → SQLite → SQLite, CSV and JSONL")
struct CrossKindTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    /// The pagila rules with unqualified table names, so they fit SQLite's and files' `main` schema too.
    static func portableRules() throws -> RulesFile {
        let path = TestPaths.repositoryRoot.appendingPathComponent("masking-rules/pagila.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "  public.", with: "  ")
        return try RulesParser.parse(text, path: "pagila-portable.yaml")
    }

    /// An unmasked copy of pagila in SQLite: the source for sqlite→sqlite.
    static func plainCopy(_ source: Endpoint, to target: Endpoint) throws {
        let from = try ConnectorFactory.source(source)
        let to = try ConnectorFactory.target(target)
        let schema = try from.introspect()
        let definition = try from.schemaDefinition(for: schema)
        try to.prepare(schema: schema, definition: definition)
        for table in schema.tables {
            let columns = table.columns.filter { !$0.isGenerated }
            let reader = try from.openReader(table: table, columns: columns, filter: nil, limit: nil)
            let writer = try to.openWriter(table: table, columns: columns)
            while let batch = try reader.next() { try writer.write(batch) }
            try writer.finish()
            reader.close()
        }
        try to.finalizeSchema(schema: schema, definition: definition, jobs: 1)
        try to.commit()
    }

    /// Row counts equal and no identifying source value anywhere in the target.
    static func expectMasked(source: Endpoint, target: Endpoint) throws {
        let everything = try Fixtures.allValues(target)
        for table in ["actor", "address", "customer", "film", "payment", "rental", "staff", "store"] {
            #expect(try Fixtures.rows(source, table).count == Fixtures.rows(target, table).count, "rows of \(table) in \(target.kind)")
        }
        for (table, column) in PagilaPostgresTests.identifying {
            let originals = Set(try Fixtures.rows(source, table).compactMap { $0[column] ?? nil }.filter { $0.count >= 4 })
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
            let attributes = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("again.db").path)
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
