import CleanroomConnectors
import CleanroomCore
import CleanroomMasking

/// `cleanroom check`, the CI gate (DESIGN §8): compares a rules file with the live schema and samples
/// the source the way `scan` does.
///
/// It reports new, removed and likely renamed tables and columns (a removed column and a new one of
/// the same recorded type in the same table; a removed table and a new one with the same columns),
/// columns whose type differs from the rules' `types:`, kept columns whose sampled values now look
/// personal, output columns whose sampled values would fail `mask`'s leak probe (`SampleProbe`), and
/// every other problem ``RulesValidator`` finds.
///
/// ```swift
/// let report = try DriftChecker.check(RulesParser.load(path: "rules.yaml"), against: source)
/// exit(report.exitStatus.rawValue)
/// ```
public enum DriftChecker {
    public static func check(
        _ written: RulesFile, against source: any SourceConnection,
        sampleSize: Int = PIIScanner.defaultSampleSize, strict: Bool = false
    ) throws -> DriftReport {
        guard sampleSize >= 1 else { throw DiscoveryError.invalidSampleSize(sampleSize) }
        let schema = try source.introspect()
        let rules = RulesValidator.resolvingUnqualifiedNames(written, in: schema)
        var items: [DriftItem] = []

        let live = Set(schema.tables.map(\.name))
        var newTables = schema.tables.filter { rules.tables[$0.name] == nil }
        for (removed, rule) in rules.tables.filter({ !live.contains($0.key) }).sorted(by: { $0.key < $1.key }) {
            let ruleColumns = Set(rule.columns.keys)
            if !ruleColumns.isEmpty,
                let match = newTables.firstIndex(where: { Set($0.columns.map(\.name)) == ruleColumns })
            {
                items.append(
                    DriftItem(
                        kind: .renamedTable, subject: newTables[match].name.description,
                        message:
                            "table \(removed) → \(newTables[match].name): likely renamed (the same columns); rename its rule at \(rule.location)"
                    ))
                newTables.remove(at: match)
            } else {
                items.append(
                    DriftItem(
                        kind: .removedTable, subject: removed.description,
                        message: "table \(removed) is no longer in the source; remove its rule at \(rule.location)"))
            }
        }

        let referenced = schema.tablesReferencedByOthers
        for table in schema.tables {
            let rule = rules.tables[table.name]
            guard rule != nil || newTables.contains(where: { $0.name == table.name }) else { continue }
            let findings =
                try rule?.copyRows == false ? nil : TableFindings.examine(table, from: source, limit: sampleSize)
            if let rule {
                items += columnDrift(
                    table, rule: rule, findings: findings, isReferenced: referenced.contains(table.name))
            } else if let findings {
                items.append(
                    DriftItem(
                        kind: .newTable, subject: table.name.description,
                        message: "new table \(table.name) (\(table.columns.count) columns) has no rule in \(rules.path)"
                    ))
                for (i, column) in table.columns.enumerated() where !column.isGenerated {
                    items.append(newColumn(table, column, findings.findings[i], sampled: findings.sampledValues[i]))
                }
            }
        }

        for problem in RulesValidator.problems(rules, against: schema) where !problem.isCoverage {
            items.append(
                DriftItem(kind: .problem, subject: problem.subject ?? rules.path, message: problem.description))
        }
        items += SubsetCheck.items(rules, schema: schema, source: source)
        if let validated = try? RulesValidator.validate(rules, against: schema) {
            items += try SampleProbe.items(validated, source: source, sampleSize: sampleSize)
        }
        let order: [DriftItem.Kind] = [
            .newTable, .removedTable, .renamedTable, .newColumn, .removedColumn, .renamedColumn,
            .typeChanged, .keptLooksPersonal, .leakProbe, .subsetCycle, .problem,
        ]
        let sorted = order.flatMap { kind in items.filter { $0.kind == kind } }
        return DriftReport(rulesPath: rules.path, source: source.endpoint.description, strict: strict, items: sorted)
    }

