import CleanroomConnectors
import CleanroomCore
import CleanroomMasking

/// What `cleanroom preview` shows: the first rows of each table as the source holds them and as
/// `cleanroom mask` would write them, held in memory only.
///
/// The rules are validated against the source exactly as a masking run validates them (fail closed:
/// a column without a rule stops the preview with the same error) and compiled into the same
/// `MaskingPlan`; at most `rows` rows per table are read through the source's bounded reader, with
/// the table's `where:`. Nothing is written anywhere: no target, no evidence, no ledger entry.
///
/// `unique: true` columns show first draws: the rare value that a full run re-draws after a collision
/// (decided over every source value before the copy, `UniquePass`) shows its first draw here.
public enum MaskPreview {
    /// At most this many rows per table are read when the caller does not say.
    public static let defaultRows = 10

    /// One row before and after masking; nil is NULL.
    public struct Row: Sendable, Equatable {
        public var source: [String?]
        public var masked: [String?]
    }

    /// One table's preview.
    public struct Table: Sendable {
        /// The qualified table name.
        public var name: String
        /// The copied columns, in the order `mask` copies them (generated columns are not copied).
        public var columns: [String]
        /// Per column, the rule's summary (`keep`, `fake:email`, …).
        public var transforms: [String]
        /// Per column: whether its rule transforms values (every rule but `keep`).
        public var masked: [Bool]
        /// False for `rows: none` tables, whose rows are never copied (and not read here).
        public var copiesRows: Bool
        /// The table's `where:` filter, applied to the rows read.
        public var filter: String?
        public var rows: [Row]
    }

    /// Previews the tables of `rules` at `source` (all of them, or those `tables` names, qualified or
    /// not), reading at most `rows` rows of each.
    /// - Throws: the rules' validation errors (as `mask` throws them), `PreviewError.unknownTable`,
    ///   a transform's rejection of a source value, connection errors.
    public static func run(
        source endpoint: Endpoint, rules: RulesFile, key: MaskingKey, tables names: [String] = [],
        rows limit: Int = defaultRows
    ) throws -> [Table] {
        guard limit > 0 else { throw PreviewError.rowsNotPositive(limit) }
        let source = try ConnectorFactory.source(endpoint)
        let schema = try source.introspect()
        let plan = try MaskingPlan(rules: RulesValidator.validate(rules, against: schema), key: key)
        return try selected(names, from: plan.validated.tables).map { planned in
            try preview(planned, masker: plan.masker(for: planned), source: source, limit: limit)
        }
    }

    /// The planned tables `names` selects, in the plan's order; all of them when `names` is empty.
    private static func selected(_ names: [String], from tables: [PlannedTable]) throws -> [PlannedTable] {
        guard !names.isEmpty else { return tables }
        var chosen = Set<Int>()
        for name in names {
            let matches = tables.indices.filter { i in
                let table = tables[i].table.name
                return name.contains(".") ? table.description == name : table.name == name
            }
            guard matches.count == 1 else {
                throw PreviewError.unknownTable(
                    name, ambiguous: matches.count > 1, known: tables.map(\.table.name.description))
            }
            chosen.insert(matches[0])
        }
        return chosen.sorted().map { tables[$0] }
    }

    /// Reads at most `limit` rows of one table and masks them.
    private static func preview(
        _ planned: PlannedTable, masker: TableMasker, source: any SourceConnection, limit: Int
    ) throws -> Table {
        let columns = planned.columns.map(\.column)
        var table = Table(
            name: planned.table.name.description, columns: columns.map(\.name),
            transforms: planned.columns.map(\.rule.transform.summary),
            masked: planned.columns.map { $0.rule.transform.as(KeepTransform.self) == nil },
            copiesRows: planned.rule.copyRows, filter: planned.rule.filter, rows: [])
        guard planned.rule.copyRows else { return table }
        let reader = try source.openReader(
            table: planned.table, columns: columns, filter: planned.rule.filter, limit: limit)
        defer { reader.close() }
        while table.rows.count < limit, let batch = try reader.next() {
            let before = decodedRows(batch)
            let after = decodedRows(try masker.mask(batch))
            for (source, masked) in zip(before, after) where table.rows.count < limit {
                table.rows.append(Row(source: source, masked: masked))
            }
        }
        return table
    }

    /// The rows of a batch, each field decoded from COPY text (nil for NULL).
    private static func decodedRows(_ batch: RowBatch) -> [[String?]] {
        var rows: [[String?]] = []
        batch.forEachRow { fields in
            rows.append(fields.map { field in CopyText.decode(field).map { String(decoding: $0, as: UTF8.self) } })
        }
        return rows
    }
}

/// A preview asked for something the rules or the command line cannot give.
public enum PreviewError: CleanroomError {
    /// `--table` named no table of the rules, or several (an unqualified name in two schemas).
    case unknownTable(String, ambiguous: Bool, known: [String])
    /// Fewer than 1 row per table asked for.
    case rowsNotPositive(Int)

    public var exitStatus: ExitStatus { .usage }

    public var description: String {
        switch self {
        case .unknownTable(let name, let ambiguous, let known):
            let reason = ambiguous ? "names tables in several schemas; qualify it" : "is not a table of the rules"
            return "--table \(name) \(reason) (tables: \(known.joined(separator: ", ")))"
        case .rowsNotPositive(let rows):
            return "--rows \(rows): a preview shows at least 1 row per table"
        }
    }
}
