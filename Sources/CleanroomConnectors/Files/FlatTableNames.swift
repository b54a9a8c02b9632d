import CleanroomCore

/// The names tables get in a target without schemas (a SQLite file, a directory of files): the bare
/// table name (`public.customer` → `customer`), or `schema_name` for every table whose bare name
/// another schema also uses. Names are compared case-insensitively, as SQLite does.
struct FlatTableNames: Sendable {
    private var names: [QualifiedName: String] = [:]

    init(_ tables: [QualifiedName] = []) {
        var schemasByName: [String: Set<String>] = [:]
        for table in tables { schemasByName[table.name.lowercased(), default: []].insert(table.schema) }
        for table in tables {
            let collides = (schemasByName[table.name.lowercased()]?.count ?? 0) > 1
            names[table] = collides ? "\(table.schema)_\(table.name)" : table.name
        }
    }

    /// The flat name of `table`, or nil when it was not among the tables given.
    func name(for table: QualifiedName) -> String? {
        names[table]
    }

    /// The flat name of `table`; an error naming `target` when the table was not prepared there.
    func require(_ table: QualifiedName, in target: String) throws -> String {
        guard let name = names[table] else {
            throw ConnectorError.unsupported("table \(table) was not part of the schema prepared in \(target)")
        }
        return name
    }
}