    /// New, removed, renamed and retyped columns of a table the rules name, and kept columns that
    /// look personal. `findings` is nil for a `rows: none` table, whose columns need no rules.
    private static func columnDrift(
        _ table: Table, rule: TableRule, findings: TableFindings?, isReferenced: Bool
    ) -> [DriftItem] {
        var items: [DriftItem] = []
        var added = rule.copyRows ? table.columns.filter { !$0.isGenerated && rule.columns[$0.name] == nil } : []
        for (name, columnRule) in rule.columns.sorted(by: { $0.key < $1.key }) where table.column(named: name) == nil {
            let subject = "\(table.name).\(name)"
            if let type = rule.types[name], let match = added.firstIndex(where: { $0.typeName == type }) {
                items.append(
                    DriftItem(
                        kind: .renamedColumn, subject: "\(table.name).\(added[match].name)",
                        message:
                            "column \(subject) → \(table.name).\(added[match].name) (\(type)): likely renamed; move its rule at \(columnRule.location) to the new name"
                    ))
                added.remove(at: match)
            } else {
                items.append(
                    DriftItem(
                        kind: .removedColumn, subject: subject,
                        message:
                            "column \(subject) is no longer in the source; remove its rule at \(columnRule.location)"))
            }
        }
        let proposals = findings?.ownProposals(isReferenced: isReferenced)
        for (i, column) in table.columns.enumerated() {
            let subject = "\(table.name).\(column.name)"
            if let findings, added.contains(column) {
                items.append(newColumn(table, column, findings.findings[i], sampled: findings.sampledValues[i]))
                continue
            }
            guard let columnRule = rule.columns[column.name] else { continue }
            if let recorded = rule.types[column.name], recorded != column.typeName {
                items.append(
                    DriftItem(
                        kind: .typeChanged, subject: subject,
                        message:
                            "column \(subject) changed type from \(recorded) to \(column.typeName); review its rule at \(columnRule.location) and update `types:`"
                    ))
            }
            if columnRule.transform == .keep, let proposal = proposals?[i], proposal.rule.masks {
                let evidence = findings?.findings[i]?.evidence ?? proposal.note
                items.append(
                    DriftItem(
                        kind: .keptLooksPersonal, subject: subject,
                        message:
                            "column \(subject) is kept at \(columnRule.location) but looks personal (\(evidence)); `cleanroom scan` would propose \(YAMLFlow.rule(proposal.rule.transform, unique: proposal.rule.unique))"
                    ))
            }
        }
        return items
    }

    private static func newColumn(
        _ table: Table, _ column: Column, _ finding: ColumnFinding?, sampled: Int
    ) -> DriftItem {
        let subject = "\(table.name).\(column.name)"
        let looks = finding.map { "looks like \($0.evidence)" } ?? "nothing personal in \(sampled) sampled values"
        return DriftItem(
            kind: .newColumn, subject: subject,
            message: "uncovered column \(subject) (\(column.typeName)) has no rule; \(looks)")
    }
}

private extension MaskingError {
    /// Tables and columns without rules, and rules without tables and columns: reported as drift.
    var isCoverage: Bool {
        switch self {
        case .unknownTable, .unknownColumn, .uncoveredColumns, .uncoveredTables: return true
        default: return false
        }
    }

    /// The column, table or rules-file line a problem is about, where the error says.
    var subject: String? {
        switch self {
        case .incompatibleType(_, let table, let column, _, _), .foreignKeyMismatch(_, let table, let column, _),
            .nullIntoNotNull(_, let table, let column), .uniqueUnsupported(_, let table, let column, _),
            .outputTooLong(_, let table, let column, _, _):
            return "\(table).\(column)"
        case .referencedRowsMissing(_, let table, _): return table
        case .invalidParameter(let location, _, _): return location.description
        default: return nil
        }
    }
}
