import CleanroomConnectors
import CleanroomCore
import Foundation

/// The throwaway PostgreSQL cluster that scripts/test.sh starts (`CLEANROOM_TEST_PG_URL`), with
/// scratch databases on it.
///
/// Tests run in parallel, so each works in databases of its own, uniquely named and dropped
/// afterwards. The tests that need it live in CleanroomIntegrationTests and are skipped, with
/// `TestServerMissing`'s reason, when the variable is unset; scripts/test.sh also sets
/// `CLEANROOM_TEST_REQUIRE_PG`, under which a guard test fails if the server is missing or unreachable.
public struct PostgresTestServer {
    /// The cluster's maintenance database.
    public let address: PostgresAddress

    /// The variable naming the cluster.
    public static let urlVariable = "CLEANROOM_TEST_PG_URL"

    /// Whether `CLEANROOM_TEST_PG_URL` names a cluster (the integration tests run only then).
    public static var isConfigured: Bool {
        !(ProcessInfo.processInfo.environment[urlVariable] ?? "").isEmpty
    }

    /// Whether the run demands the cluster (`CLEANROOM_TEST_REQUIRE_PG=1`, set by scripts/test.sh).
    public static var isRequired: Bool {
        ProcessInfo.processInfo.environment["CLEANROOM_TEST_REQUIRE_PG"] == "1"
    }

    /// The variable naming the primary of scripts/test.sh's replica pair: a cluster only the sharding
    /// tests use (one suite, serialized), so its transaction snapshot moves only when they write.
    public static let quietURLVariable = "CLEANROOM_TEST_PG_REPLICA_PRIMARY_URL"
    /// The variable naming that primary's streaming standby.
    public static let standbyURLVariable = "CLEANROOM_TEST_PG_REPLICA_STANDBY_URL"

    /// The cluster `variable` names (the main one by default).
    public init(urlVariable: String = Self.urlVariable) throws {
        guard let url = ProcessInfo.processInfo.environment[urlVariable], !url.isEmpty else {
            throw TestServerMissing()
        }
        address = try PostgresAddress(parsing: url)
    }

    /// The address of a database that does not exist yet: `<prefix>_<random>`.
    public func unusedAddress(_ prefix: String) -> PostgresAddress {
        address.with(database: "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())")
    }

    /// Runs `body` with a new scratch database, optionally loaded with pagila or chinook and then `setup`,
    /// and drops the database afterwards.
    public func withDatabase<R>(
        _ prefix: String, pagila: Bool = false, chinook: Bool = false, setup: String? = nil,
        _ body: (PostgresAddress) throws -> R
    ) throws -> R {
        let scratch = unusedAddress(prefix)
        try PostgresConnection(address: address).exec(
            "CREATE DATABASE \(PostgresSQL.quoteIdentifier(scratch.database))",
            context: "creating scratch database \(scratch.database)")
        defer { drop(scratch) }
        if pagila { try loadPagila(into: scratch) }
        if chinook { try loadChinook(into: scratch) }
        if let setup { try PostgresConnection(address: scratch).exec(setup, context: "setting up \(scratch.database)") }
        return try body(scratch)
    }

    /// Drops `database` if it exists, ending its sessions.
    public func drop(_ database: PostgresAddress) {
        try? PostgresConnection(address: address)
            .exec(
                "DROP DATABASE IF EXISTS \(PostgresSQL.quoteIdentifier(database.database)) WITH (FORCE)",
                context: "dropping \(database.database)")
    }

    public func databaseExists(_ name: String) throws -> Bool {
        try !PostgresConnection(address: address)
            .query("SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1", [name], context: "looking for \(name)")
            .isEmpty
    }

    /// The staging databases a `PostgresTarget` for `database` is loading (or a killed one left).
    public func stages(of database: String) throws -> [String] {
        try PostgresConnection(address: address).query(
            "SELECT datname FROM pg_catalog.pg_database WHERE pg_catalog.starts_with(datname, $1) ORDER BY 1",
            [database + "__crstage_"], context: "looking for stages of \(database)"
        ).compactMap { $0[0] }
    }

    /// Loads the chinook sample (PostgreSQL dialect) from the shared datasets with psql, without the
    /// script's opening `DROP DATABASE … \\c chinook;`, so it loads into `database`.
    public func loadChinook(into database: PostgresAddress) throws {
        let shipped = TestPaths.shared.appendingPathComponent("datasets/chinook/Chinook_PostgreSql.sql")
        let script = try String(contentsOf: shipped, encoding: .utf8)
        guard let connect = script.range(of: "\\c chinook;") else {
            throw TestFailure("no \\c chinook; in \(shipped.path)")
        }
        let stripped = FileManager.default.temporaryDirectory.appendingPathComponent("chinook-\(UUID().uuidString).sql")
        try String(script[connect.upperBound...]).write(to: stripped, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: stripped) }
        _ = try PostgresClientTool.run(
            "psql", arguments: ["-v", "ON_ERROR_STOP=1", "-q", "-f", stripped.path], address: database,
            context: "loading chinook")
    }

    /// Loads the pagila sample from the shared datasets with psql, stopping at the first error.
    public func loadPagila(into database: PostgresAddress) throws {
        let folder = TestPaths.shared.appendingPathComponent("datasets/pagila")
        for file in ["pagila-schema.sql", "pagila-data.sql"] {
            _ = try PostgresClientTool.run(
                "psql", arguments: ["-v", "ON_ERROR_STOP=1", "-q", "-f", folder.appendingPathComponent(file).path],
                address: database, context: "loading \(file)")
        }
    }
}

/// Why the integration tests did not run, and how to run them.
public struct TestServerMissing: Error, CustomStringConvertible {
    public init() {}

    public var description: String {
        "CLEANROOM_TEST_PG_URL is not set: run the PostgreSQL tests with scripts/test.sh "
            + "(e.g. scripts/test.sh --filter CleanroomIntegrationTests), which starts a throwaway cluster and sets it"
    }
}
