import CleanroomCore

/// How a subset treats a table (docs/subsetting.md, "Semantics").
public enum SubsetRole: String, Sendable, Codable, Hashable {
    /// Cut by a predicate of its own (`roots:`), and, if it also references a cut table, only the
    /// rows whose keys point at kept rows.
    case root
    /// Downstream of a cut table (it references one, directly or through other tables): keeps
    /// exactly the rows whose non-null foreign keys all point at kept rows.
    case follows
    /// Upstream and listed in `trim_parents:`: keeps only the rows that rows kept by the cut (and
    /// by other trimmed tables) reference.
    case trimmed
    /// Downstream of a trimmed table and of no root (it references one, directly or through other
    /// tables, as `film_actor` references a trimmed `film`): keeps exactly the rows whose non-null
    /// foreign keys all point at kept rows.
    case followsTrimmed = "follows-trimmed"
    /// Upstream of a cut table (kept rows reference it), copied whole.
    case parent
    /// Not connected to a cut table, copied whole.
    case unconnected

    /// Whether the table keeps only some of its rows.
    public var isSelective: Bool { isCut || self == .trimmed }
    /// Whether the table keeps the rows whose keys point at kept rows: a root, or downstream of a
    /// root or of a trimmed table.
    public var isCut: Bool { self == .root || self == .follows || self == .followsTrimmed }
    /// Whether a trimmed table keeps the rows this table's kept rows reference (a root, a table
    /// downstream of one, another trimmed table).
    public var needsTrimmedParents: Bool { self == .root || self == .follows || self == .trimmed }
}

/// A foreign key between two copied tables, as the subset sees it.
public struct SubsetEdge: Sendable, Hashable, CustomStringConvertible {
    public var key: ForeignKey
    /// The key's columns named in `break:`: the closure does not follow the key, and where it points
    /// at a row that is not kept these columns are written NULL (one NULL column is enough: a key with
    /// a NULL column constrains nothing, in PostgreSQL's default `MATCH SIMPLE` as in SQLite), the
    /// others of a composite key as they are.
    public var brokenColumns: [String]
    /// Whether `break:` names a column of the key.
    public var isBroken: Bool { !brokenColumns.isEmpty }
    /// Declared in the rules' `references:`, not by the source.
    public var isVirtual: Bool

    public var child: QualifiedName { key.table }
    public var parent: QualifiedName { key.referencedTable }

    /// `child(columns) -> parent(columns)`.
    public var description: String {
        "\(key.table)(\(key.columns.joined(separator: ", "))) -> \(key.referencedTable)(\(key.referencedColumns.joined(separator: ", ")))"
    }
}

/// The foreign-key graph of the copied tables and each table's role in a subset: which tables are
/// cut, which are trimmed, which are copied whole, and the cycles among the cut and among the
/// trimmed tables (strongly connected components), which are iterated to a fixed point.
public struct SubsetGraph: Sendable {
    /// The role of every copied table (`rows: none` tables have none).
    public let roles: [QualifiedName: SubsetRole]
    /// The roots' predicates.
    public let predicates: [QualifiedName: String]
    /// Every foreign key between copied tables, in the schema's order, virtual keys last.
    public let edges: [SubsetEdge]
    /// The cycles: components of more than one cut (or trimmed) table, or of one with a key to itself,
    /// each sorted by name.
    public let cycles: [[QualifiedName]]

    /// - Parameters:
    ///   - copied: the tables whose rows are copied, in the plan's order.
    ///   - foreignKeys: the source's keys and the rules' virtual ones.
    public init(_ subset: SubsetRules, copied: [QualifiedName], foreignKeys: [ForeignKey]) {
        let copiedSet = Set(copied)
        let broken = Set(subset.breaks.map { "\($0.table).\($0.column)" })
        edges = foreignKeys.filter { copiedSet.contains($0.table) && copiedSet.contains($0.referencedTable) }.map {
            key in
            SubsetEdge(
                key: key, brokenColumns: key.columns.filter { broken.contains("\(key.table).\($0)") },
                isVirtual: key.name.hasPrefix("references:"))
        }
        let followed = edges.filter { !$0.isBroken }
        predicates = Dictionary(
            subset.roots.filter { copiedSet.contains($0.table) }.map { ($0.table, $0.predicate) },
            uniquingKeysWith: { first, _ in first })

        // Cut: the roots and everything that reaches one along followed keys (child to parent).
        let cut = Self.downstream(of: Set(predicates.keys), along: followed, excluding: [])
        let trimmed = Set(subset.trimParents.map(\.table)).intersection(copiedSet).subtracting(cut)
        let followsTrimmed = Self.downstream(of: trimmed, along: followed, excluding: cut.union(trimmed))
            .subtracting(trimmed)
        let selective = cut.union(trimmed).union(followsTrimmed)
        // Upstream: what selective tables reference, directly or through other tables.
        var upstream: Set<QualifiedName> = []
        var frontier = Array(selective)
        while let table = frontier.popLast() {
            for edge in followed where edge.child == table && !selective.contains(edge.parent) {
                if upstream.insert(edge.parent).inserted { frontier.append(edge.parent) }
            }
        }
        var roles: [QualifiedName: SubsetRole] = [:]
        for table in copied {
            roles[table] =
                predicates[table] != nil
                ? .root
                : cut.contains(table)
                    ? .follows
                    : trimmed.contains(table)
                        ? .trimmed
                        : followsTrimmed.contains(table)
                            ? .followsTrimmed : upstream.contains(table) ? .parent : .unconnected
        }
        self.roles = roles
        cycles =
            Self.components(of: copied.filter(cut.contains), edges: followed)
            + Self.components(of: copied.filter(followsTrimmed.contains), edges: followed)
            + Self.components(of: copied.filter(trimmed.contains), edges: followed)
    }

