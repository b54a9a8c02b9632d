extension MaskPredicate {
    /// The slice of the source a run copied (data minimisation, A 8.33), as the run reports it
    /// (`MaskResult.subset`, `cleanroom subset plan`) and its statement records it: the roots and their SQL
    /// predicates as the rules file wrote them, the tables trimmed, the keys followed and broken, the
    /// cycles iterated to a fixed point, and for every copied table its role and rows kept of rows
    /// in the source. Identities and counts only; a root's predicate is recorded as written, so it
    /// should not itself hold personal data.
    public struct Subset: Codable, Sendable, Hashable {
        /// A root table and its predicate.
        public struct Root: Codable, Sendable, Hashable {
            public var table: String
            public var predicate: String

            public init(table: String, predicate: String) {
                self.table = table
                self.predicate = predicate
            }
        }

        /// A `break:` column, its key, and the rows in which it was written NULL.
        public struct Break: Codable, Sendable, Hashable {
            public var column: String
            public var key: String
            public var setNull: Int

            public init(column: String, key: String, setNull: Int) {
                self.column = column
                self.key = key
                self.setNull = setNull
            }
        }

        /// One copied table.
        public struct Table: Codable, Sendable, Hashable {
            public var table: String
            /// `root`, `follows`, `trimmed`, `follows-trimmed`, `parent` or `unconnected`
            /// (docs/subsetting.md).
            public var role: String
            public var keptRows: Int
            /// Rows of the source table; absent for a table copied whole.
            public var sourceRows: Int?
            /// For a root, the rows its predicate selected before the closure.
            public var predicateRows: Int?

            public init(table: String, role: String, keptRows: Int, sourceRows: Int? = nil, predicateRows: Int? = nil) {
                self.table = table
                self.role = role
                self.keptRows = keptRows
                self.sourceRows = sourceRows
                self.predicateRows = predicateRows
            }
        }

        public var roots: [Root]
        public var trimParents: [String]
        /// Keys that select rows, `child(columns) -> parent(columns)`.
        public var followed: [String]
        public var breaks: [Break]
        public var cycles: [[String]]
        public var tables: [Table]
        /// `kept` when the run vocabulary was learnt from the kept rows only (`vocabulary: kept`);
        /// absent when it was learnt from every source row.
        public var vocabulary: String?

        public init(
            roots: [Root], trimParents: [String], followed: [String], breaks: [Break], cycles: [[String]],
            tables: [Table], vocabulary: String? = nil
        ) {
            self.roots = roots
            self.trimParents = trimParents
            self.followed = followed
            self.breaks = breaks
            self.cycles = cycles
            self.tables = tables
            self.vocabulary = vocabulary
        }

        /// The table named `table`, if it was copied.
        public func table(_ table: String) -> Table? {
            tables.first { $0.table == table }
        }

        /// Rows kept of rows in the source, over the tables that keep only some.
        public var selectiveRows: (kept: Int, source: Int) {
            tables.reduce((0, 0)) { sum, table in
                guard let source = table.sourceRows else { return sum }
                return (sum.0 + table.keptRows, sum.1 + source)
            }
        }
    }
}
