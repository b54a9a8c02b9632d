import CSQLite
import CleanroomCore

/// Reads tables, columns, primary keys and foreign keys of a SQLite database (schema `main`).
struct SQLiteIntrospection {
    let database: SQLiteDatabase

    /// Every ordinary table in creation order; SQLite's internal `sqlite_%` tables and views are left out.
    func schema() throws -> DatabaseSchema {
        let names = try database.strings(
            """
            SELECT name FROM sqlite_master
            WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid
            """)
        let tables = try names.map(table(named:))
        // SQLite matches names case-insensitively, and a foreign key may spell its parent differently.
        var byName: [String: Table] = [:]
        for table in tables { byName[table.name.name.lowercased()] = table }
        let foreignKeys = try tables.flatMap { try self.foreignKeys(of: $0, tables: byName) }
        return DatabaseSchema(tables: tables, foreignKeys: foreignKeys)
    }

    /// Columns from `PRAGMA table_xinfo`: hidden (1) and generated (2 virtual, 3 stored) columns are
    /// flagged `isGenerated`; the primary key in its declared order.
    private func table(named name: String) throws -> Table {
        let info = try database.prepare("SELECT name, type, \"notnull\", pk, hidden FROM pragma_table_xinfo(?)")
        try info.bind(1, text: name)
        var columns: [Column] = []
        var keyParts: [(position: Int64, name: String)] = []
        while try info.step() {
            let columnName = info.text(0) ?? ""
            let type = info.text(1) ?? ""
            columns.append(
                Column(
                    name: columnName, typeName: type, kind: SQLiteColumnKind.kind(declaredType: type),
                    isNullable: info.int64(2) == 0, isGenerated: info.int64(4) != 0))
            if info.int64(3) > 0 { keyParts.append((info.int64(3), columnName)) }
        }
        let primaryKey = keyParts.sorted { $0.position < $1.position }.map(\.name)
        return Table(name: QualifiedName(schema: "main", name: name), columns: columns, primaryKey: primaryKey)
    }

    /// Foreign keys from `PRAGMA foreign_key_list`, composite ones grouped by their id. A key that
    /// omits the parent columns references the parent's primary key. SQLite keys have no names, so
    /// each is named `TABLE_fkN` after its id.
    private func foreignKeys(of table: Table, tables: [String: Table]) throws -> [ForeignKey] {
        let list = try database.prepare(
            "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?) ORDER BY id, seq")
        try list.bind(1, text: table.name.name)
        var keys: [ForeignKey] = []
        var currentID: Int64 = -1
        while try list.step() {
            let id = list.int64(0)
            let parentName = list.text(1) ?? ""
            let parent = tables[parentName.lowercased()]
            if id != currentID {
                currentID = id
                keys.append(
                    ForeignKey(
                        name: "\(table.name.name)_fk\(id)", table: table.name, columns: [],
                        referencedTable: parent?.name ?? QualifiedName(schema: "main", name: parentName),
                        referencedColumns: []))
            }
            keys[keys.count - 1].columns.append(list.text(2) ?? "")
            if let to = list.text(3) { keys[keys.count - 1].referencedColumns.append(to) }
        }
        for i in keys.indices where keys[i].referencedColumns.isEmpty {
            keys[i].referencedColumns = tables[keys[i].referencedTable.name.lowercased()]?.primaryKey ?? []
        }
        return keys
    }
}
