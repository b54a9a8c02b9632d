import CleanroomConnectors
import Foundation

/// Where a template's environments live: a PostgreSQL server (reached with an administrative URL)
/// or a directory of SQLite files. Each host keeps its own registry.
public enum EnvironmentHost: Sendable, Hashable, CustomStringConvertible {
    /// A PostgreSQL server; the address's user creates databases and roles, and its database is the
    /// one administrative statements run in (usually `postgres`).
    case postgres(PostgresAddress)
    /// A directory holding SQLite environment files and `registry.sqlite`.
    case sqlite(directory: String)

    /// The host a template's `target:` names (after variable substitution).
    /// - Throws: `ProvisioningError.templateSyntax` at the setting's line for anything else.
    public init(_ setting: TemplateSetting, variables: [String: String]) throws {
        let text = try setting.resolve(variables)
        switch try? Endpoint(parsing: text) {
        case .postgres(let address): self = .postgres(address)
        case .sqlite(let directory):
            // Absolute, so that the registry's endpoints work from any working directory.
            self = .sqlite(directory: URL(fileURLWithPath: directory).standardizedFileURL.path)
        default:
            throw ProvisioningError.templateSyntax(
                setting.location,
                "target '\(PostgresAddress.redact(text))' is neither a PostgreSQL server (postgres://user@host:port/postgres or host=… user=… dbname=postgres) nor sqlite:DIR"
            )
        }
    }

    /// The hosts of `templates`, each with the names of its templates. Templates whose target cannot be
    /// resolved (an unset variable) are returned apart with the reason, so listing commands can go on.
    public static func hosts(
        of templates: [EnvironmentTemplate], variables: [String: String]
    )
        -> (hosts: [(host: EnvironmentHost, templates: [String])], unresolved: [(template: String, error: any Error)])
    {
        var hosts: [(host: EnvironmentHost, templates: [String])] = []
        var unresolved: [(template: String, error: any Error)] = []
        for template in templates {
            do {
                let host = try EnvironmentHost(template.target, variables: variables)
                if let i = hosts.firstIndex(where: { $0.host == host }) {
                    hosts[i].templates.append(template.name)
                } else {
                    hosts.append((host, [template.name]))
                }
            } catch {
                unresolved.append((template.name, error))
            }
        }
        return (hosts, unresolved)
    }

    /// The name of the PostgreSQL registry database, and of its schema.
    public static let registryDatabase = "cleanroom_registry"
    /// The registry file of a SQLite host.
    public static let registryFile = "registry.sqlite"

    /// Opens (creating when missing) this host's registry.
    public func openRegistry() throws -> any EnvironmentRegistry {
        switch self {
        case .postgres(let admin): return try PostgresRegistry(admin: admin)
        case .sqlite(let directory): return try SQLiteRegistry(directory: directory)
        }
    }

    /// The stages killed runs left on this host: on a server, the staging databases of the
    /// environments in `entries` (a shared server's other databases are not this host's to collect);
    /// in a folder, every partial file, for the folder holds environments only.
    public func staleStages(of entries: [RegistryEntry]) throws -> [StaleStage] {
        switch self {
        case .postgres(let admin):
            return try entries.flatMap { entry -> [StaleStage] in
                guard case .postgres(let address) = try Endpoint(parsing: entry.endpoint) else { return [] }
                return try PostgresTarget.staleStages(of: admin.with(database: address.database))
            }
        case .sqlite(let directory): return ConnectorFactory.staleStages(inDirectory: directory)
        }
    }

    /// Whether `stage` was meant to become `entry`'s database or file.
    public func stage(_ stage: StaleStage, isFor entry: RegistryEntry) -> Bool {
        switch (self, try? Endpoint(parsing: entry.endpoint)) {
        case (.postgres, .postgres(let environment)?):
            guard case .postgres(let target)? = try? Endpoint(parsing: stage.target) else { return false }
            return target.database == environment.database
        case (.sqlite, .sqlite(let path)?):
            return stage.target == path
        default:
            return false
        }
    }

    public var description: String {
        switch self {
        case .postgres(let admin): return "postgres://\(admin.server)"
        case .sqlite(let directory): return "sqlite:\(directory)"
        }
    }
}
