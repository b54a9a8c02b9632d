import Foundation

/// Opens the connector for an endpoint: the one place that maps URL kinds to connector types.
public enum ConnectorFactory {
    /// A source for reading.
    public static func source(_ endpoint: Endpoint) throws -> any SourceConnection {
        switch endpoint {
        case .postgres(let address): return try PostgresSource(address: address)
        case .sqlite(let path): return try SQLiteSource(path: path)
        case .csv(let directory): return try CSVSource(directory: directory)
        case .jsonl(let directory): return try JSONLSource(directory: directory)
        }
    }

    /// The traits of the sources of a kind (`Endpoint.kind`, as an `EndpointIdentity` records it):
    /// for an identity known without a connection, such as a golden copy's attested source.
    public static func sourceTraits(ofKind kind: String) -> SourceTraits? {
        switch kind {
        case "postgres": return PostgresSource.traits
        case "sqlite": return SQLiteSource.traits
        case "csv": return CSVSource.traits
        case "jsonl": return JSONLSource.traits
        default: return nil
        }
    }

    /// A new target that does not exist yet.
    public static func target(_ endpoint: Endpoint) throws -> any TargetConnection {
        switch endpoint {
        case .postgres(let address): return try PostgresTarget(address: address)
        case .sqlite(let path): return try SQLiteTarget(path: path)
        case .csv(let directory): return try CSVTarget(directory: directory)
        case .jsonl(let directory): return try JSONLTarget(directory: directory)
        }
    }

    /// The stages that killed runs left where `endpoint` would be created (staging databases meant
    /// to become it, or its `.NAME.partial-*` files or folders), for the next run to remove.
    public static func staleStages(of endpoint: Endpoint) throws -> [StaleStage] {
        switch endpoint {
        case .postgres(let address): return try PostgresTarget.staleStages(of: address)
        case .sqlite(let path), .csv(let path), .jsonl(let path):
            let url = URL(fileURLWithPath: path)
            return FileStage.stale(in: url.deletingLastPathComponent().path, named: url.lastPathComponent)
        }
    }

    /// Every partial file or folder in `directory` left by a killed run (for `gc`).
    public static func staleStages(inDirectory directory: String) -> [StaleStage] {
        FileStage.stale(in: directory, named: nil)
    }
}
