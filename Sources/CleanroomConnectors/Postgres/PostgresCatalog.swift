import CleanroomCore

/// Reads what a database holds from `pg_catalog`: tables, columns, keys and sequence states.
///
/// Expects a session with `search_path = ''`, so `format_type` qualifies every non-built-in type
/// (`public.mpaa_rating`) whatever the role's own search path.
enum PostgresCatalog {
    /// Ordinary and partitioned tables of every non-system schema, their columns in `attnum` order,
    /// primary keys and foreign keys.
    ///
    /// Partitions are folded into their root: only the root is listed, and a foreign key declared
    /// on partitions (or referencing one) is reported once, on the roots. Views, materialized views,
    /// foreign tables and tables that belong to an extension (recreated by `CREATE EXTENSION`) are
    /// not tables to copy. Identity columns are ordinary columns here: their values are copied.
    static func schema(on connection: PostgresConnection) throws -> DatabaseSchema {
        let context = "reading the tables of \(connection.address)"
        var names: [String: QualifiedName] = [:]
        for row in try connection.query(tablesSQL, context: context) {
            names[row.text(0)] = QualifiedName(schema: row.text(1), name: row.text(2))
        }
        let oids = "{" + names.keys.joined(separator: ",") + "}"

        var columns: [String: [Column]] = [:]
        for row in try connection.query(columnsSQL, [oids], context: context) {
            let kind = ValueKind.postgres(typeName: row.text(5), typeType: row.text(6), category: row.text(7))
            columns[row.text(0), default: []].append(
                Column(
                    name: row.text(1), typeName: row.text(2), kind: kind,
                    isNullable: row.text(3) != "t", isGenerated: row.text(4) == "t"))
        }
        var primaryKeys: [String: [String]] = [:]
        for row in try connection.query(primaryKeysSQL, [oids], context: context) {
            primaryKeys[row.text(0), default: []].append(row.text(1))
        }
        let tables = names.map { oid, name in
            Table(name: name, columns: columns[oid] ?? [], primaryKey: primaryKeys[oid] ?? [])
        }
        return DatabaseSchema(
            tables: tables.sorted { $0.name < $1.name },
            foreignKeys: try foreignKeys(on: connection, tables: names, context: context))
    }

    /// Foreign keys between the listed tables, mapped to partition roots and deduplicated (the same
    /// key on seven partitions is one key of the partitioned table). Ordered by table, then name.
    private static func foreignKeys(
        on connection: PostgresConnection, tables: [String: QualifiedName], context: String
    ) throws -> [ForeignKey] {
        var keys: [ForeignKey] = []
        var current: (oid: String, key: ForeignKey?)?
        func flush() {
            if let key = current?.key, !keys.contains(where: { $0.sameReference(as: key) }) { keys.append(key) }
        }
        for row in try connection.query(foreignKeysSQL, context: context) {
            let oid = row.text(0)
            if current?.oid != oid {
                flush()
                let key = tables[row.text(2)].flatMap { table in
                    tables[row.text(3)].map {
                        ForeignKey(
                            name: row.text(1), table: table, columns: [], referencedTable: $0, referencedColumns: [])
                    }
                }
                current = (oid, key)
            }
            current?.key?.columns.append(row.text(4))
            current?.key?.referencedColumns.append(row.text(5))
        }
        flush()
        return keys.sorted { ($0.table, $0.name) < ($1.table, $1.name) }
    }

    /// Every sequence of the non-system schemas with its current state, read from the sequence
    /// itself (`pg_sequences` hides the value from roles without privileges; this fails loudly then).
    static func sequences(on connection: PostgresConnection) throws -> [SequenceValue] {
        let context = "reading the sequences of \(connection.address)"
        return try connection.query(sequencesSQL, context: context).map { row in
            let name = QualifiedName(schema: row.text(0), name: row.text(1))
            let state = try connection.query(
                "SELECT last_value::text, is_called FROM \(PostgresSQL.quote(name))",
                context: "reading sequence \(name)")
            guard let value = state.first, let lastValue = Int64(value.text(0)) else {
                throw connection.failure(context: "reading sequence \(name)", message: "no value")
            }
            return SequenceValue(name: name, lastValue: lastValue, isCalled: value.text(1) == "t")
        }
    }

    /// Schemas that hold user data: not `pg_catalog`, `pg_toast`, temporary schemas or `information_schema`.
    private static func isUserSchema(_ column: String) -> String {
        "\(column) !~ '^pg_' AND \(column) <> 'information_schema'"
    }

    private static let tablesSQL = """
        SELECT c.oid::text, n.nspname, c.relname
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND \(isUserSchema("n.nspname"))
          AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                          WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype = 'e')
        """

    /// Columns with their base type: domains resolved (through domains over domains) to the type
    /// they are over, so a domain over integer is an integer.
    private static let columnsSQL = """
        WITH RECURSIVE base_type(oid, base) AS (
            SELECT t.oid, t.oid FROM pg_catalog.pg_type t WHERE t.typtype <> 'd'
          UNION ALL
            SELECT d.oid, b.base FROM pg_catalog.pg_type d JOIN base_type b ON d.typbasetype = b.oid WHERE d.typtype = 'd'
        )
        SELECT a.attrelid::text, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
               a.attgenerated <> '', bt.typname, bt.typtype, bt.typcategory
        FROM pg_catalog.pg_attribute a
        JOIN base_type b ON b.oid = a.atttypid
        JOIN pg_catalog.pg_type bt ON bt.oid = b.base
        WHERE a.attrelid = ANY ($1::pg_catalog.oid[]) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum
        """

    private static let primaryKeysSQL = """
        SELECT con.conrelid::text, a.attname
        FROM pg_catalog.pg_constraint con
        CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, position)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
        WHERE con.contype = 'p' AND con.conrelid = ANY ($1::pg_catalog.oid[])
        ORDER BY con.conrelid, k.position
        """

    /// One row per column pair of each foreign key, with both tables mapped to their partition root.
    private static let foreignKeysSQL = """
        SELECT con.oid::text, con.conname,
               COALESCE(pg_catalog.pg_partition_root(con.conrelid)::pg_catalog.oid, con.conrelid)::text,
               COALESCE(pg_catalog.pg_partition_root(con.confrelid)::pg_catalog.oid, con.confrelid)::text,
               a.attname, fa.attname
        FROM pg_catalog.pg_constraint con
        CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, fattnum, position)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
        JOIN pg_catalog.pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.fattnum
        WHERE con.contype = 'f'
        ORDER BY con.conname COLLATE "C", con.oid, k.position
        """

    private static let sequencesSQL = """
        SELECT schemaname, sequencename FROM pg_catalog.pg_sequences
        WHERE \(isUserSchema("schemaname"))
        ORDER BY schemaname, sequencename
        """
}

private extension ForeignKey {
    /// Whether both keys tie the same columns to the same referenced columns (names aside).
    func sameReference(as other: ForeignKey) -> Bool {
        table == other.table && columns == other.columns
            && referencedTable == other.referencedTable && referencedColumns == other.referencedColumns
    }
}

private extension Array where Element == String? {
    /// Field `index` of a catalog row; catalog columns read here are never NULL.
    func text(_ index: Int) -> String { self[index] ?? "" }
}
