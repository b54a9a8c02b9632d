import CleanroomConnectors
import CleanroomCore
import CleanroomMasking

/// The SQL that selects a subset's rows on the source (docs/subsetting.md, "How it runs"): for each
/// selective table, the condition a row must meet to be kept, and for each `break:` key, what is
/// read in its place. Nothing is written to the source: every table's kept rows are defined by
/// common table expressions inside the condition of the tables that need them, so each read is one
/// `SELECT … WHERE …`.
///
/// - A cut table (a root or downstream of one) keeps the rows that meet its own `where:` and
///   predicate and whose followed keys to cut tables are NULL or in those tables' kept rows.
/// - A trimmed table keeps the rows that followed keys of kept (or wholly copied) rows reference.
/// - A cycle of cut tables is a greatest fixed point: a recursive query collects the rows to drop
///   (those failing their own condition, then every row whose key points at a dropped row) and the
///   kept rows are the rest. A cycle of trimmed tables is a least fixed point: a recursive query
///   collects the rows referenced from outside, then every row a collected row references. Keys
///   travel through the recursion as `SQLDialect.textKey`, so tables of one cycle share a column.
///
/// Every test of a row against kept rows is a positive `… IN (SELECT …)` in a conjunction, never
/// under `OR` or `NOT`: PostgreSQL turns those into semi-joins, which spill to disk when large,
/// where a sub-plan under `OR` is run row by row. A nullable key is tested as its text key, a NULL
/// column mapped to `SQLDialect.nullKeyMarker`, which the kept set includes; "not dropped" is
/// `EXCEPT`. Only a `break:` column's read expression, in the select list, stays a sub-plan.
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

    /// One `SELECT` of a set a row is tested against, and the expressions it reads from.
    private struct Part {
        var select: String
        var needs: [Node] = []
    }

    init(graph: SubsetGraph, dialect: SQLDialect, tables: [PlannedTable]) {
        self.graph = graph
        self.dialect = dialect
        self.tables = Dictionary(tables.map { ($0.table.name, $0.table) }, uniquingKeysWith: { a, _ in a })
        filters = Dictionary(
            tables.compactMap { t in t.rule.filter.map { (t.table.name, $0) } }, uniquingKeysWith: { a, _ in a })
        index = Dictionary(tables.enumerated().map { ($1.table.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    // MARK: What the run reads and counts

    /// The condition a row of `table` must meet to be read (its `where:` included); nil for a table
    /// copied whole, which keeps its `where:` as it is.
    func filter(for table: QualifiedName) -> String? {
        guard graph.role(of: table)?.isSelective == true else { return nil }
        return condition(table, intra: true, topLevel: true)
    }

    /// What is read in place of `column` of `table` when it is in a `break:` key to a selective table:
    /// the column where its key is NULL or points at a kept row, else NULL.
    func readExpression(for table: QualifiedName, column: String) -> String? {
        guard let kept = keptBreaks(of: table, column: column) else { return nil }
        return "CASE WHEN \(kept) THEN \(qualified(table, column)) ELSE NULL END"
    }

    /// For a `break:` column of `table`: the condition of the rows read (nil for all) and of those
    /// among them whose key stays (NULL, or pointing at kept rows); the others are set NULL. Nil when
    /// the key points at a table copied whole.
    func breakFilters(for table: QualifiedName, column: String) -> (read: String?, kept: String)? {
        guard let kept = keptBreaks(of: table, column: column) else { return nil }
        let read = filter(for: table) ?? filters[table]
        return (read, SQLConjunction.of([read, kept])!)
    }

    /// The condition of a root's rows its predicate (and `where:`) selects, before the closure.
    func predicateFilter(for root: QualifiedName) -> String? {
        guard let predicate = graph.predicates[root] else { return nil }
        return SQLConjunction.of([filters[root], predicate])
    }

    /// Whether the `break:` keys through `column` of the row point at kept rows (or are NULL).
    private func keptBreaks(of table: QualifiedName, column: String) -> String? {
        let keys = graph.edges.filter {
            $0.child == table && $0.brokenColumns.contains(column)
                && graph.role(of: $0.parent)?.isSelective == true
        }
        return SQLConjunction.of(keys.map { pointsAtKept($0, intra: nil, topLevel: true) })
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
                let inside = cycle != nil && cycleIndex(of: edge.parent) == cycle
                guard intra || !inside else { continue }
                parts.append(pointsAtKept(edge, intra: inside ? cycle : nil, topLevel: topLevel))
            }
        } else if let cycle {
            let identity = identity(of: table).map { qualified(table, $0) }
            let kept = Part(
                select: "SELECT d.k FROM \(name(.cycle(cycle))) AS d WHERE d.t = \(tag(table, cycle))",
                needs: [.cycle(cycle)])
            parts.append("\(dialect.textKey(identity)) IN (\(compound([kept], topLevel: topLevel)))")
        } else {
            parts.append(referencedFromOutside(table, cycle: nil, topLevel: topLevel))
        }
        return SQLConjunction.of(parts) ?? "1 = 1"
    }

    /// Whether the row's key `edge` is NULL or points at a kept row of its parent (`intra`: the
    /// cycle both are in, whose query says which rows are dropped).
    private func pointsAtKept(_ edge: SubsetEdge, intra cycle: Int?, topLevel: Bool) -> String {
        let fk = edge.key.columns.map { qualified(edge.child, $0) }
        let nullable = edge.key.columns.contains { tables[edge.child]?.column(named: $0)?.isNullable != false }
        let marker = nullable ? [Part(select: "SELECT \(dialect.nullKeyMarker)")] : []
        let key = nullable ? keyOrMarker(fk) : dialect.textKey(fk)
        if let cycle {
            let kept = keptKeys(of: edge.parent, columns: edge.key.referencedColumns, cycle: cycle)
            return "\(key) IN (\(compound([kept] + marker, topLevel: topLevel)))"
        }
        if !nullable {
            let kept = rows(of: edge.parent, edge.key.referencedColumns, asKey: false)
            return "\(tuple(fk)) IN (\(compound([kept], topLevel: topLevel)))"
        }
        let kept = rows(of: edge.parent, edge.key.referencedColumns, asKey: true)
        return "\(key) IN (\(compound([kept] + marker, topLevel: topLevel)))"
    }

    /// Rows of trimmed `table` that the kept rows of tables outside `cycle` reference (`graph.needs`):
    /// one `IN` over the union of them per set of referenced columns.
    private func referencedFromOutside(_ table: QualifiedName, cycle: Int?, topLevel: Bool) -> String {
        let needing = graph.followedKeys(into: table).filter {
            graph.needs($0) && (cycle == nil || cycleIndex(of: $0.child) != cycle)
        }
        var groups: [[String]: [SubsetEdge]] = [:]
        var order: [[String]] = []
        for edge in needing {
            if groups[edge.key.referencedColumns] == nil { order.append(edge.key.referencedColumns) }
            groups[edge.key.referencedColumns, default: []].append(edge)
        }
        let tests = order.map { referenced -> String in
            let ref = referenced.map { qualified(table, $0) }
            let parts = groups[referenced]!.map { rows(of: $0.child, $0.key.columns, asKey: false) }
            return "\(tuple(ref)) IN (\(compound(parts, topLevel: topLevel)))"
        }
        switch tests.count {
        case 0: return falseLiteral
        case 1: return tests[0]
        default: return "(" + tests.joined(separator: " OR ") + ")"
        }
    }

    /// `columns` of the rows of `table` that are kept, as a part: its expression's for a selective
    /// table, the table's own (its `where:` applied) for one copied whole; as one text key when
    /// `asKey`.
    private func rows(of table: QualifiedName, _ columns: [String], asKey: Bool) -> Part {
        guard graph.role(of: table)?.isSelective == true else {
            let read = columns.map { qualified(table, $0) }
            let select =
                "SELECT \(asKey ? dialect.textKey(read) : read.joined(separator: ", ")) FROM \(dialect.quote(table))"
            return Part(select: filters[table].map { "\(select) WHERE (\($0))" } ?? select)
        }
        let node = Node.kept(table)
        let read = columns.map { aliased(name(node), $0) }
        return Part(
            select: "SELECT \(asKey ? dialect.textKey(read) : read.joined(separator: ", ")) FROM \(name(node))",
            needs: [node])
    }

    /// The text keys (of `columns`) of the rows of `parent`, in `cycle`, that the cycle's query did
    /// not drop: every identity `EXCEPT` the dropped ones, mapped to `columns` by the identity.
    private func keptKeys(of parent: QualifiedName, columns: [String], cycle: Int) -> Part {
        let identity = identity(of: parent)
        let dropped = "SELECT d.k FROM \(name(.cycle(cycle))) AS d WHERE d.t = \(tag(parent, cycle))"
        let ids = dialect.textKey(identity.map { aliased("p", $0) })
        let kept = "SELECT \(ids) AS k FROM \(dialect.quote(parent)) AS p EXCEPT \(dropped)"
        guard columns != identity else {
            return Part(select: "SELECT cr_x.k FROM (\(kept)) AS cr_x", needs: [.cycle(cycle)])
        }
        let referenced = dialect.textKey(columns.map { aliased("q", $0) })
        let key = dialect.textKey(identity.map { aliased("q", $0) })
        return Part(
            select: "SELECT \(referenced) FROM \(dialect.quote(parent)) AS q WHERE \(key) IN (\(kept))",
            needs: [.cycle(cycle)])
    }

    /// `parts` as one compound `SELECT` (`UNION ALL`), prefixed at top level with `WITH RECURSIVE`
    /// and the definitions of everything they need, dependencies first.
    private func compound(_ parts: [Part], topLevel: Bool) -> String {
        let select = parts.map(\.select).joined(separator: " UNION ALL ")
        let needs = parts.flatMap(\.needs)
        guard topLevel, !needs.isEmpty else { return select }
        var ordered: [Node] = []
        var seen: Set<Node> = []
        func visit(_ node: Node) {
            guard seen.insert(node).inserted else { return }
            dependencies(of: node).forEach(visit)
            ordered.append(node)
        }
        needs.forEach(visit)
        let definitions = ordered.map { node -> String in
            switch node {
            case .kept: return "\(name(node)) AS (\(body(of: node)))"
            case .cycle: return "\(name(node))(t, k) AS (\(body(of: node)))"
            }
        }
        return "WITH RECURSIVE " + definitions.joined(separator: ", ") + " " + select
    }

    // MARK: Expressions

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
        let seeds = members.enumerated().map { n, table -> String in
            let id = dialect.textKey(identity(of: table).map { qualified(table, $0) })
            let all = "SELECT \(tag(table, cycle)) AS t, \(id) AS k FROM \(dialect.quote(table))"
            guard cut else {
                let seed = SQLConjunction.of([
                    filters[table], referencedFromOutside(table, cycle: cycle, topLevel: false),
                ])!
                return "\(all) WHERE \(seed)"
            }
            // The rows failing their own condition: every row except those meeting it.
            let meeting = "\(all) WHERE \(condition(table, intra: false, topLevel: false))"
            return "SELECT t, k FROM (\(all) EXCEPT \(meeting)) AS cr_s\(n)"
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

    /// The text key of `expressions`, or the null-key marker when any of them is NULL.
    private func keyOrMarker(_ expressions: [String]) -> String {
        "CASE WHEN \(anyNull(expressions)) THEN \(dialect.nullKeyMarker) ELSE \(dialect.textKey(expressions)) END"
    }

    private var falseLiteral: String { "1 = 0" }
}
