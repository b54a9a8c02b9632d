import CSQLite
import CleanroomCore
import Foundation

/// A SQLite database file read as a source, opened read-only.
///
/// Introspection and `schemaDefinition` share one connection behind a lock; every reader opens its
/// own read-only connection, so tables can be read in parallel.
///
/// ```swift
/// let source = try SQLiteSource(path: "Chinook.sqlite")
/// let schema = try source.introspect()
/// let reader = try source.openReader(table: schema.tables[0], columns: schema.tables[0].columns, filter: nil, limit: nil)
/// while let batch = try reader.next() { … }
/// ```
public final class SQLiteSource: SourceConnection, @unchecked Sendable {
    /// What the pipeline may rely on.
    public static let traits = SourceTraits(
        defaultSchema: "main", printForms: nil, isServer: false, sqlDialect: .sqlite)

    // @unchecked: `metadata` is a non-Sendable connection, and every use of it holds `lock`.
    public let endpoint: Endpoint
    private let path: String
    private let metadata: SQLiteDatabase
    private let lock = NSLock()

    /// Opens the database at `path` read-only; fails when it is missing or not a SQLite database.
    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConnectorError.file(path: path, line: nil, message: "no such SQLite database file")
        }
        self.path = path
        endpoint = .sqlite(path: path)
        metadata = try SQLiteDatabase(path: path, mode: .readOnly)
        // Opening is lazy in SQLite: read the schema now so a file that is not a database fails here.
        try metadata.execute("SELECT count(*) FROM sqlite_master")
    }

    public func identity() throws -> EndpointIdentity {
        EndpointIdentity(kind: "sqlite", server: try FileSystem.realPath(path), database: "")
    }

    public func introspect() throws -> DatabaseSchema {
        lock.lock()
        defer { lock.unlock() }
        return try SQLiteIntrospection(database: metadata).schema()
    }

    /// The `CREATE` statements of the copied tables, then their indexes, the views, then the triggers
    /// (views before triggers because an `INSTEAD OF` trigger needs its view).
    public func schemaDefinition(for schema: DatabaseSchema) throws -> SchemaDefinition {
        let copied = Set(schema.tables.map { $0.name.name.lowercased() })
        lock.lock()
        defer { lock.unlock() }
        let statement = try metadata.prepare(
            """
            SELECT type, tbl_name, sql FROM sqlite_master
            WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid
            """)
        var tables: [String] = [], indexes: [String] = [], views: [String] = [], triggers: [String] = []
        while try statement.step() {
            guard let type = statement.text(0), let table = statement.text(1), let sql = statement.text(2) else {
                continue
            }
            let isCopied = copied.contains(table.lowercased())
            switch type {
            case "table" where isCopied: tables.append(sql)
            case "index" where isCopied: indexes.append(sql)
            case "trigger" where isCopied: triggers.append(sql)
            case "view": views.append(sql)
            default: break
            }
        }
        return .sqlite(tables: tables, after: indexes + views + triggers)
    }

    /// Streams `SELECT columns FROM table [WHERE filter] [LIMIT limit]` on a connection of its own.
    public func openReader(table: Table, columns: [Column], filter: String?, limit: Int?) throws -> any RowReader {
        let list = columns.map(SQLDialect.sqlite.selected).joined(separator: ", ")
        var sql = "SELECT \(list) FROM \(SQLiteDatabase.quote(table.name.name))"
        if let filter { sql += " WHERE (\(filter))" }
        if let limit { sql += " LIMIT \(limit)" }
        let database = try SQLiteDatabase(path: path, mode: .readOnly)
        return SQLiteRowReader(statement: try database.prepare(sql))
    }

    /// `SELECT count(*)` of the rows a read of `table` with `filter` would yield.
    public func countRows(of table: Table, filter: String?) throws -> Int {
        var sql = "SELECT count(*) FROM \(SQLiteDatabase.quote(table.name.name))"
        if let filter { sql += " WHERE (\(filter))" }
        let statement = try SQLiteDatabase(path: path, mode: .readOnly).prepare(sql)
        _ = try statement.step()
        return Int(statement.int64(0))
    }
}
