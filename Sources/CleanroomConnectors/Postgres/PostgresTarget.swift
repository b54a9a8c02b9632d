import CleanroomCore
import Foundation

/// A new PostgreSQL database to load masked rows into.
///
/// The URL names a database that must not exist yet: `prepare` creates it (from `template0`, on
/// the server's maintenance database `postgres`) and `abort` drops it again, so a failed run
/// leaves nothing behind. A database this target did not create is never dropped.
///
/// `@unchecked Sendable` because writers are opened from several pipeline threads and `abort()`
/// may come from yet another; `lock` guards the mutable state below.
public final class PostgresTarget: TargetConnection, @unchecked Sendable {
    /// What the pipeline may rely on.
    public static let traits = TargetTraits(sharesTables: true, finalizesWhileVerifying: true, printForms: .postgres)

    /// The database to create; its server also holds the maintenance database.
    public let address: PostgresAddress
    /// The database `prepare` and `abort` connect to for `CREATE DATABASE` and `DROP DATABASE`.
    public static let maintenanceDatabase = "postgres"

    private let lock = NSLock()
    /// Whether `prepare` created the database (and `abort` must drop it).
    private var createdDatabase = false
    private var aborted = false
    /// Writers whose COPY is still open, so `abort` can close them.
    private var openWriters: [Int: PostgresCopyWriter] = [:]
    private var nextWriterKey = 0

    /// Checks that the server can be reached through its maintenance database.
    /// - Throws: `ConnectorError.connectionFailed` with the server's message.
    public init(address: PostgresAddress) throws {
        self.address = address
        _ = try PostgresConnection(address: maintenanceAddress)
    }

    public var endpoint: Endpoint { .postgres(address) }

    /// The cluster's `system_identifier` and the name of the database to create.
    public func identity() throws -> EndpointIdentity {
        let server = try PostgresConnection(address: maintenanceAddress).serverIdentity()
        return EndpointIdentity(kind: "postgres", server: server.systemIdentifier, database: address.database)
    }

    /// Creates the database and the structure rows need: the pre-data section of a PostgreSQL
    /// source, or `CREATE SCHEMA`/`CREATE TABLE` statements mapped from the schema model otherwise.
    /// - Throws: `ConnectorError.targetExists` when the database exists already (it is left
    ///   untouched, also by `abort`); `ConnectorError.postgres` when a statement fails.
    public func prepare(schema: DatabaseSchema, definition: SchemaDefinition) throws {
        let maintenance = try PostgresConnection(address: maintenanceAddress)
        let context = "creating database \(address)"
        // Under the lock, so that an `abort` racing with this knows whether there is a database to drop.
        try lock.withLock {
            guard !aborted, !createdDatabase else {
                throw ConnectorError.queryFailed(
                    context: context, message: aborted ? "the target was aborted" : "the target was already prepared")
            }
            let result = maintenance.execute(
                "CREATE DATABASE \(PostgresSQL.quoteIdentifier(address.database)) TEMPLATE template0")
            if result.sqlState == "42P04" { throw ConnectorError.targetExists(address.description) }
            try maintenance.check(result, context: context)
            createdDatabase = true
        }
        let connection = try PostgresConnection(address: address)
        switch definition {
        case .postgres(let preData, _, _):
            try connection.exec(preData, context: "creating the schema in \(address) (pg_dump pre-data)")
        case .sqlite, .none:
            try connection.exec(
                PostgresSchemaDDL.tableStatements(for: schema), context: "creating the tables in \(address)")
        }
    }

    /// Opens `COPY table (columns) FROM STDIN` on a connection of the writer's own.
    public func openWriter(table: Table, columns: [Column]) throws -> any RowWriter {
        let key: Int = try lock.withLock {
            guard createdDatabase, !aborted else {
                throw ConnectorError.queryFailed(
                    context: "COPY \(table.name) FROM STDIN",
                    message: "the target \(address) is not prepared or was aborted")
            }
            nextWriterKey += 1
            return nextWriterKey
        }
        let writer = try PostgresCopyWriter(address: address, table: table, columns: columns) { [weak self] in
            self?.forgetWriter(key)
        }
        let registered = lock.withLock {
            if !aborted { openWriters[key] = writer }
            return !aborted
        }
        guard registered else {
            writer.close()
            throw ConnectorError.queryFailed(
                context: "COPY \(table.name) FROM STDIN", message: "the target \(address) was aborted")
        }
        return writer
    }

    /// Runs the post-data section (indexes, constraints — validated against the loaded rows —,
    /// triggers), building the indexes and primary key, unique and exclusion constraints at its
    /// start on up to `jobs` connections at once (`PostDataRestore`), and then sets every
    /// sequence; or, for a model-derived schema, adds its primary and foreign keys.
    public func finalizeSchema(schema: DatabaseSchema, definition: SchemaDefinition, jobs: Int) throws {
        let connection = try PostgresConnection(address: address)
        switch definition {
        case .postgres(_, let postData, let sequences):
            try PostDataRestore.run(postData, on: connection, jobs: jobs)
            for sequence in sequences {
                _ = try connection.query(
                    "SELECT pg_catalog.setval($1::pg_catalog.regclass, $2::bigint, $3::boolean)",
                    [PostgresSQL.quote(sequence.name), String(sequence.lastValue), String(sequence.isCalled)],
                    context: "setting sequence \(sequence.name) in \(address)")
            }
        case .sqlite, .none:
            try connection.exec(
                PostgresSchemaDDL.keyStatements(for: schema), context: "adding primary and foreign keys in \(address)")
        }
    }

    /// Nothing to do: every COPY committed on its own and the database is complete.
    /// The loaded database itself: a database is visible as soon as it is complete.
    public func stagedSource() throws -> any SourceConnection {
        try PostgresSource(address: address)
    }

    public func commit() throws {}

    /// Drops the database if this target created it (`WITH (FORCE)`, which also ends every session
    /// still loading it) and closes every writer still open. Never throws: it is the clean-up path.
    public func abort() {
        let (writers, created): ([PostgresCopyWriter], Bool) = lock.withLock {
            aborted = true
            defer { createdDatabase = false }
            return (Array(openWriters.values), createdDatabase)
        }
        // Dropping first terminates the writers' server sessions, so a writer blocked mid-send
        // fails at once and releases its lock for `close()` below.
        if created, let maintenance = try? PostgresConnection(address: maintenanceAddress) {
            _ = maintenance.execute(
                "DROP DATABASE IF EXISTS \(PostgresSQL.quoteIdentifier(address.database)) WITH (FORCE)")
        }
        for writer in writers { writer.close() }
    }

    /// Called by a writer once its connection is released.
    private func forgetWriter(_ key: Int) {
        lock.withLock { _ = openWriters.removeValue(forKey: key) }
    }

    private var maintenanceAddress: PostgresAddress {
        address.with(database: PostgresTarget.maintenanceDatabase)
    }
}
