import CleanroomConnectors
import CleanroomCore
import Foundation
import TestSupport
import Testing

/// A connector's traits are what the pipeline asks instead of its kind: the factory's lookup by kind
/// (for identities known without a connection) must agree with the connections it opens, and rows
/// print back as written only between stores that print values the same way.
@Suite("connector traits")
struct ConnectorTraitsTests {
    @Test("the traits looked up by kind are the opened connection's")
    func traitsByKind() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = directory.appendingPathComponent("files")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        let sqlite = directory.appendingPathComponent("t.db").path
        try SQLiteFile(sqlite, readOnly: false).execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        let sources: [Endpoint] = [.sqlite(path: sqlite), .csv(directory: files.path), .jsonl(directory: files.path)]
        for endpoint in sources {
            let source = try ConnectorFactory.source(endpoint)
            #expect(ConnectorFactory.sourceTraits(ofKind: endpoint.kind) == source.traits, "\(endpoint.kind)")
            #expect(source.traits.isServer == false)
        }
        #expect(ConnectorFactory.sourceTraits(ofKind: "postgres") == PostgresSource.traits)
        #expect(ConnectorFactory.sourceTraits(ofKind: "mysql") == nil)
    }

    @Test("rows print back as written only between stores that print the same way")
    func printsBack() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let targets: [any TargetConnection] = [
            try ConnectorFactory.target(.sqlite(path: directory.appendingPathComponent("out.db").path)),
            try ConnectorFactory.target(.csv(directory: directory.appendingPathComponent("csv").path)),
        ]
        for target in targets {
            #expect(target.traits.printsBack(from: PostgresSource.traits) == nil)
            #expect(target.traits.printsBack(from: SQLiteSource.traits) == nil)
        }
        #expect(PostgresTarget.traits.printsBack(from: PostgresSource.traits) == .postgres)
        #expect(PostgresTarget.traits.printsBack(from: CSVSource.traits) == nil)
    }
}
