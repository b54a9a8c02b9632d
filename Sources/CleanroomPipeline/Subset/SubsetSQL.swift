import CleanroomConnectors
import CleanroomCore
import CleanroomMasking

/// The SQL that selects a subset's rows on the source (docs/subsetting.md, "How it runs"): for each
/// selective table, the condition a row must meet to be kept, and for each `break:` key, what is
/// read in its place. Nothing is written to the source: every table's kept rows are defined by
/// common table expressions inside the condition of the tables that need them, so each read is one
/// `SELECT … WHERE …` the server plans as semi-joins.
///
/// - A cut table (a root or downstream of one) keeps the rows that meet its own `where:` and
///   predicate and whose followed keys to cut tables are NULL or in those tables' kept rows.
/// - A trimmed table keeps the rows that followed keys of kept (or wholly copied) rows reference.
/// - A cycle of cut tables is a greatest fixed point: a recursive query collects the rows to drop
///   (those failing their own condition, then every row whose key points at a dropped row) and the
///   kept rows are the rest. A cycle of trimmed tables is a least fixed point: a recursive query
///   collects the rows referenced from outside, then every row a collected row references. Keys
///   travel through the recursion as `SQLDialect.textKey`, so tables of one cycle share a column.
struct SubsetSQL {
    let graph: SubsetGraph
    let dialect: SQLDialect
    private let tables: [QualifiedName: Table]
    /// The tables' `where:` filters.
    private let filters: [QualifiedName: String]
    /// Each table's index in the plan, naming its expression (`cr_k3`).
    private let index: [QualifiedName: Int]

    /// The common table expressions a condition can refer to.
    private enum Node: Hashable {
        /// The kept rows of a selective table (its key columns).
        case kept(QualifiedName)
        /// The recursive query of the cycle at this index of `graph.cycles`.
        case cycle(Int)
    }

