import CleanroomMasking

/// What a subset kept (`MaskResult.subset`, `cleanroom subset plan`): the rules it ran with, the keys
/// it followed and broke, and for every copied table its role and rows kept of rows in the source.
public struct SubsetOutcome: Sendable, Codable, Equatable {
    /// A root and its predicate.
    public struct Root: Sendable, Codable, Equatable {
        public var table: String
        public var predicate: String
    }

    /// A `break:` column and how many rows it was written NULL in.
    public struct Break: Sendable, Codable, Equatable {
        /// `schema.table.column`.
        public var column: String
        /// The key it belongs to, `child(columns) -> parent(columns)`.
        public var key: String
        public var setNull: Int
    }

    /// One copied table.
    public struct Table: Sendable, Codable, Equatable {
        public var table: String
        public var role: SubsetRole
        /// Rows kept: written by the run, or counted by `subset plan`.
        public var keptRows: Int
        /// Rows of the source table; nil for a table copied whole (its kept rows are all of them).
        public var sourceRows: Int?
        /// For a root, the rows its predicate selects before the closure: more than `keptRows` when
        /// some point at rows left out (through a cut parent or a cycle).
        public var predicateRows: Int?
    }

    public var roots: [Root]
    public var trimParents: [String]
    /// The keys that select rows: between cut tables, and into trimmed tables.
    public var followed: [String]
    public var breaks: [Break]
    /// The cycles among cut and among trimmed tables, iterated to a fixed point.
    public var cycles: [[String]]
    public var tables: [Table]

    /// The table named `table`, if it was copied.
    public func table(_ table: String) -> Table? {
        tables.first { $0.table == table }
    }
}
