import CleanroomEvidence
import Foundation

/// One environment as its registry records it. Holds no password: `endpoint` is the URL without one.
public struct RegistryEntry: Sendable, Codable, Equatable {
    /// The environment's name (the primary key).
    public var name: String
    /// The template it was made from.
    public var template: String
    public var kind: EnvironmentKind
    /// The environment's URL without a password (the owner role's for PostgreSQL environments).
    public var endpoint: String
    /// The owner role (PostgreSQL environments only).
    public var role: String?
    /// `development` or `test`.
    public var classification: String
    /// The label the environment carries (its database comment).
    public var label: String
    public var status: EnvironmentStatus
    /// When the provision started.
    public var createdAt: Date
    /// When `gc` may erase it; nil for golden databases, which are refreshed, not expired.
    public var expiresAt: Date?
    /// When it was torn down.
    public var erasedAt: Date?
    /// The ledger entry of the latest provision, failure or erasure record about it.
    public var evidenceSeq: Int?

    public init(
        name: String, template: String, kind: EnvironmentKind, endpoint: String, role: String?, classification: String,
        label: String, status: EnvironmentStatus, createdAt: Date, expiresAt: Date?, erasedAt: Date? = nil,
        evidenceSeq: Int? = nil
    ) {
        self.name = name
        self.template = template
        self.kind = kind
        self.endpoint = endpoint
        self.role = role
        self.classification = classification
        self.label = label
        self.status = status
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.erasedAt = erasedAt
        self.evidenceSeq = evidenceSeq
    }

    /// Whether `gc` erases it at `now`: an expired environment that is not erased yet.
    public func isExpired(at now: Date) -> Bool {
        guard kind == .environment, status != .erased, let expiresAt else { return false }
        return expiresAt <= now
    }
}

/// What a registry row describes.
public enum EnvironmentKind: String, Sendable, Codable, CaseIterable {
    /// An environment handed to people or jobs.
    case environment
    /// A template's masked golden database, cloned and never handed out.
    case golden
}

/// Where an environment is in its life.
public enum EnvironmentStatus: String, Sendable, Codable, CaseIterable {
    /// Claimed and being created; not usable.
    case provisioning
    /// Complete, locked down and attested.
    case ready
    /// The provision failed and removed what it had created.
    case failed
    /// Torn down; the erasure is in the ledger.
    case erased
}

/// An environment registry (DESIGN §6): a table on the target server, or a SQLite file beside SQLite
/// environments. Every change is one statement, so concurrent provisions stay consistent.
public protocol EnvironmentRegistry: AnyObject {
    /// Where the registry is, for messages (no password).
    var location: String { get }
    /// Inserts `entry` unless its name is held by an environment that is neither erased nor failed.
    /// - Returns: nil when the name is now claimed; otherwise the holder's status (nothing changed).
    func claim(_ entry: RegistryEntry) throws -> EnvironmentStatus?
    /// Writes `entry`, replacing any row of the same name (golden databases, built under a lock).
    func put(_ entry: RegistryEntry) throws
    /// Moves a row that is still `provisioning` to `status`.
    func finish(_ name: String, status: EnvironmentStatus, evidenceSeq: Int?) throws
    /// Marks a row erased.
    func markErased(_ name: String, at date: Date, evidenceSeq: Int?) throws
    /// The row of `name`, if any.
    func entry(named name: String) throws -> RegistryEntry?
    /// Every row, by name.
    func entries() throws -> [RegistryEntry]
    /// Copies ledger entries into the registry (A 8.33 audit trail next to the environments), or nil
    /// where the registry keeps none.
    var ledgerMirror: (@Sendable (LedgerEntry) -> Void)? { get }
}

/// The registry columns, in the order both registries select them.
enum RegistryColumns {
    static let names = [
        "name", "template", "kind", "endpoint", "role", "classification", "label", "status",
        "created_at", "expires_at", "erased_at", "evidence_seq",
    ]

    /// Decodes a row of text values (selected in `names` order; dates as ISO 8601).
    static func entry(_ row: [String?], registry: String) throws -> RegistryEntry {
        func text(_ i: Int) throws -> String {
            guard i < row.count, let value = row[i] else { throw corrupt("\(names[i]) is missing") }
            return value
        }
        func date(_ i: Int) throws -> Date? {
            guard i < row.count, let value = row[i] else { return nil }
            guard let parsed = RegistryDates.parse(value) else { throw corrupt("\(names[i]) '\(value)' is not a date") }
            return parsed
        }
        func corrupt(_ what: String) -> ProvisioningError {
            .conflictingObject(
                environment: row.first.flatMap { $0 } ?? "?", message: "registry \(registry) row is damaged: \(what)")
        }
        guard let kind = EnvironmentKind(rawValue: try text(2)) else { throw corrupt("unknown kind") }
        guard let status = EnvironmentStatus(rawValue: try text(7)) else { throw corrupt("unknown status") }
        guard let created = try date(8) else { throw corrupt("created_at is missing") }
        return RegistryEntry(
            name: try text(0), template: try text(1), kind: kind, endpoint: try text(3), role: row[4],
            classification: try text(5), label: try text(6), status: status, createdAt: created,
            expiresAt: try date(9), erasedAt: try date(10), evidenceSeq: row[11].flatMap { Int($0) })
    }

    /// The values to insert for `entry`, in `names` order.
    static func values(_ entry: RegistryEntry) -> [String?] {
        [
            entry.name, entry.template, entry.kind.rawValue, entry.endpoint, entry.role, entry.classification,
            entry.label,
            entry.status.rawValue, RegistryDates.format(entry.createdAt), entry.expiresAt.map(RegistryDates.format),
            entry.erasedAt.map(RegistryDates.format), entry.evidenceSeq.map(String.init),
        ]
    }
}

/// Registry dates: RFC 3339 UTC with whole seconds, readable in `sqlite3` and accepted by PostgreSQL.
enum RegistryDates {
    static func format(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    static func parse(_ text: String) -> Date? {
        ISO8601DateFormatter().date(from: text)
    }
}
