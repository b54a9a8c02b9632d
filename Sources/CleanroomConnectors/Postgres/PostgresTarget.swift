import CleanroomCore
import Foundation

/// A new PostgreSQL database to load masked rows into.
///
/// The URL names a database that must not exist yet. `prepare` creates a staging database
/// (`NAME__crstage_XXXXXXXX`, from `template0`, on the server's maintenance database `postgres`),
/// closed to PUBLIC and commented with this run's `StageOwner`; the rows load into it and `commit`
/// renames it to `NAME`. `abort` drops it, so a failed run leaves nothing behind, and a SIGKILLed
/// one leaves only a stage that the next run or `gc` finds. A database this target did not create
/// is never dropped.
///
/// `@unchecked Sendable` because writers are opened from several pipeline threads and `abort()`
/// may come from yet another; `lock` guards the mutable state below.
public final class PostgresTarget: TargetConnection, @unchecked Sendable {
    /// What the pipeline may rely on.
    public static let traits = TargetTraits(finalizesWhileVerifying: true, printForms: .postgres)

    /// The database to create; its server also holds the maintenance database.
    public let address: PostgresAddress
    /// The staging database the rows load into until `commit`.
    public let stageAddress: PostgresAddress
    /// The database `prepare` and `abort` connect to for `CREATE DATABASE` and `DROP DATABASE`.
    public static let maintenanceDatabase = "postgres"

    private let lock = NSLock()
    /// Whether `prepare` created the database (and `abort` must drop it).
    private var createdDatabase = false
    /// Whether this target loads into a stage another process created (`attaching(to:stage:)`), which
    /// `abort` leaves in place.
    private var attached = false
    private var aborted = false
    /// Writers whose COPY is still open, so `abort` can close them.
    private var openWriters: [Int: PostgresCopyWriter] = [:]
    private var nextWriterKey = 0
    /// The part each table's writer loads, by table name, for a target attached to a sharded stage.
    private let parts: [String: String]
    /// Those of `parts` the stage's part log held when this target attached.
    private let loadedParts: Set<String>

    /// Checks that the server can be reached through its maintenance database.
    /// - Throws: `ConnectorError.connectionFailed` with the server's message.
    public init(address: PostgresAddress) throws {
        self.address = address
        stageAddress = address.with(database: PostgresStage.name(for: address.database))
        (parts, loadedParts) = ([:], [])
        _ = try PostgresConnection(address: maintenanceAddress)
    }

    /// A target for `address` loading into the existing staging database `stage`, which another
    /// process prepared (a sharded run, `PostgresSharedStage`): writers, `finalizeSchema`,
    /// `stagedSource` and `commit` work on it; `abort` closes the writers but never drops it.
    /// - Parameter parts: the part each table's writer loads, by table (as its name prints): its rows
    ///   commit with the part's entry in the stage's part log, and a part the log holds already is
    ///   not loaded again (its writer takes the rows and writes nothing), so a rerun adds no row twice.
    /// - Throws: `ConnectorError.connectionFailed` when the stage cannot be reached.
    public init(address: PostgresAddress, attachingTo stage: String, parts: [String: String] = [:]) throws {
        self.address = address
        stageAddress = address.with(database: stage)
        attached = true
        self.parts = parts
        _ = try PostgresConnection(address: stageAddress)
        loadedParts = parts.isEmpty ? [] : try PostgresSharedStage.loadedParts(stage: stageAddress)
    }

    /// Hands the stage `prepare` created over to other processes: from now on `abort` leaves it in
    /// place, as for an attached target (see `init(address:attachingTo:)`).
    public func release() {
        lock.withLock {
            createdDatabase = false
            attached = true
        }
    }

    public var endpoint: Endpoint { .postgres(address) }

    /// The cluster's `system_identifier` and the name of the database to create.
    public func identity() throws -> EndpointIdentity {
        let server = try PostgresConnection(address: maintenanceAddress).serverIdentity()
        return EndpointIdentity(kind: "postgres", server: server.systemIdentifier, database: address.database)
    }

