import CleanroomConnectors
import CleanroomCore
import CleanroomMasking

/// The findings of one table's sample, column by column.
struct TableFindings {
    var table: Table
    var rowsRead: Int
    /// One per column of `table`, in order.
    var findings: [ColumnFinding?]
    /// Non-empty values examined per column.
    var sampledValues: [Int]
    /// Values that read as prose, per column.
    var proseValues: [Int]
    /// Hashes of each column's distinct sampled values.
    var valueHashes: [Set<Int>]
    /// Hashes of the words of each column's short values, and each short phrase's (`ValueTally`).
    var wordHashes: [Set<Int>]
    var phrases: [[Set<Int>]]
    /// Per column, the parts of each login-shaped value (`ValueTally.handleParts`).
    var handleParts: [[Set<Int>]]

    /// Samples every column of `table` (at most `limit` rows) and classifies it.
    static func examine(_ table: Table, from source: any SourceConnection, limit: Int) throws -> TableFindings {
        let sample = try TableSampler.sample(table, columns: table.columns, from: source, limit: limit)
        let findings = zip(table.columns, sample.tallies).map { column, tally in
            ColumnClassifier.classify(name: column.name, kind: column.kind, tally: tally)
        }
        return TableFindings(
            table: table, rowsRead: sample.rowsRead, findings: findings, sampledValues: sample.tallies.map(\.values),
            proseValues: sample.tallies.map(\.proseValues), valueHashes: sample.tallies.map(\.hashes),
            wordHashes: sample.tallies.map(\.wordHashes), phrases: sample.tallies.map(\.phrases),
            handleParts: sample.tallies.map(\.handleParts))
    }

    /// Whether the table is about people: some column holds a direct identifier (medium or high).
    var isPersonTable: Bool {
        findings.contains { $0.map { $0.isActionable && $0.dataClass.isDirectIdentifier } ?? false }
    }

    /// Each column's own proposal (before foreign keys are aligned).
    /// - Parameter isReferenced: other tables reference this one (a catalogue, when it is not about people).
    func ownProposals(isReferenced: Bool) -> [Proposal] {
        let person = isPersonTable
        let countries = table.columns.indices.filter { i in
            (table.columns[i].kind == .text || table.columns[i].kind == .other)
                && findings[i].map { $0.dataClass == .country && $0.isActionable } ?? false
        }
        let context = TableContext(
            isPersonTable: person, isCatalogue: isReferenced && !person,
            countryColumns: countries.map { table.columns[$0].name })
        return table.columns.indices.map { i in
            let prose = sampledValues[i] > 0 && proseValues[i] * 2 >= sampledValues[i] ? proseValues[i] : nil
            return RuleProposer.propose(
                findings[i], column: table.columns[i], table: table, sampledValues: sampledValues[i],
                context: context, proseValues: prose)
        }
    }
}

/// Assembles the draft from every table's findings: each column's own proposal, then foreign keys
/// given exactly the rule of the column they reference (so joins survive and validation passes),
/// then `reference: true` for referenced tables of public reference or catalogue data.
enum DraftBuilder {
    static func build(schema: DatabaseSchema, examined: [TableFindings]) -> [TableScan] {
        let examined = ValueOverlap.classify(examined, schema: schema)
        let referenced = schema.tablesReferencedByOthers
        let proposals = examined.map { $0.ownProposals(isReferenced: referenced.contains($0.table.name)) }
        var own: [ColumnKey: Proposal] = [:]
        for (table, tableProposals) in zip(examined, proposals) {
            for (column, proposal) in zip(table.table.columns, tableProposals) {
                own[ColumnKey(table.table.name, column.name)] = proposal
            }
        }
        return zip(examined, proposals).map { entry, tableProposals in
            let columns = entry.table.columns.enumerated().map { i, column -> ColumnScan in
                let key = ColumnKey(entry.table.name, column.name)
                let proposal = tableProposals[i]
                var scan = ColumnScan(
                    column: column, finding: entry.findings[i], rule: proposal.rule, ownRule: proposal.rule,
                    note: proposal.note)
                if let target = schema.referencedColumn(table: entry.table.name, column: column.name) {
                    scan.rule = resolve(key, from: proposal, schema: schema, own: own).rule
                    scan.note = foreignKeyNote(scan, target: "\(target.table).\(target.column)")
                } else if entry.table.primaryKey.contains(column.name) {
                    scan.note = "primary key; " + scan.note
                }
                return scan
            }
            return TableScan(
                table: entry.table, rowsRead: entry.rowsRead,
                isReference: isReference(entry.table, columns, referenced: referenced), columns: columns)
        }
    }

    /// The rule of the column at the end of `key`'s chain of foreign keys.
    private static func resolve(
        _ key: ColumnKey, from proposal: Proposal, schema: DatabaseSchema, own: [ColumnKey: Proposal]
    ) -> Proposal {
        var at = key
        var current = proposal
        var seen: Set<ColumnKey> = [key]
        while let next = schema.referencedColumn(table: at.table, column: at.column).map({
            ColumnKey($0.table, $0.column)
        }),
            let found = own[next], seen.insert(next).inserted
        {
            at = next
            current = found
        }
        return current
    }

    private static func foreignKeyNote(_ scan: ColumnScan, target: String) -> String {
        let base = "foreign key → \(target): the same rule, so joins survive"
        guard let finding = scan.finding, finding.isActionable else { return base }
        if scan.ownRule.masks && !scan.rule.masks {
            return "REVIEW \(finding.evidence); but it references \(target), which is kept: mask both alike or neither"
        }
        return "\(base); \(finding.evidence)"
    }

    /// Public reference or catalogue data (countries, cities, languages, films, tracks): other tables
    /// reference it, nothing in its sample looked personal beyond place names (a weak, low-confidence
    /// hit aside: a territory called Georgia is no first name), nothing is masked, and it has text to
    /// compare. Its kept names can equal some person's by chance (a staff member called
    /// Dallas, a composer called Harris), so the leak probe leaves it out (docs/rules.md, "Leak probe").
    private static func isReference(_ table: Table, _ columns: [ColumnScan], referenced: Set<QualifiedName>) -> Bool {
        referenced.contains(table.name)
            && columns.allSatisfy { column in
                !column.rule.masks && column.finding.map { $0.dataClass.isQuasiIdentifier || !$0.isActionable } ?? true
            }
            && columns.contains { $0.column.kind == .text || $0.column.kind == .other }
    }
}

extension DatabaseSchema {
    /// Tables that another table references by a foreign key.
    var tablesReferencedByOthers: Set<QualifiedName> {
        Set(foreignKeys.filter { $0.table != $0.referencedTable }.map(\.referencedTable))
    }
}

/// A column of a table, as a dictionary key.
struct ColumnKey: Hashable {
    var table: QualifiedName
    var column: String

    init(_ table: QualifiedName, _ column: String) {
        self.table = table
        self.column = column
    }
}