    /// Whether the child's kept rows must point at the parent's along `edge` (a followed key to a
    /// cut table, or from a table downstream of a trimmed one to that trimmed table): the parent's
    /// rows do not depend on the child's.
    public func checks(_ edge: SubsetEdge) -> Bool {
        guard !edge.isBroken, let child = role(of: edge.child), let parent = role(of: edge.parent) else { return false }
        return child.isCut && (parent.isCut || (parent == .trimmed && child == .followsTrimmed))
    }

    /// Whether the (trimmed) parent keeps the rows that the child's kept rows reference along `edge`.
    public func needs(_ edge: SubsetEdge) -> Bool {
        guard !edge.isBroken, let child = role(of: edge.child) else { return false }
        return role(of: edge.parent) == .trimmed && child.needsTrimmedParents
    }

    /// Groups of tables whose kept rows depend on each other through a trimmed table: a table the
    /// trimmed table keeps rows for references (directly or not) a table downstream of it. The
    /// rules are refused then (`MaskingError.trimmedParentFollows`).
    public var tangles: [[QualifiedName]] {
        // A table depends on the parents whose rows it checks, and a trimmed table on the children
        // whose references it keeps.
        let dependencies = edges.compactMap { edge -> SubsetEdge? in
            if checks(edge) { return edge }
            guard needs(edge) else { return nil }
            var reversed = edge
            reversed.key = ForeignKey(
                name: edge.key.name, table: edge.parent, columns: edge.key.referencedColumns,
                referencedTable: edge.child, referencedColumns: edge.key.columns)
            return reversed
        }
        let selective = roles.keys.sorted().filter { roles[$0]!.isSelective }
        return Self.components(of: selective, edges: dependencies).filter { component in
            component.contains { roles[$0] == .trimmed } && component.contains { roles[$0]!.isCut }
        }
    }

    /// `start` and every table that reaches one of them along `edges` (child to parent), apart from
    /// those in `excluding`, which the search does not pass.
    private static func downstream(
        of start: Set<QualifiedName>, along edges: [SubsetEdge], excluding: Set<QualifiedName>
    ) -> Set<QualifiedName> {
        var found = start
        var frontier = Array(start)
        while let table = frontier.popLast() {
            for edge in edges where edge.parent == table && !excluding.contains(edge.child) {
                if found.insert(edge.child).inserted { frontier.append(edge.child) }
            }
        }
        return found
    }

    /// The role of `table`; nil for a table whose rows are not copied.
    public func role(of table: QualifiedName) -> SubsetRole? { roles[table] }

    /// The cycle `table` belongs to, if any.
    public func cycle(of table: QualifiedName) -> [QualifiedName]? {
        cycles.first { $0.contains(table) }
    }

    /// The followed keys (not broken) of `table` to the tables it references.
    public func followedKeys(from table: QualifiedName) -> [SubsetEdge] {
        edges.filter { $0.child == table && !$0.isBroken }
    }

    /// The followed keys (not broken) of other tables (or itself) that reference `table`.
    public func followedKeys(into table: QualifiedName) -> [SubsetEdge] {
        edges.filter { $0.parent == table && !$0.isBroken }
    }

    /// Strongly connected components of `tables` along `edges` between them (Tarjan), keeping those
    /// of more than one table or with a key from a table to itself.
    private static func components(of tables: [QualifiedName], edges: [SubsetEdge]) -> [[QualifiedName]] {
        let members = Set(tables)
        var successors: [QualifiedName: [QualifiedName]] = [:]
        for edge in edges where members.contains(edge.child) && members.contains(edge.parent) {
            successors[edge.child, default: []].append(edge.parent)
        }
        var index: [QualifiedName: Int] = [:]
        var lowLink: [QualifiedName: Int] = [:]
        var stack: [QualifiedName] = []
        var onStack: Set<QualifiedName> = []
        var found: [[QualifiedName]] = []
        func visit(_ table: QualifiedName) {
            index[table] = index.count
            lowLink[table] = index[table]
            stack.append(table)
            onStack.insert(table)
            for next in successors[table] ?? [] {
                if index[next] == nil {
                    visit(next)
                    lowLink[table] = min(lowLink[table]!, lowLink[next]!)
                } else if onStack.contains(next) {
                    lowLink[table] = min(lowLink[table]!, index[next]!)
                }
            }
            guard lowLink[table] == index[table] else { return }
            var component: [QualifiedName] = []
            while let top = stack.popLast() {
                onStack.remove(top)
                component.append(top)
                if top == table { break }
            }
            if component.count > 1 || (successors[table] ?? []).contains(table) { found.append(component.sorted()) }
        }
        for table in tables where index[table] == nil { visit(table) }
        return found
    }
}
