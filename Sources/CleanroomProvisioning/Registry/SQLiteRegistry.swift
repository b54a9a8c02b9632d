import CleanroomConnectors
import CleanroomEvidence
import Foundation

/// The registry of a SQLite host: `registry.sqlite` (mode 0600) in the environments' directory, with
/// the same columns as the PostgreSQL registry. Writers wait for each other (busy timeout), and the
/// name is the primary key, so concurrent claims of one name give one row.
public final class SQLiteRegistry: EnvironmentRegistry {
    /// None: a SQLite registry lives on the same machine as the ledger file it would copy.
    public var ledgerMirror: (@Sendable (LedgerEntry) -> Void)? { nil }

    /// The registry file.
    public let path: String
    let database: SQLiteDatabase

    /// Opens the registry in `directory`, creating the directory (0700) and the file (0600) when missing.
    public init(directory: String) throws {
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        path = (directory as NSString).appendingPathComponent(EnvironmentHost.registryFile)
        if !FileManager.default.fileExists(atPath: path) {
            // Created here with its mode, so that SQLite never creates it readable by others.
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            if fd >= 0 { close(fd) }
        }
        database = try SQLiteDatabase(path: path, mode: .readWriteCreate)
        try database.execute("PRAGMA busy_timeout = 30000")
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS environments (
                name TEXT PRIMARY KEY,
                template TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('environment', 'golden')),
                endpoint TEXT NOT NULL,
                role TEXT,
                classification TEXT NOT NULL,
                label TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('provisioning', 'ready', 'failed', 'erased')),
                created_at TEXT NOT NULL,
                expires_at TEXT,
                erased_at TEXT,
                evidence_seq INTEGER
            )
            """)
    }

    public var location: String { "sqlite:\(path)" }

    private var insert: String {
        let columns = RegistryColumns.names
        return
            "INSERT INTO environments (\(columns.joined(separator: ", "))) VALUES (\(columns.indices.map { "?\($0 + 1)" }.joined(separator: ", ")))"
            + " ON CONFLICT (name) DO UPDATE SET "
            + columns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
    }

    public func claim(_ entry: RegistryEntry) throws -> EnvironmentStatus? {
        try run(insert + " WHERE environments.status IN ('erased', 'failed')", RegistryColumns.values(entry))
        guard try changes() == 0 else { return nil }
        return try self.entry(named: entry.name)?.status ?? .provisioning
    }

    public func put(_ entry: RegistryEntry) throws {
        try run(insert, RegistryColumns.values(entry))
    }

    public func finish(_ name: String, status: EnvironmentStatus, evidenceSeq: Int?) throws {
        try run(
            "UPDATE environments SET status = ?2, evidence_seq = COALESCE(?3, evidence_seq) WHERE name = ?1 AND status = 'provisioning'",
            [name, status.rawValue, evidenceSeq.map(String.init)])
    }

    public func markErased(_ name: String, at date: Date, evidenceSeq: Int?) throws {
        try run(
            "UPDATE environments SET status = 'erased', erased_at = ?2, evidence_seq = COALESCE(?3, evidence_seq) WHERE name = ?1",
            [name, RegistryDates.format(date), evidenceSeq.map(String.init)])
    }

    public func entry(named name: String) throws -> RegistryEntry? {
        try rows("SELECT \(RegistryColumns.names.joined(separator: ", ")) FROM environments WHERE name = ?1", [name])
            .first
    }

    public func entries() throws -> [RegistryEntry] {
        try rows("SELECT \(RegistryColumns.names.joined(separator: ", ")) FROM environments ORDER BY name", [])
    }

    private func prepared(_ sql: String, _ parameters: [String?]) throws -> SQLiteStatement {
        let statement = try database.prepare(sql)
        for (i, value) in parameters.enumerated() {
            if let value { try statement.bind(Int32(i + 1), text: value) } else { try statement.bindNull(Int32(i + 1)) }
        }
        return statement
    }

    private func run(_ sql: String, _ parameters: [String?]) throws {
        let statement = try prepared(sql, parameters)
        while try statement.step() {}
    }

    private func changes() throws -> Int64 {
        let statement = try database.prepare("SELECT changes()")
        _ = try statement.step()
        return statement.int64(0)
    }

    private func rows(_ sql: String, _ parameters: [String?]) throws -> [RegistryEntry] {
        let statement = try prepared(sql, parameters)
        var entries: [RegistryEntry] = []
        while try statement.step() {
            let row = (0..<Int32(RegistryColumns.names.count)).map { statement.text($0) }
            entries.append(try RegistryColumns.entry(row, registry: location))
        }
        return entries
    }
}
