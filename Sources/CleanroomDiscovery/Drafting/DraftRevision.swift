import CleanroomConnectors
import CleanroomCore
import CleanroomMasking

/// The draft checked by the leak probe's logic before `scan` writes it (`SampleProbe`): a column the
/// draft keeps whose sampled values hold words of the columns it masks as names, e-mail addresses,
/// usernames or streets (a short comment repeating a customer's surname, too short to read as
/// prose) would fail `mask`. Such a column is drafted `redact`, which replaces those words through
/// the run vocabulary and keeps the rest, or `filler` where a declared length under 64 characters
/// leaves a longer replacement name no room. So the untouched draft passes `check` and `mask`.
enum DraftRevision {
    /// Declared lengths below this take `filler` rather than `redact`.
    static let redactMinimumLength = 64

    static func revise(
        _ tables: [TableScan], schema: DatabaseSchema, source: any SourceConnection, sampleSize: Int, path: String
    ) throws -> [TableScan] {
        let draft = ScanReport(source: source.endpoint.description, sampleSize: sampleSize, seconds: 0, tables: tables)
        guard let rules = try? RulesParser.parse(DraftRulesRenderer.render(draft), path: path),
            let validated = try? RulesValidator.validate(rules, against: schema)
        else { return tables }
        let findings = Dictionary(
            try SampleProbe.findings(validated, source: source, sampleSize: sampleSize).filter { $0.wordHits > 0 }
                .map { ($0.column, $0) }, uniquingKeysWith: { first, _ in first })
        guard !findings.isEmpty else { return tables }
        var revised = tables
        for t in revised.indices {
            for c in revised[t].columns.indices where revised[t].columns[c].rule == .keep {
                let column = revised[t].columns[c].column
                guard let found = findings["\(revised[t].table.name).\(column.name)"] else { continue }
                let short = column.maximumLength.map { $0 < redactMinimumLength } ?? false
                revised[t].columns[c].rule = ProposedRule(short ? .filler : .redact(RedactClass.allCases))
                revised[t].columns[c].note =
                    "words of \(found.sources.joined(separator: ", ")) in \(found.wordHits) of "
                    + "\(found.sampledValues) sampled values: "
                    + (short
                        ? "filler (the column's length leaves a replacement name no room)"
                        : "redact replaces them and keeps the rest of the text")
            }
        }
        return revised
    }
}
