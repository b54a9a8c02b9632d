import CleanroomCore
import Foundation

/// A new SQLite database file as a target, all-or-nothing.
///
/// Nothing appears under the target's name until `commit`: the load goes into a private (mode 0600)
/// file `.NAME.partial-XXXXXX` in the same directory, which `commit` syncs and moves into place, and
/// `abort` deletes. Because that file is thrown away on any failure, it is loaded with
/// `journal_mode=OFF` and `synchronous=OFF`; durability comes from the sync before the move.
///
/// ```swift
/// let target = try SQLiteTarget(path: "masked.sqlite")    // refuses an existing file
/// try target.prepare(schema: schema, definition: definition)
/// let writer = try target.openWriter(table: table, columns: table.columns)
/// try writer.write(batch); try writer.finish()
/// try target.finalizeSchema(schema: schema, definition: definition, jobs: 1)
/// try target.commit()
/// ```
public final class SQLiteTarget: TargetConnection, @unchecked Sendable {
    /// What the pipeline may rely on.
    public static let traits = TargetTraits(finalizesWhileVerifying: false, printForms: nil)

    // @unchecked: the mutable state below is only touched under `lock`; the connection it hands to
    // writers serialises itself (see `SerializedConnection`).
    public let endpoint: Endpoint
    private let path: String
    private let lock = NSLock()
    private var partialPath: String?
    private var connection: SerializedConnection?
    private var tableNames = FlatTableNames()

    /// A target that will create the database file `path`; fails when anything already exists there.
    public init(path: String) throws {
        try FileSystem.refuseExisting(path)
        self.path = path
        endpoint = .sqlite(path: path)
    }

    public func identity() throws -> EndpointIdentity {
        EndpointIdentity(kind: "sqlite", server: try FileSystem.realPathOfNew(path), database: "")
    }

    /// Creates the temporary database and its tables: the source's own `CREATE TABLE` statements for
    /// a SQLite source, otherwise tables derived from the schema model (see `SQLiteDDL`). PostgreSQL
    /// schemas are dropped from table names (`public.x` → `x`) unless two schemas share a name
    /// (`schema_x`).
    public func prepare(schema: DatabaseSchema, definition: SchemaDefinition) throws {
        lock.lock()
        defer { lock.unlock() }
        guard partialPath == nil else { throw ConnectorError.unsupported("preparing \(endpoint) twice") }
        try FileSystem.refuseExisting(path)
        let partial = try FileSystem.makePartialFile(for: path)
        partialPath = partial  // from here on `abort` removes it
        try FileStage.claim(partial)
        let database = try SQLiteDatabase(path: partial, mode: .readWriteCreate)
        try database.execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF")
        let names = FlatTableNames(schema.tables.map(\.name))
        let statements: [String]
        if case .sqlite(let tables, _) = definition {
            statements = tables
        } else {
            statements = SQLiteDDL.createTables(schema, names: names)
        }
        try database.execute("BEGIN")
        for statement in statements { try database.execute(statement) }
        try database.execute("COMMIT")
        tableNames = names
        connection = SerializedConnection(database)
    }

    /// A writer inserting `table`'s rows with one prepared `INSERT`, a transaction per batch.
    /// Safe to call, and to use the writers, from several threads.
    public func openWriter(table: Table, columns: [Column]) throws -> any RowWriter {
        let (connection, name) = try loading { connection, names in
            (connection, try names.require(table.name, in: endpoint.description))
        }
        return try SQLiteRowWriter(connection: connection, table: name, columns: columns)
    }

    /// Replays a SQLite source's indexes, views and triggers, then checks that every foreign key is
    /// satisfied: rows copied consistently must pass `PRAGMA foreign_key_check`. `jobs` is ignored:
    /// a SQLite file has one writer at a time.
    public func finalizeSchema(schema: DatabaseSchema, definition: SchemaDefinition, jobs: Int) throws {
        let connection = try loading { connection, _ in connection }
        try connection.run { database in
            if case .sqlite(_, let after) = definition, !after.isEmpty {
                try database.execute("BEGIN")
                for statement in after { try database.execute(statement) }
                try database.execute("COMMIT")
            }
            try checkForeignKeys(database)
        }
    }

    /// A read-only source over the temporary file, for the read-back before `commit`.
    public func stagedSource() throws -> any SourceConnection {
        lock.lock()
        defer { lock.unlock() }
        guard let partial = partialPath else {
            throw ConnectorError.unsupported("reading \(endpoint) back before prepare or after commit/abort")
        }
        return try SQLiteSource(path: partial)
    }

    /// Closes the database, syncs it and moves it to the target's name (never over an existing file).
    public func commit() throws {
        lock.lock()
        defer { lock.unlock() }
        guard let partial = partialPath, let connection else {
            throw ConnectorError.unsupported("committing \(endpoint) before it was prepared")
        }
        connection.close()
        self.connection = nil
        try FileSystem.sync(partial)
        try FileSystem.moveIntoPlace(partial, to: path, isDirectory: false)
        FileStage.release(partial)
        partialPath = nil
    }

    /// Closes the connection and deletes the temporary file with any `-journal`, `-wal` or `-shm`
    /// beside it. Never throws; does nothing after `commit`.
    public func abort() {
        lock.lock()
        defer { lock.unlock() }
        connection?.close()
        connection = nil
        if let partial = partialPath { _ = try? FileStage.remove(partial) }
        partialPath = nil
    }

    private func loading<T>(_ body: (SerializedConnection, FlatTableNames) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        guard let connection else {
            throw ConnectorError.unsupported("writing to \(endpoint) before prepare or after commit/abort")
        }
        return try body(connection, tableNames)
    }

    private func checkForeignKeys(_ database: SQLiteDatabase) throws {
        let check = try database.prepare("PRAGMA foreign_key_check")
        var violations = 0
        var first = ""
        while try check.step() {
            if violations == 0 {
                first =
                    "\(check.text(0) ?? "?") rowid \(check.text(1) ?? "?") has no parent row in \(check.text(2) ?? "?")"
            }
            violations += 1
        }
        guard violations == 0 else {
            throw ConnectorError.queryFailed(
                context: "PRAGMA foreign_key_check on \(endpoint)",
                message: "\(violations) row(s) violate foreign keys; first: \(first)")
        }
    }
}
