import CleanroomConnectors
import CleanroomCore
import CleanroomEvidence
import CleanroomMasking

/// A subset planned for a run (`MaskRun.plan`): the SQL selecting each table's rows, and what
/// the source counts for its summary (`SubsetCounts`).
struct SubsetSelection: Sendable {
    let subset: SubsetRules
    let sql: SubsetSQL
    /// The copied tables, and the schema with the rules' virtual references.
    private let copied: [PlannedTable]
    private let schema: DatabaseSchema

    /// The subset of `validated`, nil when its rules have none.
    /// - Throws: `PipelineError.subsetNeedsSQLSource` for file sources.
    static func plan(_ validated: ValidatedRules, source: any SourceConnection) throws -> SubsetSelection? {
        guard let subset = validated.rules.subset else { return nil }
        guard let dialect = source.traits.sqlDialect else {
            throw PipelineError.subsetNeedsSQLSource(source: source.endpoint.description)
        }
        let copied = validated.tables.filter(\.rule.copyRows)
        let graph = SubsetGraph(
            subset, copied: copied.map(\.table.name), foreignKeys: validated.schema.foreignKeys)
        return SubsetSelection(
            subset: subset, sql: SubsetSQL(graph: graph, dialect: dialect, tables: validated.tables), copied: copied,
            schema: validated.schema)
    }

    /// Counts on `source`, `jobs` queries at once: the rows of each selective table, the rows each
    /// root's predicate selects, the rows each `break:` sets NULL, and (`countKept`, for a plan
    /// printed without copying) the rows each selective table keeps.
    /// - Throws: the source's error, e.g. for a predicate it cannot evaluate.
    func count(on source: any SourceConnection, jobs: Int, countKept: Bool = false) throws -> SubsetCounts {
        enum Count: Sendable {
            case source(QualifiedName), predicate(QualifiedName), kept(QualifiedName)
            case breakRead(ColumnMention), breakKept(ColumnMention)
        }
        var counts: [(Count, Table, String?)] = []
        for planned in copied where sql.graph.role(of: planned.table.name)?.isSelective == true {
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
            guard let table = schema.table(broken.table),
                let filters = sql.breakFilters(for: broken.table, column: broken.column)
            else { continue }
            counts.append((.breakRead(broken), table, filters.read))
            counts.append((.breakKept(broken), table, filters.kept))
        }
        let work = counts
        let results = try ParallelWork.map(work.count, jobs: jobs, name: "cleanroom-subset-count") { i in
            try source.countRows(of: work[i].1, filter: work[i].2)
        }
        var found = SubsetCounts()
        for ((count, _, _), n) in zip(work, results) {
            switch count {
            case .source(let table): found.sourceRows[table] = n
            case .predicate(let table): found.predicateRows[table] = n
            case .kept(let table): found.keptRows[table] = n
            case .breakRead(let column): found.setNull[column, default: 0] += n
            case .breakKept(let column): found.setNull[column, default: 0] -= n
            }
        }
        return found
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
    /// the counted ones when `counts` has them.
    func outcome(_ counts: SubsetCounts, written: [String: Int] = [:]) -> MaskPredicate.Subset {
        let graph = sql.graph
        let tables = graph.roles.keys.sorted().map { name -> MaskPredicate.Subset.Table in
            MaskPredicate.Subset.Table(
                table: name.description, role: graph.roles[name]!.rawValue,
                keptRows: written[name.description] ?? counts.keptRows[name] ?? 0,
                sourceRows: counts.sourceRows[name], predicateRows: counts.predicateRows[name])
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
                    setNull: counts.setNull[broken] ?? 0)
            },
            cycles: graph.cycles.map { $0.map(\.description) },
            tables: tables, vocabulary: subset.vocabularyFromKeptRows ? "kept" : nil)
    }
}

/// What a subset's counts on the source found (`SubsetSelection.count`).
struct SubsetCounts: Sendable {
    var sourceRows: [QualifiedName: Int] = [:]
    var predicateRows: [QualifiedName: Int] = [:]
    var setNull: [ColumnMention: Int] = [:]
    var keptRows: [QualifiedName: Int] = [:]
}

/// A subset's counts taken on a thread of their own while the run learns its vocabulary, creates
/// the target and copies: they are needed only for the summary and the evidence.
final class SubsetCounting {
    /// Written by the counting thread; read after `join`, which orders the two.
    private let result = HandOver<Result<SubsetCounts, any Error>?>(nil)
    private let thread: WorkerThread
    /// The selection being counted.
    let selection: SubsetSelection

    init(_ selection: SubsetSelection, source: any SourceConnection, jobs: Int) {
        self.selection = selection
        let result = self.result
        thread = WorkerThread(name: "cleanroom-subset-count") {
            result.value = Result { try selection.count(on: source, jobs: jobs) }
        }
    }

    /// The counts, once taken.
    /// - Throws: the error the counting met.
    func counts() throws -> SubsetCounts {
        thread.join()
        return try result.value!.get()
    }

    /// Waits for the counting to end, whatever it found (a run that failed).
    func wait() {
        thread.join()
    }
}
