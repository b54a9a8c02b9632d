import CleanroomConnectors
import CleanroomEvidence
import Foundation

/// The registry of a PostgreSQL host: table `cleanroom_registry.environments` in the database
/// `cleanroom_registry` on the target server, created on first use with CONNECT revoked from PUBLIC
/// (environment roles have no business reading it).
///
/// The name is the primary key, so two jobs claiming the same name get one row and one refusal.
/// The registry's connection also carries the session-level advisory lock that serialises golden
/// builds of a template across processes (`withGoldenLock`).
public final class PostgresRegistry: EnvironmentRegistry {
    /// The server's administrative address.
    public let admin: PostgresAddress
    let connection: PostgresConnection
    static let table = "cleanroom_registry.environments"

    /// Connects to the registry database, creating it, its schema and its table when missing.
    public init(admin: PostgresAddress) throws {
        self.admin = admin
        let database = EnvironmentHost.registryDatabase
        try PostgresRegistry.createDatabaseIfMissing(database, admin: admin)
        connection = try PostgresConnection(address: admin.with(database: database))
        // One transaction under an advisory lock, so concurrent first uses do not race on IF NOT EXISTS.
        try connection.exec(
            """
            BEGIN;
            SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('cleanroom registry schema'));
            CREATE SCHEMA IF NOT EXISTS cleanroom_registry;
            CREATE TABLE IF NOT EXISTS \(PostgresRegistry.table) (
                name text PRIMARY KEY,
                template text NOT NULL,
                kind text NOT NULL CHECK (kind IN ('environment', 'golden')),
                endpoint text NOT NULL,
                role text,
                classification text NOT NULL,
                label text NOT NULL,
                status text NOT NULL CHECK (status IN ('provisioning', 'ready', 'failed', 'erased')),
                created_at timestamptz NOT NULL,
                expires_at timestamptz,
                erased_at timestamptz,
                evidence_seq bigint
            );
            CREATE TABLE IF NOT EXISTS \(PostgresRegistry.ledgerTable) (
                digest text PRIMARY KEY,
                seq bigint NOT NULL,
                prev text NOT NULL,
                recorded_at timestamptz NOT NULL,
                envelope jsonb NOT NULL
            );
            COMMIT;
            """, context: "creating the registry table in \(location)")
    }

    public var location: String { "postgres://\(admin.server)/\(EnvironmentHost.registryDatabase)" }

    /// The mirrored ledger: every signed entry written while working with this server's environments.
    static let ledgerTable = "cleanroom_registry.ledger"

    /// Inserts each entry (idempotently, by its digest) on a connection of its own; a failure is
    /// reported on standard error and leaves the ledger file, the record of truth, as it is.
    public var ledgerMirror: (@Sendable (LedgerEntry) -> Void)? {
        let address = admin.with(database: EnvironmentHost.registryDatabase)
        let location = self.location
        return { entry in
            do {
                let envelope = String(decoding: try EvidenceJSON.encode(entry.envelope), as: UTF8.self)
                _ = try PostgresConnection(address: address).query(
                    "INSERT INTO \(PostgresRegistry.ledgerTable) (digest, seq, prev, recorded_at, envelope) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (digest) DO NOTHING",
                    [entry.digest, String(entry.seq), entry.prev, RegistryDates.format(entry.recordedAt), envelope],
                    context: "mirroring ledger entry \(entry.seq)")
            } catch {
                FileHandle.standardError.write(
                    Data("cleanroom: warning: ledger entry \(entry.seq) not mirrored to \(location): \(error)\n".utf8))
            }
        }
    }

    private static func createDatabaseIfMissing(_ database: String, admin: PostgresAddress) throws {
        let maintenance = try PostgresConnection(address: admin)
        let exists = {
            try !maintenance.query(
                "SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1", [database],
                context: "looking for the registry database"
            ).isEmpty
        }
        guard try !exists() else { return }
        do {
            try maintenance.exec(
                "CREATE DATABASE \(PostgresSQL.quoteIdentifier(database))",
                context: "creating the registry database \(database)")
        } catch {
            // Another process may have created it between the look-up and here.
            guard try exists() else { throw error }
            return
        }
        try maintenance.exec(
            "REVOKE ALL ON DATABASE \(PostgresSQL.quoteIdentifier(database)) FROM PUBLIC",
            context: "revoking access to the registry database from PUBLIC")
    }

