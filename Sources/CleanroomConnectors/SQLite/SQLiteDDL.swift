import CleanroomCore

/// `CREATE TABLE` statements derived from the schema model, for sources without SQLite DDL
/// (PostgreSQL, CSV, JSONL).
enum SQLiteDDL {
    /// One statement a table: columns typed by `SQLiteColumnKind.declaredType(for:)` with `NOT NULL`
    /// where the source has it, the primary key, and the foreign keys whose parent table is copied too
    /// (a key to a table left out of the copy could never be satisfied). Generated columns become
    /// ordinary columns: their expressions are the source dialect's, their values are copied.
    static func createTables(_ schema: DatabaseSchema, names: FlatTableNames) -> [String] {
        schema.tables.compactMap { table in
            guard let name = names.name(for: table.name) else { return nil }
            var parts = table.columns.map { column in
                "\(SQLiteDatabase.quote(column.name)) \(SQLiteColumnKind.declaredType(for: column.kind))"
                    + (column.isNullable ? "" : " NOT NULL")
            }
            if !table.primaryKey.isEmpty {
                parts.append("PRIMARY KEY (\(list(table.primaryKey)))")
            }
            for key in schema.foreignKeys where key.table == table.name {
                guard let parent = names.name(for: key.referencedTable),
                    !key.columns.isEmpty, key.columns.count == key.referencedColumns.count
                else { continue }
                parts.append(
                    "FOREIGN KEY (\(list(key.columns))) REFERENCES \(SQLiteDatabase.quote(parent)) (\(list(key.referencedColumns)))"
                )
            }
            return "CREATE TABLE \(SQLiteDatabase.quote(name)) (\n  " + parts.joined(separator: ",\n  ") + "\n)"
        }
    }

    private static func list(_ names: [String]) -> String {
        names.map(SQLiteDatabase.quote).joined(separator: ", ")
    }
}
