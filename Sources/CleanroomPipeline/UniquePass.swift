import CleanroomConnectors
import CleanroomCore
import CleanroomMasking

/// The `unique: true` columns' share of the plan's pre-pass (`SourcePrepass`): before any row is
/// copied, every source value of each unique domain (`UniqueDomains`: a column and the foreign keys
/// sharing its domain) is read, each value's first draw spilled to disk (`DrawSpill`), and the few
/// inputs found that must re-draw because another input owns their first draw (`UniqueResolver`, by
/// the rule `UniqueDraws` states). The copy then needs no shared state: any worker masks any batch
/// of any table the same way, so a table with unique columns is split between workers like any
/// other, and its output depends neither on the split nor on the order the source returns rows in.
enum UniquePass {
    /// The plan's unique domains and a spill for each, sized from the row estimates; nil when the
    /// plan has no unique column whose collisions need resolving.
    static func prepare(
        _ plan: MaskingPlan, source: any SourceConnection
    ) throws -> (domains: UniqueDomains, stores: [any FirstDrawStore])? {
        let unique = try UniqueDomains(plan)
        guard !unique.domains.isEmpty else { return nil }
        let stores: [any FirstDrawStore] = try unique.domains.map { domain in
            let values = domain.columns.reduce(0) { sum, column in
                sum + (source.estimatedRowCount(of: plan.validated.tables[column.table].table) ?? 10_000)
            }
            return try DrawSpill(bucketCount: values / 131_072)
        }
        return (unique, stores)
    }
}
