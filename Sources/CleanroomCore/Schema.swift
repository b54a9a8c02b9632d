/// A schema-qualified object name such as `public.customer`.
///
/// SQLite, CSV and JSONL tables use the schema `main`.
public struct QualifiedName: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var schema: String
    public var name: String

    public init(schema: String, name: String) {
        self.schema = schema
        self.name = name
    }

    /// Parses `schema.name`; a name without a dot gets `defaultSchema`.
    public init(parsing text: String, defaultSchema: String) {
        if let dot = text.firstIndex(of: ".") {
            schema = String(text[..<dot])
            name = String(text[text.index(after: dot)...])
        } else {
            schema = defaultSchema
            name = text
        }
    }

    public var description: String { schema.isEmpty ? name : "\(schema).\(name)" }

    public static func < (a: QualifiedName, b: QualifiedName) -> Bool {
        (a.schema, a.name) < (b.schema, b.name)
    }
}

/// The broad kind of value a column holds; transforms declare which kinds they can produce.
public enum ValueKind: String, Sendable, Hashable, CaseIterable {
    case text, integer, numeric, boolean, date, timestamp, timestamptz, time, interval
    case bytea, json, uuid, inet, array, other
}

/// A column as introspected from a source.
public struct Column: Sendable, Hashable {
    /// The column's name exactly as the database spells it.
    public var name: String
    /// The database's own type name, e.g. `character varying(45)` or `TEXT`.
    public var typeName: String
    /// The broad kind derived from `typeName`.
    public var kind: ValueKind
    public var isNullable: Bool
    /// Generated columns are computed by the target and never written.
    public var isGenerated: Bool
    /// An SQL expression a source reads in the column's place, in the source's dialect; nil reads the
    /// column. A subset sets it on a `break:` key, written NULL where it points at a row left out.
    public var readExpression: String?

    public init(
        name: String, typeName: String, kind: ValueKind, isNullable: Bool = true, isGenerated: Bool = false,
        readExpression: String? = nil
    ) {
        self.name = name
        self.typeName = typeName
        self.kind = kind
        self.isNullable = isNullable
        self.isGenerated = isGenerated
        self.readExpression = readExpression
    }

    /// The most characters a value may have, from a declared length: `character varying(15)`,
    /// `varchar(15)`, `character(2)`, `NVARCHAR(40)`. Nil when the type declares none.
    public var maximumLength: Int? {
        let lower = typeName.lowercased()
        guard let open = lower.firstIndex(of: "("), lower.last == ")" else { return nil }
        let base = String(lower[..<open]).split(separator: " ").joined(separator: " ")
        let textual = [
            "character varying", "varchar", "character", "char", "bpchar", "nvarchar", "nchar", "varying character",
            "native character",
        ]
        guard textual.contains(base) else { return nil }
        return Int(String(lower[lower.index(after: open)..<lower.index(before: lower.endIndex)].filter { $0 != " " }))
    }
}

/// A foreign key: `columns` of `table` reference `referencedColumns` of `referencedTable`.
public struct ForeignKey: Sendable, Hashable {
    public var name: String
    public var table: QualifiedName
    public var columns: [String]
    public var referencedTable: QualifiedName
    public var referencedColumns: [String]

    public init(
        name: String, table: QualifiedName, columns: [String], referencedTable: QualifiedName,
        referencedColumns: [String]
    ) {
        self.name = name
        self.table = table
        self.columns = columns
        self.referencedTable = referencedTable
        self.referencedColumns = referencedColumns
    }
}

/// A table (or partitioned parent) whose rows can be copied.
public struct Table: Sendable, Hashable {
    public var name: QualifiedName
    public var columns: [Column]
    public var primaryKey: [String]
    /// For a partition: its parent. Partitions are copied through their parent.
    public var partitionOf: QualifiedName?

    public init(name: QualifiedName, columns: [Column], primaryKey: [String] = [], partitionOf: QualifiedName? = nil) {
        self.name = name
        self.columns = columns
        self.primaryKey = primaryKey
        self.partitionOf = partitionOf
    }

    /// The column named `name`, if any.
    public func column(named name: String) -> Column? {
        columns.first { $0.name == name }
    }
}

/// What a source holds: its tables (views excluded) and foreign keys.
public struct DatabaseSchema: Sendable {
    public var tables: [Table]
    public var foreignKeys: [ForeignKey]

    public init(tables: [Table], foreignKeys: [ForeignKey]) {
        self.tables = tables
        self.foreignKeys = foreignKeys
    }

    /// The table named `name`, if any.
    public func table(_ name: QualifiedName) -> Table? {
        tables.first { $0.name == name }
    }

    /// The column that `table.column` references through a single-column or composite foreign key.
    public func referencedColumn(table: QualifiedName, column: String) -> (table: QualifiedName, column: String)? {
        for fk in foreignKeys where fk.table == table {
            if let i = fk.columns.firstIndex(of: column) {
                return (fk.referencedTable, fk.referencedColumns[i])
            }
        }
        return nil
    }
}