    init(graph: SubsetGraph, dialect: SQLDialect, tables: [PlannedTable]) {
        self.graph = graph
        self.dialect = dialect
        self.tables = Dictionary(tables.map { ($0.table.name, $0.table) }, uniquingKeysWith: { a, _ in a })
        filters = Dictionary(
            tables.compactMap { t in t.rule.filter.map { (t.table.name, $0) } }, uniquingKeysWith: { a, _ in a })
        index = Dictionary(tables.enumerated().map { ($1.table.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    // MARK: What the run reads

    /// The condition a row of `table` must meet to be read (its `where:` included); nil for a table
    /// copied whole, which keeps its `where:` as it is.
    func filter(for table: QualifiedName) -> String? {
        guard graph.role(of: table)?.isSelective == true else { return nil }
        return condition(table, intra: true, topLevel: true)
    }

    /// What is read in place of `column` of `table` when it is in a `break:` key to a selective table:
    /// the column where its key is NULL or points at a kept row, else NULL.
    func readExpression(for table: QualifiedName, column: String) -> String? {
        let kept = brokenKeys(of: table, column: column).map(pointsAtKept)
        guard !kept.isEmpty else { return nil }
        return "CASE WHEN \(kept.joined(separator: " AND ")) THEN \(qualified(table, column)) ELSE NULL END"
    }

    /// The condition selecting the rows of `table` whose `column` the read sets NULL (a `break:` key
    /// pointing at a row that is not kept), among the rows read; nil when none can be.
    func nulledRowsFilter(for table: QualifiedName, column: String) -> String? {
        let kept = brokenKeys(of: table, column: column).map(pointsAtKept)
        guard !kept.isEmpty else { return nil }
        let read = filter(for: table) ?? filters[table]
        let nulled = "NOT (\(kept.joined(separator: " AND ")))"
        return read.map { "(\($0)) AND \(nulled)" } ?? nulled
    }

    /// The condition of a root's rows its predicate (and `where:`) selects, before the closure.
    func predicateFilter(for root: QualifiedName) -> String? {
        guard let predicate = graph.predicates[root] else { return nil }
        return conjunction([filters[root], predicate])
    }

    /// The `break:` keys through `column` from `table` to a selective table.
    private func brokenKeys(of table: QualifiedName, column: String) -> [SubsetEdge] {
        graph.edges.filter {
            $0.isBroken && $0.child == table && $0.key.columns.contains(column)
                && graph.role(of: $0.parent)?.isSelective == true
        }
    }

    /// Whether the row's key `edge` is NULL or points at a kept row (top level, over the child).
    private func pointsAtKept(_ edge: SubsetEdge) -> String {
        let fk = edge.key.columns.map { qualified(edge.child, $0) }
        return
            "COALESCE(\(anyNull(fk)) OR \(tuple(fk)) IN (\(rows(of: edge.parent, edge.key.referencedColumns, topLevel: true))), \(falseLiteral))"
    }

    // MARK: Conditions

    /// The condition on a row of selective `table` (unaliased), with (`intra`) or without the
    /// checks of keys inside its own cycle; `topLevel` when it stands outside any `WITH`.
    private func condition(_ table: QualifiedName, intra: Bool, topLevel: Bool) -> String {
        var parts: [String?] = [filters[table]]
        let cycle = cycleIndex(of: table)
        if graph.role(of: table)?.isCut == true {
            parts.append(graph.predicates[table])
            for edge in graph.followedKeys(from: table) where graph.checks(edge) {
                let fk = edge.key.columns.map { qualified(table, $0) }
                if let cycle, cycleIndex(of: edge.parent) == cycle {
                    guard intra else { continue }
                    parts.append(
                        "(\(anyNull(fk)) OR \(dialect.textKey(fk)) NOT IN (\(droppedKeys(edge, cycle: cycle, topLevel: topLevel))))"
                    )
                } else {
                    let kept = rows(of: edge.parent, edge.key.referencedColumns, topLevel: topLevel)
                    parts.append("(\(anyNull(fk)) OR \(tuple(fk)) IN (\(kept)))")
                }
            }
        } else if let cycle {
            let identity = identity(of: table).map { qualified(table, $0) }
            parts.append(
                "\(dialect.textKey(identity)) IN (\(within(cycle, "SELECT d.k FROM \(name(.cycle(cycle))) AS d WHERE d.t = \(tag(table, cycle))", topLevel: topLevel)))"
            )
        } else {
            parts.append(referencedFromOutside(table, cycle: nil, topLevel: topLevel))
        }
        return conjunction(parts) ?? "1 = 1"
    }

    /// Rows of trimmed `table` that the kept rows of tables outside `cycle` reference (`graph.needs`).
    private func referencedFromOutside(_ table: QualifiedName, cycle: Int?, topLevel: Bool) -> String {
        let needing = graph.followedKeys(into: table).filter {
            graph.needs($0) && (cycle == nil || cycleIndex(of: $0.child) != cycle)
        }
        let referenced = needing.map { edge in
            let ref = edge.key.referencedColumns.map { qualified(table, $0) }
            return "\(tuple(ref)) IN (\(rows(of: edge.child, edge.key.columns, topLevel: topLevel)))"
        }
        return referenced.isEmpty ? falseLiteral : "(" + referenced.joined(separator: " OR ") + ")"
    }

    /// The text keys of rows of `edge.parent` (in `cycle`) that the cycle's query dropped, in the
    /// form of `edge`'s referenced columns.
    private func droppedKeys(_ edge: SubsetEdge, cycle: Int, topLevel: Bool) -> String {
        let parent = edge.parent
        let dropped = "SELECT d.k FROM \(name(.cycle(cycle))) AS d WHERE d.t = \(tag(parent, cycle))"
        guard edge.key.referencedColumns != identity(of: parent) else {
            return within(cycle, dropped, topLevel: topLevel)
        }
        let ref = dialect.textKey(edge.key.referencedColumns.map { aliased("p", $0) })
        let id = dialect.textKey(identity(of: parent).map { aliased("p", $0) })
        return within(
            cycle, "SELECT \(ref) FROM \(dialect.quote(parent)) AS p WHERE \(id) IN (\(dropped))", topLevel: topLevel)
    }

    /// `columns` of the rows of `table` that are kept: its expression's for a selective table, the
    /// table's own (its `where:` applied) for one copied whole.
    private func rows(of table: QualifiedName, _ columns: [String], topLevel: Bool) -> String {
        guard graph.role(of: table)?.isSelective == true else {
            let select =
                "SELECT \(columns.map { qualified(table, $0) }.joined(separator: ", ")) FROM \(dialect.quote(table))"
            return filters[table].map { "\(select) WHERE (\($0))" } ?? select
        }
        let node = Node.kept(table)
        let select = "SELECT \(columns.map { aliased(name(node), $0) }.joined(separator: ", ")) FROM \(name(node))"
        return topLevel ? with(node, select) : select
    }

    /// `select` over the cycle's query: prefixed with every expression it needs when at top level.
    private func within(_ cycle: Int, _ select: String, topLevel: Bool) -> String {
        topLevel ? with(.cycle(cycle), select) : select
    }

    // MARK: Expressions

    /// `WITH RECURSIVE` and the definitions of `node` and everything it needs, dependencies first.
    private func with(_ node: Node, _ select: String) -> String {
        var ordered: [Node] = []
        var seen: Set<Node> = []
        func visit(_ node: Node) {
            guard seen.insert(node).inserted else { return }
            dependencies(of: node).forEach(visit)
            ordered.append(node)
        }
        visit(node)
        let definitions = ordered.map { node -> String in
            switch node {
            case .kept: return "\(name(node)) AS (\(body(of: node)))"
            case .cycle: return "\(name(node))(t, k) AS (\(body(of: node)))"
            }
        }
        return "WITH RECURSIVE " + definitions.joined(separator: ", ") + " " + select
    }

    private func dependencies(of node: Node) -> [Node] {
        var found: [Node] = []
        func add(_ node: Node) { if !found.contains(node) { found.append(node) } }
        switch node {
        case .kept(let table):
            let cycle = cycleIndex(of: table)
            if graph.role(of: table)?.isCut == true {
                if let cycle { add(.cycle(cycle)) }
                for edge in graph.followedKeys(from: table)
                where graph.checks(edge) && (cycle == nil || cycleIndex(of: edge.parent) != cycle) {
                    add(.kept(edge.parent))
                }
            } else if let cycle {
                add(.cycle(cycle))
            } else {
                for edge in graph.followedKeys(into: table) where graph.needs(edge) { add(.kept(edge.child)) }
            }
        case .cycle(let cycle):
            let members = graph.cycles[cycle]
            for table in members {
                if graph.role(of: table)?.isCut == true {
                    for edge in graph.followedKeys(from: table)
                    where graph.checks(edge) && !members.contains(edge.parent) {
                        add(.kept(edge.parent))
                    }
                } else {
                    for edge in graph.followedKeys(into: table) where graph.needs(edge) && !members.contains(edge.child)
                    {
                        add(.kept(edge.child))
                    }
                }
            }
        }
        return found
    }

    private func body(of node: Node) -> String {
        switch node {
        case .kept(let table):
            let columns = exposedColumns(of: table).map { qualified(table, $0) }.joined(separator: ", ")
            return
                "SELECT \(columns) FROM \(dialect.quote(table)) WHERE \(condition(table, intra: true, topLevel: false))"
        case .cycle(let cycle):
            return cycleBody(cycle)
        }
    }

    /// The recursive query of a cycle: for cut tables the rows to drop, for trimmed tables the rows
    /// to keep, as (member's tag, text key of its identity).
    private func cycleBody(_ cycle: Int) -> String {
        let members = graph.cycles[cycle]
        let cut = graph.role(of: members[0])?.isCut == true
        let seeds = members.compactMap { table -> String? in
            let id = dialect.textKey(identity(of: table).map { qualified(table, $0) })
            let seed =
                cut
                ? "NOT COALESCE((\(condition(table, intra: false, topLevel: false))), \(falseLiteral))"
                : conjunction([filters[table], referencedFromOutside(table, cycle: cycle, topLevel: false)])!
            return "SELECT \(tag(table, cycle)) AS t, \(id) AS k FROM \(dialect.quote(table)) WHERE \(seed)"
        }
        var steps: [String] = []
        for child in members {
            for edge in graph.followedKeys(from: child) where members.contains(edge.parent) {
                steps.append(step(edge, cycle: cycle))
            }
        }
        let (from, to) = cut ? ("p", "c") : ("c", "p")
        let name = name(.cycle(cycle))
        return "SELECT t, k FROM (\(seeds.joined(separator: " UNION ALL "))) AS cr_seed UNION "
            + "SELECT e.\(to)t, e.\(to)k FROM \(name) AS d JOIN (\(steps.joined(separator: " UNION ALL "))) AS e "
            + "ON e.\(from)t = d.t AND e.\(from)k = d.k"
    }

    /// One key inside a cycle as pairs of rows: (child's tag and key, parent's tag and key).
    private func step(_ edge: SubsetEdge, cycle: Int) -> String {
        let childID = dialect.textKey(identity(of: edge.child).map { aliased("c", $0) })
        let fk = edge.key.columns.map { aliased("c", $0) }
        let head = "SELECT \(tag(edge.child, cycle)) AS ct, \(childID) AS ck, \(tag(edge.parent, cycle)) AS pt, "
        guard edge.key.referencedColumns != identity(of: edge.parent) else {
            return head + "\(dialect.textKey(fk)) AS pk FROM \(dialect.quote(edge.child)) AS c WHERE NOT \(anyNull(fk))"
        }
        let parentID = dialect.textKey(identity(of: edge.parent).map { aliased("p", $0) })
        let on = zip(fk, edge.key.referencedColumns.map { aliased("p", $0) }).map { "\($0) = \($1)" }
        return head
            + "\(parentID) AS pk FROM \(dialect.quote(edge.child)) AS c JOIN \(dialect.quote(edge.parent)) AS p ON "
            + on.joined(separator: " AND ")
    }

    // MARK: Names and pieces

    private func name(_ node: Node) -> String {
        switch node {
        case .kept(let table): return "cr_k\(index[table] ?? 0)"
        case .cycle(let cycle): return "cr_c\(cycle)"
        }
    }

    private func cycleIndex(of table: QualifiedName) -> Int? {
        graph.cycles.firstIndex { $0.contains(table) }
    }

    private func tag(_ table: QualifiedName, _ cycle: Int) -> Int {
        graph.cycles[cycle].firstIndex(of: table) ?? 0
    }

    /// The columns that identify a row of a cycle's table: its primary key, else the columns a key
    /// of the cycle references.
    private func identity(of table: QualifiedName) -> [String] {
        if let key = tables[table]?.primaryKey, !key.isEmpty { return key }
        let members = cycleIndex(of: table).map { graph.cycles[$0] } ?? []
        return graph.followedKeys(into: table).first { members.contains($0.child) }?.key.referencedColumns
            ?? graph.edges.first { $0.parent == table }?.key.referencedColumns ?? []
    }

    /// The columns a kept-rows expression selects: those of every key the table is on either end of.
    private func exposedColumns(of table: QualifiedName) -> [String] {
        var wanted: Set<String> = []
        for edge in graph.edges {
            if edge.child == table { wanted.formUnion(edge.key.columns) }
            if edge.parent == table { wanted.formUnion(edge.key.referencedColumns) }
        }
        return (tables[table]?.columns ?? []).map(\.name).filter(wanted.contains)
    }

    private func qualified(_ table: QualifiedName, _ column: String) -> String {
        dialect.quote(table) + "." + dialect.quoteIdentifier(column)
    }

    private func aliased(_ alias: String, _ column: String) -> String {
        alias + "." + dialect.quoteIdentifier(column)
    }

    private func tuple(_ expressions: [String]) -> String {
        expressions.count == 1 ? expressions[0] : "(" + expressions.joined(separator: ", ") + ")"
    }

    private func anyNull(_ expressions: [String]) -> String {
        "(" + expressions.map { "\($0) IS NULL" }.joined(separator: " OR ") + ")"
    }

    private var falseLiteral: String { "1 = 0" }

    /// The parts joined with AND, each parenthesised; nil when there are none.
    private func conjunction(_ parts: [String?]) -> String? {
        let present = parts.compactMap { $0 }
        return present.isEmpty ? nil : present.map { "(\($0))" }.joined(separator: " AND ")
    }
}
