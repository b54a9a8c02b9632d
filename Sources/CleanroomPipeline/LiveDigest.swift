import CleanroomConnectors
import CleanroomCore
import CleanroomEvidence

/// Digests tables as they are in a target, the same way a run attests them, so `evidence verify
/// --check-target` can compare the live environment with its signed subjects.
public enum LiveDigest {
    /// The columns a digest covers: every stored (non-generated) column, in the table's order.
    static func columns(of table: Table) -> [Column] {
        table.columns.filter { !$0.isGenerated }
    }

    /// Finds `name` in a schema (a name without a schema in `defaultSchema`), matching the bare table
    /// name when the kinds differ (PostgreSQL `public.x` is SQLite `main.x`).
    static func table(_ name: String, in schema: DatabaseSchema, defaultSchema: String) -> Table? {
        let qualified = QualifiedName(parsing: name, defaultSchema: defaultSchema)
        return schema.table(qualified) ?? schema.tables.first { $0.name.name == qualified.name }
    }

    /// Streams a table through `body`, returning its canonical digest.
    static func read(
        _ table: Table, from source: any SourceConnection,
        _ body: (RowBatch) throws -> Void = { _ in }
    ) throws -> TableDigest {
        var digest = TableDigest()
        let reader = try source.openReader(table: table, columns: columns(of: table), filter: nil, limit: nil)
        defer { reader.close() }
        while let batch = try reader.next() {
            digest.add(batch)
            try body(batch)
            (consume batch).recycle()
        }
        return digest
    }

    /// The live digest of each named table at `endpoint`; nil for a table that is missing.
    public static func digests(of endpoint: Endpoint, tables: [String]) throws -> [String: String?] {
        let source = try ConnectorFactory.source(endpoint)
        let schema = try source.introspect()
        var result: [String: String?] = [:]
        for name in tables {
            guard let table = table(name, in: schema, defaultSchema: source.traits.defaultSchema) else {
                result[name] = .some(nil)
                continue
            }
            result[name] = try read(table, from: source).hex
        }
        return result
    }
}
