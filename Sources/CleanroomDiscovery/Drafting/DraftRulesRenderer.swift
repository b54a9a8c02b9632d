import CleanroomMasking

/// Writes a scan's draft as a complete rules file (docs/rules.md): every table, every column, a
/// comment per column with the evidence, and each table's `types:` for `cleanroom check`.
///
/// The YAML is rendered by hand so that it can carry comments; ``RulesParser`` reads it back and
/// `cleanroom mask` accepts it unchanged.
public enum DraftRulesRenderer {
    /// Rules wider than this are not padded to align their comments.
    static let commentColumn = 36

    public static func render(_ report: ScanReport) -> String {
        let masked = report.maskedColumns.count
        var lines = [
            "# Draft masking rules written by `cleanroom scan` from \(report.source).",
            "# Read at most \(report.sampleSize) rows per table (bounded reads, never a full scan): \(report.tables.count) tables,",
            "# \(masked) \(masked == 1 ? "column" : "columns") proposed for masking. Review every rule before use.",
            "# Each comment gives the evidence: class, confidence (high: the values and the name agree; medium: one",
            "# of them; low: reported for review and kept), hits among the sampled non-empty values, and the name",
            "# hint. No sampled value appears in this file. `types:` records each column's type at scan time so",
            "# that `cleanroom check` can report type changes.",
            "version: 1",
        ]
        if report.tables.isEmpty {
            lines.append("tables: {}")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("tables:")
        for table in report.tables {
            lines.append("")
            lines += self.table(table)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func table(_ scan: TableScan) -> [String] {
        var lines = ["  # \(scan.rowsRead) \(scan.rowsRead == 1 ? "row" : "rows") sampled"]
        if scan.isReference {
            lines.append(
                "  # Looks like public reference or catalogue data (other tables reference it, nothing personal in its")
            lines.append(
                "  # sample, nothing masked): left out of the leak probe, as its kept names can equal a person's by chance."
            )
        }
        lines.append("  \(YAMLFlow.key(scan.table.name.description)):")
        if scan.isReference { lines.append("    reference: true") }
        if !scan.columns.isEmpty {
            lines.append("    types:")
            for column in scan.columns {
                lines.append("      \(YAMLFlow.key(column.column.name)): \(YAMLFlow.quoted(column.column.typeName))")
            }
        }
        guard !scan.columns.isEmpty else {
            lines.append("    columns: {}")
            return lines
        }
        lines.append("    columns:")
        let entries = scan.columns.map {
            "\(YAMLFlow.key($0.column.name)): \(YAMLFlow.rule($0.rule.transform, unique: $0.rule.unique, domain: $0.rule.domain))"
        }
        let width = min(commentColumn, entries.map(\.count).max() ?? 0)
        for (column, entry) in zip(scan.columns, entries) {
            for path in column.finding?.paths ?? [] {
                lines.append("      # \(path.path): \(path.finding.evidence)")
            }
            let padding = String(repeating: " ", count: max(0, width - entry.count))
            lines.append("      \(entry)\(padding)  # \(column.note)")
        }
        return lines
    }
}
