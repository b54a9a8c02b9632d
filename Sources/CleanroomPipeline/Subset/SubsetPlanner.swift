import CleanroomConnectors
import CleanroomCore
import CleanroomEvidence
import CleanroomMasking

/// `cleanroom subset plan`: the rows a subset would keep, counted on the source, without a target,
/// a masking key or evidence (nothing is written anywhere).
///
/// ```swift
/// let outcome = try SubsetPlanner.plan(source: .postgres(address), rules: RulesParser.load(path: "rules.yaml"))
/// for table in outcome.tables { print(table.table, table.role, table.keptRows, table.sourceRows ?? "whole") }
/// ```
public enum SubsetPlanner {
    /// Validates `rules` against `source` as `mask` does and counts, per table, the rows the subset
    /// keeps (`MaskPredicate.Subset.Table.keptRows`; for a table copied whole, the rows a copy reads).
    /// - Throws: `PipelineError.subsetMissing` when the rules have no `subset:`; validation and
    ///   source errors as `mask` would.
    public static func plan(source endpoint: Endpoint, rules: RulesFile, jobs: Int = 2) throws -> MaskPredicate.Subset {
        guard rules.subset != nil else { throw PipelineError.subsetMissing(rules: rules.path) }
        let source = try ConnectorFactory.source(endpoint)
        let validated = try RulesValidator.validate(rules, against: try source.introspect())
        guard let selection = try SubsetSelection.plan(validated, source: source) else {
            throw PipelineError.subsetMissing(rules: rules.path)
        }
        var outcome = selection.outcome(try selection.count(on: source, jobs: jobs, countKept: true))
        let whole = validated.tables.filter { planned in
            planned.rule.copyRows && outcome.table(planned.table.name.description)?.sourceRows == nil
        }
        let counts = try ParallelWork.map(whole.count, jobs: jobs, name: "cleanroom-subset-count") { i in
            try source.countRows(of: whole[i].table, filter: whole[i].rule.filter)
        }
        for (planned, count) in zip(whole, counts) {
            if let i = outcome.tables.firstIndex(where: { $0.table == planned.table.name.description }) {
                outcome.tables[i].keptRows = count
            }
        }
        return outcome
    }
}
