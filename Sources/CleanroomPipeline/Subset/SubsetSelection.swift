import CleanroomConnectors
import CleanroomCore
import CleanroomEvidence
import CleanroomMasking

/// A subset planned for a run (`MaskRun.plan`): the SQL selecting each table's rows, and the counts
/// taken on the source before the copy (rows of each selective table, rows each root's predicate
/// selects, rows whose `break:` key is set NULL).
struct SubsetSelection: Sendable {
    let subset: SubsetRules
    let sql: SubsetSQL
    private let sourceRows: [QualifiedName: Int]
    private let predicateRows: [QualifiedName: Int]
    private let setNull: [ColumnMention: Int]
    /// Rows each selective table keeps, when counted (`subset plan`); a run counts what it wrote.
    private let keptRows: [QualifiedName: Int]

    /// The subset of `validated` (nil when its rules have none), with its counts on `source`.
    /// - Parameter countKept: also count the rows each selective table keeps (for a plan printed
    ///   without copying).
    /// - Throws: `PipelineError.subsetNeedsSQLSource` for file sources; the source's error for a
    ///   predicate it cannot evaluate.
    static func plan(
        _ validated: ValidatedRules, source: any SourceConnection, jobs: Int, countKept: Bool = false,
        observer: (any MaskObserver)? = nil
    ) throws -> SubsetSelection? {
        guard let subset = validated.rules.subset else { return nil }
        guard let dialect = source.traits.sqlDialect else {
            throw PipelineError.subsetNeedsSQLSource(source: source.endpoint.description)
        }
        let copied = validated.tables.filter(\.rule.copyRows)
        let graph = SubsetGraph(
            subset, copied: copied.map(\.table.name), foreignKeys: validated.schema.foreignKeys)
        let sql = SubsetSQL(graph: graph, dialect: dialect, tables: validated.tables)
        observer?.phase("counting the subset's rows on the source")

        enum Count: Sendable {
            case source(QualifiedName), predicate(QualifiedName), kept(QualifiedName)
            case breakRead(ColumnMention), breakKept(ColumnMention)
        }
        var counts: [(Count, Table, String?)] = []
        for planned in copied where graph.role(of: planned.table.name)?.isSelective == true {
            let name = planned.table.name
            counts.append((.source(name), planned.table, nil))
            if let predicate = sql.predicateFilter(for: name) {
                counts.append((.predicate(name), planned.table, predicate))
            }
            if countKept { counts.append((.kept(name), planned.table, sql.filter(for: name))) }
        }
        // Rows set NULL: those read less those whose key stays (two positive counts, which the
        // server plans as semi-joins).
        for broken in subset.breaks {
            guard let table = validated.schema.table(broken.table),
                let filters = sql.breakFilters(for: broken.table, column: broken.column)
            else { continue }
            counts.append((.breakRead(broken), table, filters.read))
            counts.append((.breakKept(broken), table, filters.kept))
        }
        let work = counts
        let results = try ParallelWork.map(work.count, jobs: jobs, name: "cleanroom-subset-count") { i in
            try source.countRows(of: work[i].1, filter: work[i].2)
        }
        var sourceRows: [QualifiedName: Int] = [:]
        var predicateRows: [QualifiedName: Int] = [:]
        var keptRows: [QualifiedName: Int] = [:]
        var setNull: [ColumnMention: Int] = [:]
        for ((count, _, _), n) in zip(work, results) {
            switch count {
            case .source(let table): sourceRows[table] = n
            case .predicate(let table): predicateRows[table] = n
            case .kept(let table): keptRows[table] = n
            case .breakRead(let column): setNull[column, default: 0] += n
            case .breakKept(let column): setNull[column, default: 0] -= n
            }
        }
        return SubsetSelection(
            subset: subset, sql: sql, sourceRows: sourceRows, predicateRows: predicateRows, setNull: setNull,
            keptRows: keptRows)
    }

    /// `validated` reading only the subset: each selective table's `where:` narrowed to its
    /// selection, and `break:` keys to selective tables read NULL where they point at rows left out.
    func narrowing(_ validated: ValidatedRules) -> ValidatedRules {
        var narrowed = validated
        for i in narrowed.tables.indices {
            let name = narrowed.tables[i].table.name
            if let filter = sql.filter(for: name) { narrowed.tables[i].rule.filter = filter }
            for j in narrowed.tables[i].columns.indices {
                let column = narrowed.tables[i].columns[j].column.name
                narrowed.tables[i].columns[j].column.readExpression = sql.readExpression(for: name, column: column)
            }
        }
        return narrowed
    }

    /// The outcome, with `written` rows per table (as the run names tables) for the kept rows, or
    /// the counted ones when the plan counted them.
    func outcome(written: [String: Int] = [:]) -> MaskPredicate.Subset {
        let graph = sql.graph
        let tables = graph.roles.keys.sorted().map { name -> MaskPredicate.Subset.Table in
            MaskPredicate.Subset.Table(
                table: name.description, role: graph.roles[name]!.rawValue,
                keptRows: written[name.description] ?? keptRows[name] ?? 0,
                sourceRows: sourceRows[name], predicateRows: predicateRows[name])
        }
        let followed = graph.edges.filter { graph.checks($0) || graph.needs($0) }
        return MaskPredicate.Subset(
            roots: subset.roots.map { .init(table: $0.table.description, predicate: $0.predicate) },
            trimParents: subset.trimParents.map(\.table.description),
            followed: followed.map(\.description),
            breaks: subset.breaks.map { broken in
                MaskPredicate.Subset.Break(
                    column: broken.description,
                    key: graph.edges.first {
                        $0.isBroken && $0.child == broken.table && $0.key.columns.contains(broken.column)
                    }?
                    .description ?? "",
                    setNull: setNull[broken] ?? 0)
            },
            cycles: graph.cycles.map { $0.map(\.description) },
            tables: tables)
    }
}
