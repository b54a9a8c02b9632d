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
}
