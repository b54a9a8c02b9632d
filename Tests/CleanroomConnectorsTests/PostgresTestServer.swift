@testable import CleanroomConnectors
import CleanroomCore
import Foundation
import TestSupport

/// The throwaway PostgreSQL cluster that scripts/test.sh starts (`CLEANROOM_TEST_PG_URL`), with
/// scratch databases on it.
///
/// Tests run in parallel, so each works in databases of its own, uniquely named and dropped
/// afterwards. Without the variable the tests fail, saying how to run them: they never skip.
struct PostgresTestServer {
    /// The cluster's maintenance database.
    let address: PostgresAddress

    init() throws {
        guard let url = ProcessInfo.processInfo.environment["CLEANROOM_TEST_PG_URL"], !url.isEmpty else {
            throw TestServerMissing()
        }
        address = try PostgresAddress(url: url)
    }

    /// The address of a database that does not exist yet: `<prefix>_<random>`.
    func unusedAddress(_ prefix: String) -> PostgresAddress {
        address.with(database: "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())")
    }

    /// Runs `body` with a new scratch database, optionally loaded with pagila and then `setup`,
    /// and drops the database afterwards.
    func withDatabase<R>(_ prefix: String, pagila: Bool = false, setup: String? = nil,
                         _ body: (PostgresAddress) throws -> R) throws -> R {
        let scratch = unusedAddress(prefix)
        try PostgresConnection(address: address).exec("CREATE DATABASE \(PostgresSQL.quoteIdentifier(scratch.database))",
                                                      context: "creating scratch database \(scratch.database)")
        defer { drop(scratch) }
        if pagila { try loadPagila(into: scratch) }
        if let setup { try PostgresConnection(address: scratch).exec(setup, context: "setting up \(scratch.database)") }
        return try body(scratch)
    }

    /// Drops `database` if it exists, ending its sessions.
    func drop(_ database: PostgresAddress) {
        _ = try? PostgresConnection(address: address)
            .execute("DROP DATABASE IF EXISTS \(PostgresSQL.quoteIdentifier(database.database)) WITH (FORCE)")
    }

    func databaseExists(_ name: String) throws -> Bool {
        try !PostgresConnection(address: address)
            .query("SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1", [name], context: "looking for \(name)").isEmpty
    }

    /// Loads the pagila sample from the shared datasets with psql, stopping at the first error.
    func loadPagila(into database: PostgresAddress) throws {
        let folder = TestPaths.shared.appendingPathComponent("datasets/pagila")
        for file in ["pagila-schema.sql", "pagila-data.sql"] {
            _ = try PostgresClientTool.run("psql", arguments: ["-v", "ON_ERROR_STOP=1", "-q", "-f", folder.appendingPathComponent(file).path],
                                           address: database, context: "loading \(file)")
        }
    }
}

struct TestServerMissing: Error, CustomStringConvertible {
    var description: String {
        "CLEANROOM_TEST_PG_URL is not set: run these tests with scripts/test.sh (e.g. scripts/test.sh --filter CleanroomConnectorsTests), which starts a throwaway PostgreSQL cluster and sets it"
    }
}

/// Every row a reader yields, each with its newline, in order.
func readRows(_ reader: any RowReader) throws -> [[UInt8]] {
    defer { reader.close() }
    var rows: [[UInt8]] = []
    while let batch = try reader.next() {
        var start = 0
        for (i, byte) in batch.bytes.enumerated() where byte == CopyText.newline {
            rows.append(Array(batch.bytes[start...i]))
            start = i + 1
        }
    }
    return rows
}

/// Streams `table`'s written (non-generated) columns from `source` into `target`; returns the row count.
@discardableResult
func copyTable(_ table: Table, from source: any SourceConnection, to target: any TargetConnection) throws -> Int {
    let columns = table.columns.filter { !$0.isGenerated }
    let reader = try source.openReader(table: table, columns: columns, filter: nil, limit: nil)
    defer { reader.close() }
    let writer = try target.openWriter(table: table, columns: columns)
    var rows = 0
    do {
        while let batch = try reader.next() {
            try writer.write(batch)
            rows += batch.rowCount
        }
        try writer.finish()
    } catch {
        writer.close()
        throw error
    }
    return rows
}

/// Collects errors from concurrent work. `@unchecked Sendable`: `lock` guards `errors`.
final class ErrorCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [any Error] = []

    func run(_ body: () throws -> Void) {
        do { try body() } catch { lock.withLock { collected.append(error) } }
    }

    var errors: [any Error] { lock.withLock { collected } }
}
