import CleanroomCore

/// A parsed rules file (DESIGN §3): for every table copied, a rule for every column.
public struct RulesFile: Sendable {
    /// The path the rules were read from, for messages.
    public var path: String
    /// SHA-256 of the file's bytes, hex: the evidence records which rules ran.
    public var digest: String
    public var tables: [QualifiedName: TableRule]
    /// `subset:`: the rows to keep, when the run copies a slice of the source (nil: every row).
    public var subset: SubsetRules?
    /// `references:`: foreign keys the source does not declare, in file order.
    public var references: [VirtualReference]

    public init(
        path: String, digest: String, tables: [QualifiedName: TableRule], subset: SubsetRules? = nil,
        references: [VirtualReference] = []
    ) {
        self.path = path
        self.digest = digest
        self.tables = tables
        self.subset = subset
        self.references = references
    }
}

/// What to do with one table.
public struct TableRule: Sendable {
    /// Where the table's entry starts in the file.
    public var location: SourceLocation
    /// False for `rows: none`: the structure is created, no rows are copied.
    public var copyRows: Bool
    /// An optional SQL filter on the source rows (`where:`), PostgreSQL and SQLite sources only.
    public var filter: String?
    /// Rules by column name.
    public var columns: [String: ColumnRule]
    /// `reference: true`: public reference data (countries, cities, catalogues) whose kept values
    /// may equal personal values by coincidence, so the leak probe does not look at them.
    public var isReference: Bool
    /// `types:`: each column's database type name when the rules were written (`cleanroom scan`
    /// records them), so `cleanroom check` can report a column whose type changed since. Masking
    /// ignores it.
    public var types: [String: String]

    public init(
        location: SourceLocation, copyRows: Bool = true, filter: String? = nil, columns: [String: ColumnRule] = [:],
        isReference: Bool = false, types: [String: String] = [:]
    ) {
        self.location = location
        self.copyRows = copyRows
        self.filter = filter
        self.columns = columns
        self.isReference = isReference
        self.types = types
    }
}

/// What to do with one column.
public struct ColumnRule: Sendable, Equatable {
    public var location: SourceLocation
    public var transform: TransformSpec
    /// Distinct inputs must give distinct outputs.
    public var unique: Bool
    /// An explicit keying domain; nil means the default (the referenced column for foreign keys,
    /// else the column itself).
    public var domain: String?

    public init(location: SourceLocation, transform: TransformSpec, unique: Bool = false, domain: String? = nil) {
        self.location = location
        self.transform = transform
        self.unique = unique
        self.domain = domain
    }

    /// Whether two rules mask identically (location aside).
    public func masksLike(_ other: ColumnRule) -> Bool {
        transform == other.transform && unique == other.unique
    }
}