    /// Creates the staging database and the structure rows need: the pre-data section of a PostgreSQL
    /// source, or `CREATE SCHEMA`/`CREATE TABLE` statements mapped from the schema model otherwise.
    /// - Throws: `ConnectorError.targetExists` when the database exists already (it is left
    ///   untouched, also by `abort`); `ConnectorError.postgres` when a statement fails.
    public func prepare(schema: DatabaseSchema, definition: SchemaDefinition) throws {
        let maintenance = try PostgresConnection(address: maintenanceAddress)
        let context = "creating staging database \(stageAddress.database) for \(address)"
        if try databaseExists(address.database, on: maintenance) {
            throw ConnectorError.targetExists(address.description)
        }
        // Under the lock, so that an `abort` racing with this knows whether there is a database to drop.
        try lock.withLock {
            guard !aborted, !createdDatabase else {
                throw ConnectorError.queryFailed(
                    context: context, message: aborted ? "the target was aborted" : "the target was already prepared")
            }
            try maintenance.exec("CREATE DATABASE \(quotedStage) TEMPLATE template0", context: context)
            createdDatabase = true
        }
        // Only its owner (this run's user) and superusers may connect while it loads.
        let comment = PostgresStage.comment(target: address.database, owner: StageOwner.current())
        try maintenance.exec(
            """
            REVOKE ALL ON DATABASE \(quotedStage) FROM PUBLIC;
            COMMENT ON DATABASE \(quotedStage) IS \(Self.literal(comment));
            """, context: "closing and labelling staging database \(stageAddress.database)")
        let connection = try PostgresConnection(address: stageAddress)
        switch definition {
        case .postgres(let preData, _, _):
            try connection.exec(preData, context: "creating the schema in \(address) (pg_dump pre-data)")
        case .sqlite, .none:
            try connection.exec(
                PostgresSchemaDDL.tableStatements(for: schema), context: "creating the tables in \(address)")
        }
    }

    /// Opens `COPY table (columns) FROM STDIN` on a connection of the writer's own (in a transaction
    /// logging the table's part, for an attached target given `parts`), or, for a part the stage
    /// holds already, a writer that writes nothing.
    public func openWriter(table: Table, columns: [Column]) throws -> any RowWriter {
        let part = parts[table.name.description]
        if let part, loadedParts.contains(part) { return LoadedPartWriter() }
        let key: Int = try lock.withLock {
            guard createdDatabase || attached, !aborted else {
                throw ConnectorError.queryFailed(
                    context: "COPY \(table.name) FROM STDIN",
                    message: "the target \(address) is not prepared or was aborted")
            }
            nextWriterKey += 1
            return nextWriterKey
        }
        let writer = try PostgresCopyWriter(
            address: stageAddress, table: table, columns: columns,
            logging: part.map(PostgresSharedStage.logging(part:))
        ) { [weak self] in self?.forgetWriter(key) }
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
        let connection = try PostgresConnection(address: stageAddress)
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

    /// The staging database, as loaded.
    public func stagedSource() throws -> any SourceConnection {
        try PostgresSource(address: stageAddress)
    }

    /// Ends every session still on the staging database (a rename needs none), then in one
    /// transaction renames it to the final name, clears its staging comment and gives PUBLIC back
    /// the `CONNECT` and `TEMPORARY` every new database has.
    /// - Throws: `ConnectorError.targetExists` when a database of the final name appeared meanwhile
    ///   (the stage stays for `abort`).
    public func commit() throws {
        let maintenance = try PostgresConnection(address: maintenanceAddress)
        let quotedFinal = PostgresSQL.quoteIdentifier(address.database)
        let context = "renaming staging database \(stageAddress.database) to \(address.database)"
        for attempt in 1...5 {
            _ = try maintenance.query(
                """
                SELECT pg_catalog.pg_terminate_backend(pid, 5000) FROM pg_catalog.pg_stat_activity
                 WHERE datname = $1 AND pid <> pg_catalog.pg_backend_pid()
                """, [stageAddress.database], context: "closing the sessions on \(stageAddress.database)")
            let result = maintenance.execute(
                """
                BEGIN;
                ALTER DATABASE \(quotedStage) RENAME TO \(quotedFinal);
                COMMENT ON DATABASE \(quotedFinal) IS NULL;
                GRANT CONNECT, TEMPORARY ON DATABASE \(quotedFinal) TO PUBLIC;
                COMMIT;
                """)
            if result.succeeded { break }
            _ = maintenance.execute("ROLLBACK")
            if result.sqlState == "42P04" { throw ConnectorError.targetExists(address.description) }
            // 55006: a session connected between the terminate and the rename; try again.
            if result.sqlState != "55006" || attempt == 5 { try maintenance.check(result, context: context) }
        }
        lock.withLock { createdDatabase = false }
    }

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
            _ = maintenance.execute("DROP DATABASE IF EXISTS \(quotedStage) WITH (FORCE)")
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

    private var quotedStage: String { PostgresSQL.quoteIdentifier(stageAddress.database) }

    private func databaseExists(_ name: String, on maintenance: PostgresConnection) throws -> Bool {
        try !maintenance.query(
            "SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1", [name], context: "looking for database \(name)"
        ).isEmpty
    }

    /// The staging databases left by runs that are gone which were to become `address`'s database.
    public static func staleStages(of address: PostgresAddress) throws -> [StaleStage] {
        try PostgresStage.stale(on: address.with(database: maintenanceDatabase), target: address.database)
    }

    /// A SQL string literal of Cleanroom's own text (the staging comment: COMMENT takes no parameter).
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
