import CleanroomConnectors
import CleanroomCore
import Foundation

/// The throwaway PostgreSQL cluster that scripts/test.sh starts (`CLEANROOM_TEST_PG_URL`), with
/// scratch databases on it.
///
/// Tests run in parallel, so each works in databases of its own, uniquely named and dropped
/// afterwards. Without the variable the tests fail, saying how to run them: they never skip.
public struct PostgresTestServer {
    /// The cluster's maintenance database.
    public let address: PostgresAddress

    public init() throws {
        guard let url = ProcessInfo.processInfo.environment["CLEANROOM_TEST_PG_URL"], !url.isEmpty else {
            throw TestServerMissing()
        }
        address = try PostgresAddress(url: url)
    }

    /// The address of a database that does not exist yet: `<prefix>_<random>`.
    public func unusedAddress(_ prefix: String) -> PostgresAddress {
        address.with(database: "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())")
    }

    /// Runs `body` with a new scratch database, optionally loaded with pagila and then `setup`,
    /// and drops the database afterwards.
    public func withDatabase<R>(_ prefix: String, pagila: Bool = false, setup: String? = nil,
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
    public func drop(_ database: PostgresAddress) {
        try? PostgresConnection(address: address)
            .exec("DROP DATABASE IF EXISTS \(PostgresSQL.quoteIdentifier(database.database)) WITH (FORCE)", context: "dropping \(database.database)")
    }

    public func databaseExists(_ name: String) throws -> Bool {
        try !PostgresConnection(address: address)
            .query("SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1", [name], context: "looking for \(name)").isEmpty
    }

    /// Loads the pagila sample from the shared datasets with psql, stopping at the first error.
    public func loadPagila(into database: PostgresAddress) throws {
        let folder = TestPaths.shared.appendingPathComponent("datasets/pagila")
        for file in ["pagila-schema.sql", "pagila-data.sql"] {
            _ = try PostgresClientTool.run("psql", arguments: ["-v", "ON_ERROR_STOP=1", "-q", "-f", folder.appendingPathComponent(file).path],
                                           address: database, context: "loading \(file)")
        }
    }
}

public struct TestServerMissing: Error, CustomStringConvertible {
    public var description: String {
        "CLEANROOM_TEST_PG_URL is not set: run these tests with scripts/test.sh (e.g. scripts/test.sh --filter CleanroomConnectorsTests), which starts a throwaway PostgreSQL cluster and sets it"
    }
}

/// Every row a reader yields, each with its newline, in order.
