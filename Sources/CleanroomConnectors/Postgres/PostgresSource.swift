import CleanroomCore

/// A PostgreSQL database to copy from.
///
/// Every call opens a connection of its own and closes it before returning (readers keep theirs
/// until closed), so the source holds only immutable values and can be shared between threads.
///
/// ```swift
/// let source = try PostgresSource(address: PostgresAddress(parsing: "postgres://app@db/prod"))
/// let schema = try source.introspect()
/// let reader = try source.openReader(table: schema.tables[0], columns: schema.tables[0].columns, filter: nil, limit: nil)
/// while let batch = try reader.next() { … }
/// ```
public final class PostgresSource: SourceConnection {
    /// What the pipeline may rely on.
    public static let traits = SourceTraits(
        defaultSchema: "public", printForms: .postgres, isServer: true, sqlDialect: .postgres)

    /// Where the rows come from.
    public let address: PostgresAddress

    /// Checks that `address` can be reached, so a wrong URL fails before any work starts.
    /// - Throws: `ConnectorError.connectionFailed` with the server's message.
    public init(address: PostgresAddress) throws {
        self.address = address
        _ = try PostgresConnection(address: address)
    }

    public var endpoint: Endpoint { .postgres(address) }

    /// The cluster's `system_identifier` and the database name: the same data store however it is
    /// addressed (host alias, IP address, port forwarding).
    public func identity() throws -> EndpointIdentity {
        let server = try PostgresConnection(address: address).serverIdentity()
        return EndpointIdentity(kind: "postgres", server: server.systemIdentifier, database: server.database)
    }

    /// The tables of every non-system schema (partitioned tables once, partitions folded in; no
    /// views), their columns, primary keys and foreign keys. See `PostgresCatalog.schema(on:)`.
    /// The planner's row estimate (`pg_class.reltuples`; a partitioned table's is the sum of its leaf
    /// partitions', since `pg_partition_tree` lists nothing for a plain table).
    public func estimatedRowCount(of table: Table) -> Int? {
        let sql = """
            SELECT sum(GREATEST(c.reltuples, 0))::bigint FROM pg_catalog.pg_class c
            WHERE c.oid = $1::regclass AND c.relkind = 'r'
               OR c.oid IN (SELECT relid FROM pg_catalog.pg_partition_tree($1::regclass) WHERE isleaf)
            """
        guard
            let rows = try? PostgresConnection(address: address).query(
                sql, [PostgresSQL.quote(table.name)], context: "estimating rows"),
            let text = rows.first?.first ?? nil, let estimate = Int(text), estimate > 0
        else { return nil }
        return estimate
    }

    /// `table` cut into at most `count` page ranges of about equal size (`PostgresPageRange`), to be
    /// read apart; none when it is too small to cut. The size is the table's pages
    /// (`pg_relation_size`), or for a partitioned table its largest leaf partition's, so that every
    /// partition's pages fall in the ranges.
    public func pageRanges(of table: Table, count: Int) throws -> [PostgresPageRange] {
        let sql = """
            SELECT coalesce(max(pg_catalog.pg_relation_size(c.oid)
                   / pg_catalog.current_setting('block_size')::bigint), 0)::bigint
              FROM pg_catalog.pg_class c
             WHERE c.oid = $1::regclass AND c.relkind = 'r'
                OR c.oid IN (SELECT relid FROM pg_catalog.pg_partition_tree($1::regclass) WHERE isleaf)
            """
        let rows = try PostgresConnection(address: address).query(
            sql, [PostgresSQL.quote(table.name)], context: "measuring \(table.name) to cut it into page ranges")
        return PostgresPageRange.cutting(pages: Int(rows.first?.first.flatMap { $0 } ?? "0") ?? 0, into: count)
    }

    /// Which transactions the server's data shows: `pg_current_snapshot()` as text (`xmin:xmax:xip`),
    /// on a primary or, as replayed, on a standby. It changes when a transaction that writes commits,
    /// and not for what writes the log without changing data (checkpoints, hint bits), so a primary and
    /// its standbys with one snapshot show the same rows.
    public func committedState() throws -> String {
        let context = "reading the transaction snapshot of \(address)"
        let rows = try PostgresConnection(address: address).query(
            "SELECT pg_catalog.pg_current_snapshot()::text", context: context)
        guard let snapshot = rows.first?.first ?? nil else {
            throw ConnectorError.queryFailed(context: context, message: "the server reports none")
        }
        return snapshot
    }

    public func introspect() throws -> DatabaseSchema {
        try PostgresCatalog.schema(on: catalogConnection())
    }

    /// `pg_dump --schema-only` pre-data and post-data of the whole database (views and functions
    /// depend on more than the copied tables) and the state of every sequence.
    public func schemaDefinition(for schema: DatabaseSchema) throws -> SchemaDefinition {
        let catalog = try catalogConnection()
        let major = catalog.serverMajorVersion
        // The two sections are dumped at once: each pg_dump spends most of its time starting and
        // reading the catalogue.
        let address = self.address
        let postData = HandOver<Result<String, any Error>?>(nil)
        let postDump = WorkerThread(name: "cleanroom-pg-dump") {
            postData.value = Result { try PgDump.schema(.postData, of: address, serverMajor: major) }
        }
        let preData = Result { try PgDump.schema(.preData, of: address, serverMajor: major) }
        postDump.join()
        return .postgres(
            preData: try preData.get(), postData: try postData.value!.get(),
            sequences: try PostgresCatalog.sequences(on: catalog))
    }

    /// Streams `table` as `COPY (SELECT columns FROM table [WHERE filter] [LIMIT limit]) TO STDOUT`
    /// on a connection of the reader's own.
    public func openReader(table: Table, columns: [Column], filter: String?, limit: Int?) throws -> any RowReader {
        try PostgresCopyReader(address: address, table: table, columns: columns, filter: filter, limit: limit)
    }

    /// `SELECT count(*)` of the rows a read of `table` with `filter` would yield.
    public func countRows(of table: Table, filter: String?) throws -> Int {
        let context = "counting the rows of \(table.name)"
        let connection = try PostgresConnection(address: address)
        var sql = "SELECT count(*) FROM \(try PostgresCopyReader.from(table, on: connection, context: context))"
        if let filter { sql += " WHERE (\(filter))" }
        guard let text = try connection.query(sql, context: context).first?.first ?? nil, let count = Int(text) else {
            throw connection.failure(context: context, message: "no count")
        }
        return count
    }

    /// A connection whose `search_path` is empty, so catalog output qualifies every user type.
    private func catalogConnection() throws -> PostgresConnection {
        let connection = try PostgresConnection(address: address)
        try connection.exec("SET search_path = ''", context: "setting up the catalog session on \(address)")
        return connection
    }
}
