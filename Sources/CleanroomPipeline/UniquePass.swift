import CleanroomConnectors
import CleanroomCore
import CleanroomMasking

/// The pre-pass of `unique: true` columns (`MaskRun.plan`): before any row is copied, reads every
/// source value of each unique domain (`UniqueDomains`: a column and the foreign keys sharing its
/// domain), spills each value's first draw to disk (`DrawSpill`) and finds the few inputs that must
/// re-draw because another input owns their first draw (`UniqueResolver`, by the rule `UniqueDraws`
/// states). The copy then needs no shared state: any worker masks any batch of any table the same
/// way, so a table with unique columns is split between workers like any other, and its output
/// depends neither on the split nor on the order the source returns rows in.
enum UniquePass {
    /// The inputs that re-draw, for the run's unique columns; empty when there are none, or no collision.
    /// - Throws: `MaskingError.uniqueExhausted` when a domain has more distinct values than its
    ///   transform can produce; source and scratch-file errors.
    static func resolve(
        _ plan: MaskingPlan, source: any SourceConnection, jobs: Int, observer: (any MaskObserver)?
    ) throws -> UniqueDraws {
        let unique = try UniqueDomains(plan)
        guard !unique.domains.isEmpty else { return UniqueDraws() }
        let columns = unique.domains.reduce(0) { $0 + $1.columns.count }
        observer?.phase(
            "reading \(columns) unique column(s) for the collisions of their first draws (\(unique.domains.count) domain(s))"
        )
        let stores: [any FirstDrawStore] = try unique.domains.map { domain in
            let values = domain.columns.reduce(0) { sum, column in
                sum + (source.estimatedRowCount(of: plan.validated.tables[column.table].table) ?? 10_000)
            }
            return try DrawSpill(bucketCount: values / 131_072)
        }
        let tables = unique.tables
        _ = try ParallelWork.map(tables.count, jobs: jobs, name: "cleanroom-unique") { i in
            let table = plan.validated.tables[tables[i]]
            var feed = unique.feed(table: tables[i], into: stores)
            var failure: (any Error)?
            try SourceValues.forEach(
                feed.columns.map { table.columns[$0].column }, of: table, in: source,
                batchDone: {
                    do { try feed.flush() } catch { failure = failure ?? error }
                }
            ) { i, value in feed.add(i, value) }
            if let failure { throw failure }
        }
        return try unique.resolve(stores)
    }
}
