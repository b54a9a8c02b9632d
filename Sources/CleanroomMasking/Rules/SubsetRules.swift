import CleanroomCore

/// The rules file's `subset:` section: which rows of which tables to keep, so that a run copies a
/// small slice of the source that still satisfies every foreign key (docs/subsetting.md).
///
/// ```yaml
/// subset:
///   roots:
///     public.customer: "store_id = 1 AND customer_id % 10 = 0"
///   trim_parents: [public.inventory, public.film]
///   break: [public.employee.reports_to]
/// ```
public struct SubsetRules: Sendable {
    /// Where `subset:` starts in the file.
    public var location: SourceLocation
    /// The tables cut by an SQL predicate of their own, in file order.
    public var roots: [SubsetRoot]
    /// `trim_parents:`: tables upstream of the cut that keep only the rows kept rows reference.
    public var trimParents: [TableMention]
    /// `break:`: foreign-key columns the closure does not follow; where such a column points at a
    /// row that is not kept, it is written NULL.
    public var breaks: [ColumnMention]
    /// `vocabulary: kept`: learn the run vocabulary from the kept rows only, so the run's time
    /// follows the subset; by default (`all`) it is learnt from every source row, so that a name of a
    /// row left out is still found in a kept row's free text.
    public var vocabularyFromKeptRows: Bool

    public init(
        location: SourceLocation, roots: [SubsetRoot] = [], trimParents: [TableMention] = [],
        breaks: [ColumnMention] = [], vocabularyFromKeptRows: Bool = false
    ) {
        self.location = location
        self.roots = roots
        self.trimParents = trimParents
        self.breaks = breaks
        self.vocabularyFromKeptRows = vocabularyFromKeptRows
    }

    /// The same rules with every table name passed through `resolve` (unqualified names resolved).
    func resolving(_ resolve: (QualifiedName) -> QualifiedName) -> SubsetRules {
        var copy = self
        copy.roots = roots.map { SubsetRoot(table: resolve($0.table), predicate: $0.predicate, location: $0.location) }
        copy.trimParents = trimParents.map { TableMention(table: resolve($0.table), location: $0.location) }
        copy.breaks = breaks.map { $0.resolving(resolve) }
        return copy
    }
}

/// A table cut by its own predicate: it keeps the rows `predicate` selects.
public struct SubsetRoot: Sendable, Hashable {
    public var table: QualifiedName
    /// An SQL boolean expression over the table's columns, in the source's dialect.
    public var predicate: String
    public var location: SourceLocation

    public init(table: QualifiedName, predicate: String, location: SourceLocation) {
        self.table = table
        self.predicate = predicate
        self.location = location
    }
}

/// A table named in the rules, where it was named.
public struct TableMention: Sendable, Hashable {
    public var table: QualifiedName
    public var location: SourceLocation

    public init(table: QualifiedName, location: SourceLocation) {
        self.table = table
        self.location = location
    }
}

/// A column named in the rules as `TABLE.COLUMN` (`schema.table.column` or `table.column`).
public struct ColumnMention: Sendable, Hashable, CustomStringConvertible {
    public var table: QualifiedName
    public var column: String
    public var location: SourceLocation

    public init(table: QualifiedName, column: String, location: SourceLocation) {
        self.table = table
        self.column = column
        self.location = location
    }

    /// Parses `schema.table.column` or `table.column` (the table's schema then left empty, to be
    /// resolved like other unqualified names); nil for text without a table part.
    public init?(parsing text: String, location: SourceLocation) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3, !parts.contains(where: \.isEmpty) else { return nil }
        let schema = parts.count == 3 ? parts[0] : ""
        table = QualifiedName(schema: schema, name: parts[parts.count - 2])
        column = parts[parts.count - 1]
        self.location = location
    }

    public var description: String { "\(table).\(column)" }

    /// The same column with its table name passed through `resolve`.
    func resolving(_ resolve: (QualifiedName) -> QualifiedName) -> ColumnMention {
        ColumnMention(table: resolve(table), column: column, location: location)
    }
}

/// A foreign key the rules declare where the source has none (`references:`): for CSV and JSONL
/// sources, and for keys a database leaves implicit. The subset's closure follows it, and masking
/// gives the column the referenced column's domain, as for a real foreign key. It is not created as
/// a constraint in the target.
public struct VirtualReference: Sendable, Hashable {
    public var from: ColumnMention
    public var to: ColumnMention

    public init(from: ColumnMention, to: ColumnMention) {
        self.from = from
        self.to = to
    }

    /// The key as the schema model holds foreign keys, named `references:TABLE.COLUMN`.
    public var foreignKey: ForeignKey {
        ForeignKey(
            name: "references:\(from)", table: from.table, columns: [from.column], referencedTable: to.table,
            referencedColumns: [to.column])
    }
}

extension DatabaseSchema {
    /// The schema with `references` added to its foreign keys (those between tables it has), as
    /// validation, masking domains and the subset's closure see it.
    public func adding(_ references: [VirtualReference]) -> DatabaseSchema {
        var schema = self
        schema.foreignKeys += references.map(\.foreignKey).filter {
            table($0.table) != nil && table($0.referencedTable) != nil
        }
        return schema
    }
}
