import CleanroomCore

/// Where rows come from: a PostgreSQL database, a SQLite file, or a directory of CSV/JSONL files.
///
/// A source is opened once per run. Readers may be opened from several threads at once (tables run
/// in parallel); each reader owns whatever connection it needs.
public protocol SourceConnection: AnyObject, Sendable {
    /// The endpoint this source was opened from (no secrets in its description).
    var endpoint: Endpoint { get }
    /// What the source can do, asked instead of its kind.
    static var traits: SourceTraits { get }
    /// A stable identity of the data store, for the separation guard and the evidence.
    func identity() throws -> EndpointIdentity
    /// Tables (partitions folded into their parents; views excluded), columns and foreign keys.
    func introspect() throws -> DatabaseSchema
    /// The source's own schema definition (DDL), so a same-kind target can recreate it faithfully.
    func schemaDefinition(for schema: DatabaseSchema) throws -> SchemaDefinition
    /// Streams the rows of `table` as COPY text batches with `columns` in the given order (a column's
    /// `readExpression`, when it has one, read in its place).
    /// - Parameters:
    ///   - filter: an optional SQL boolean expression (the rules file's `where:`, a subset's
    ///     selection); file sources refuse it, and read expressions.
    ///   - limit: read at most this many rows (sampling for `scan`); nil reads all.
    func openReader(table: Table, columns: [Column], filter: String?, limit: Int?) throws -> any RowReader
    /// How many rows of `table` `filter` selects (all rows for nil), counted by the source where it
    /// can (`SELECT count(*)`), else by reading them.
    func countRows(of table: Table, filter: String?) throws -> Int
    /// A cheap estimate of the rows `openReader` would yield without a filter, for progress display;
    /// nil when the source cannot tell without reading.
    func estimatedRowCount(of table: Table) -> Int?
}

extension SourceConnection {
    /// This source's `traits`.
    public var traits: SourceTraits { Self.traits }

    /// By default a source cannot tell (a requirement above, so a source that can is asked through
    /// `any SourceConnection` too).
    public func estimatedRowCount(of table: Table) -> Int? { nil }

    /// By default the rows are read (of one column) and counted.
    public func countRows(of table: Table, filter: String?) throws -> Int {
        let reader = try openReader(table: table, columns: Array(table.columns.prefix(1)), filter: filter, limit: nil)
        defer { reader.close() }
        var rows = 0
        while let batch = try reader.next() { rows += batch.rowCount }
        return rows
    }
}

/// A stream of row batches from one table.
public protocol RowReader: AnyObject {
    /// The next batch, or nil at the end of the table.
    func next() throws -> RowBatch?
    /// Releases the connection or file; safe to call twice.
    func close()
}

/// Where masked rows go. A target is all-or-nothing: until `commit` nothing is visible under the
/// target's name, and `abort` leaves the target as it was before `prepare`.
public protocol TargetConnection: AnyObject, Sendable {
    var endpoint: Endpoint { get }
    /// What the target can do, asked instead of its kind.
    static var traits: TargetTraits { get }
    /// A stable identity of the data store the target would write to.
    func identity() throws -> EndpointIdentity
    /// Creates the (new, empty) target and the structure that must exist before rows are loaded:
    /// tables, types, views (PostgreSQL pre-data), without indexes, constraints or triggers where
    /// the kind allows deferring them.
    func prepare(schema: DatabaseSchema, definition: SchemaDefinition) throws
    /// Opens a writer for `table` expecting COPY text rows with `columns` in this order.
    func openWriter(table: Table, columns: [Column]) throws -> any RowWriter
    /// After every writer finished: indexes, constraints, triggers, sequences (post-data), on up to
    /// `jobs` connections at once where the kind can build them in parallel (PostgreSQL); the
    /// others ignore `jobs`.
    func finalizeSchema(schema: DatabaseSchema, definition: SchemaDefinition, jobs: Int) throws
    /// A source reading what the writers loaded, before `commit`: the run reads back through it the
    /// tables whose attested digest cannot come from the written rows, so a failure can still `abort`.
    func stagedSource() throws -> any SourceConnection
    /// Makes the target visible under its name (rename a temporary file, nothing for a database).
    func commit() throws
    /// Removes everything `prepare` and the writers created. Never throws; safe after a partial prepare.
    func abort()
}

extension TargetConnection {
    /// This target's `traits`.
    public var traits: TargetTraits { Self.traits }
}

/// Accepts row batches for one table.
public protocol RowWriter: AnyObject {
    func write(_ batch: RowBatch) throws
    /// Flushes and ends the table's load.
    func finish() throws
    /// Abandons the table's load (the target will be aborted).
    func close()
    /// Whether the rows go nowhere because the target holds them already (a part a sharded stage
    /// loaded before, `LoadedPartWriter`): the run then reads the table back for its digest.
    var loadsNothing: Bool { get }
}

extension RowWriter {
    /// Writers load what they are given.
    public var loadsNothing: Bool { false }
}

/// DDL as a source knows it, for a target of the same kind to replay.
public enum SchemaDefinition: Sendable {
    /// `pg_dump --schema-only` split into its pre-data and post-data sections, plus sequence values.
    case postgres(preData: String, postData: String, sequences: [SequenceValue])
    /// `CREATE` statements from `sqlite_master`, tables first, then indexes, triggers and views.
    case sqlite(tables: [String], after: [String])
    /// No native DDL (CSV, JSONL): targets derive their structure from the schema model.
    case none
}

/// A sequence's state to restore after the load.
public struct SequenceValue: Sendable, Hashable {
    public var name: QualifiedName
    public var lastValue: Int64
    public var isCalled: Bool

    public init(name: QualifiedName, lastValue: Int64, isCalled: Bool) {
        self.name = name
        self.lastValue = lastValue
        self.isCalled = isCalled
    }
}

/// What identifies a data store, independent of how it was addressed (host alias, relative path).
public struct EndpointIdentity: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `postgres`, `sqlite`, `csv` or `jsonl`.
    public var kind: String
    /// PostgreSQL `system_identifier`; for files, the real (symlink-resolved) absolute path.
    public var server: String
    /// The database name; empty for files.
    public var database: String

    public init(kind: String, server: String, database: String) {
        self.kind = kind
        self.server = server
        self.database = database
    }

    public var description: String {
        database.isEmpty ? "\(kind):\(server)" : "\(kind):\(server)/\(database)"
    }
}
