import CleanroomCore
import CleanroomMasking

/// What `cleanroom scan` found and proposes: for every table and column of the source, the finding
/// (if any) and the rule of the draft. Encodes to the `--json` output; holds no sampled value.
public struct ScanReport: Sendable, Encodable {
    /// The source as given (no password).
    public var source: String
    /// The most rows read per table.
    public var sampleSize: Int
    public var seconds: Double
    public var tables: [TableScan]

    /// Every column the draft masks, as `schema.table.column`.
    public var maskedColumns: [String] {
        tables.flatMap { table in table.columns.filter(\.rule.masks).map { "\(table.table.name).\($0.column.name)" } }
    }

    /// Every column with a finding at medium confidence or above, as `schema.table.column`.
    public var personalColumns: [String] {
        tables.flatMap { table in
            table.columns.filter { $0.finding?.isActionable == true }.map { "\(table.table.name).\($0.column.name)" }
        }
    }

    enum CodingKeys: String, CodingKey { case source, sampleSize, seconds, tables }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source)
        try c.encode(sampleSize, forKey: .sampleSize)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(tables, forKey: .tables)
    }
}

/// One table of a scan.
public struct TableScan: Sendable, Encodable {
    public var table: Table
    /// Rows the bounded read returned (at most the sample size).
    public var rowsRead: Int
    /// Proposed `reference: true`: a lookup table of public reference data (see ``DraftBuilder``).
    public var isReference: Bool
    public var columns: [ColumnScan]

    /// The scan of column `name`, if the table has it.
    public func column(_ name: String) -> ColumnScan? {
        columns.first { $0.column.name == name }
    }

    enum CodingKeys: String, CodingKey { case table, rowsRead, reference, columns }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(table.name.description, forKey: .table)
        try c.encode(rowsRead, forKey: .rowsRead)
        try c.encode(isReference, forKey: .reference)
        try c.encode(columns, forKey: .columns)
    }
}

/// One column of a scan: what was found and what the draft does with it.
public struct ColumnScan: Sendable, Encodable {
    public var column: Column
    public var finding: ColumnFinding?
    /// The rule the draft writes (after foreign keys were aligned with what they reference).
    public var rule: ProposedRule
    /// The column's own rule before that alignment: what its own evidence calls for.
    public var ownRule: ProposedRule
    /// The comment the draft writes beside the rule.
    public var note: String

    enum CodingKeys: String, CodingKey { case column, type, finding, rule, note }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(column.name, forKey: .column)
        try c.encode(column.typeName, forKey: .type)
        try c.encodeIfPresent(finding, forKey: .finding)
        try c.encode(rule.summary, forKey: .rule)
        try c.encode(note, forKey: .note)
    }
}