    private var selectList: String {
        RegistryColumns.names.map { column in
            column.hasSuffix("_at")
                ? "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')" : "\(column)::text"
        }.joined(separator: ", ")
    }

    private var placeholders: String {
        RegistryColumns.names.indices.map { i in
            RegistryColumns.names[i].hasSuffix("_at")
                ? "$\(i + 1)::timestamptz"
                : (RegistryColumns.names[i] == "evidence_seq" ? "$\(i + 1)::bigint" : "$\(i + 1)")
        }.joined(separator: ", ")
    }

    private var assignments: String {
        RegistryColumns.names.dropFirst().map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
    }

    public func claim(_ entry: RegistryEntry) throws -> EnvironmentStatus? {
        let claimed = try connection.query(
            """
            INSERT INTO \(Self.table) (\(RegistryColumns.names.joined(separator: ", "))) VALUES (\(placeholders))
            ON CONFLICT (name) DO UPDATE SET \(assignments)
            WHERE environments.status IN ('erased', 'failed')
            RETURNING name
            """, RegistryColumns.values(entry), context: "claiming the name \(entry.name) in \(location)")
        guard claimed.isEmpty else { return nil }
        return try self.entry(named: entry.name)?.status ?? .provisioning
    }

    public func put(_ entry: RegistryEntry) throws {
        _ = try connection.query(
            """
            INSERT INTO \(Self.table) (\(RegistryColumns.names.joined(separator: ", "))) VALUES (\(placeholders))
            ON CONFLICT (name) DO UPDATE SET \(assignments)
            """, RegistryColumns.values(entry), context: "recording \(entry.name) in \(location)")
    }

    public func finish(_ name: String, status: EnvironmentStatus, evidenceSeq: Int?) throws {
        _ = try connection.query(
            """
            UPDATE \(Self.table) SET status = $2, evidence_seq = COALESCE($3::bigint, evidence_seq)
            WHERE name = $1 AND status = 'provisioning'
            """, [name, status.rawValue, evidenceSeq.map(String.init)],
            context: "marking \(name) \(status.rawValue) in \(location)")
    }

    public func markErased(_ name: String, at date: Date, evidenceSeq: Int?) throws {
        _ = try connection.query(
            """
            UPDATE \(Self.table) SET status = 'erased', erased_at = $2::timestamptz, evidence_seq = COALESCE($3::bigint, evidence_seq)
            WHERE name = $1
            """, [name, RegistryDates.format(date), evidenceSeq.map(String.init)],
            context: "marking \(name) erased in \(location)")
    }

    public func entry(named name: String) throws -> RegistryEntry? {
        try connection.query(
            "SELECT \(selectList) FROM \(Self.table) WHERE name = $1", [name],
            context: "reading \(name) from \(location)"
        )
        .first.map { try RegistryColumns.entry($0, registry: location) }
    }

    public func entries() throws -> [RegistryEntry] {
        try connection.query("SELECT \(selectList) FROM \(Self.table) ORDER BY name", context: "listing \(location)")
            .map { try RegistryColumns.entry($0, registry: location) }
    }

    /// Runs `body` holding the cluster-wide lock on `template`'s golden database, so that one
    /// process builds or refreshes it while the others wait and then clone the result. The lock is
    /// the session's: it goes with the process if that dies.
    func withGoldenLock<T>(_ template: String, _ body: () throws -> T) throws -> T {
        let key = "cleanroom golden \(template)"
        _ = try connection.query(
            "SELECT pg_catalog.pg_advisory_lock(pg_catalog.hashtext($1))", [key],
            context: "locking the golden database of \(template)")
        defer {
            _ = try? connection.query(
                "SELECT pg_catalog.pg_advisory_unlock(pg_catalog.hashtext($1))", [key], context: "unlocking")
        }
        return try body()
    }
}
