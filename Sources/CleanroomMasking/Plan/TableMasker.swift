import CleanroomCore

/// Masks the row batches of one table: untouched columns are copied as encoded bytes; only the
/// fields a rule transforms are unescaped, transformed and re-escaped (DESIGN §2).
///
/// One masker serves one table on one thread at a time; its counters are read after the table ends.
public final class TableMasker: @unchecked Sendable {
    // @unchecked: mutable counters are only touched by the single thread masking this table.
    public let planned: PlannedTable
    private let operations: [Operation]
    private let hasTemplates: Bool
    /// Per column: whether an empty string stays empty (it holds nothing to mask). Only `constant`,
    /// `null` and `template` write something in its place.
    private let keepsEmpty: [Bool]
    /// Per column: non-NULL values seen and values whose masked form differs from the source.
    public private(set) var statistics: [ColumnStatistics]
    /// Rows masked so far.
    public private(set) var rowCount = 0
    /// Called with the column index and source value whenever a transform changed a value
    /// (the leak probe records these).
    public var onChange: ((_ column: Int, _ source: [UInt8]) -> Void)?

    enum Operation {
        case copy
        case transform(ValueMasker)
        case template(ValueMasker)
    }

    init(planned: PlannedTable, operations: [Operation]) {
        self.planned = planned
        self.operations = operations
        hasTemplates = operations.contains { if case .template = $0 { return true } else { return false } }
        keepsEmpty = planned.columns.map {
            switch $0.rule.transform {
            case .constant, .null, .template: return false
            default: return true
            }
        }
        statistics = planned.columns.map { ColumnStatistics(column: $0.column.name, transform: $0.rule.transform.summary, domain: $0.domain) }
    }

    /// Whether every column is kept, so batches can pass through untouched.
    public var isPassthrough: Bool {
        operations.allSatisfy { if case .copy = $0 { return true } else { return false } }
    }

    /// Masks one batch.
    public func mask(_ batch: RowBatch) throws -> RowBatch {
        if isPassthrough {
            rowCount += batch.rowCount
            for i in statistics.indices { statistics[i].rows += batch.rowCount }
            return batch
        }
        var out = RowBatch(bytes: [], rowCount: 0)
        out.bytes.reserveCapacity(batch.bytes.count + batch.bytes.count / 8)
        let width = operations.count
        var scratch: [UInt8] = []
        try batch.forEachRow { fields in
            rowCount += 1
            guard fields.count == width else {
                throw MaskingError.valueRejected(table: planned.table.name.description, column: "*",
                                                 reason: "row \(rowCount) has \(fields.count) fields, expected \(width)")
            }
            if hasTemplates {
                try maskWithTemplates(fields, into: &out.bytes, scratch: &scratch)
            } else {
                let context = RowContext(fields: fields, outputs: [])
                for (i, operation) in operations.enumerated() {
                    if i > 0 { out.bytes.append(CopyText.tab) }
                    if case .transform(let masker) = operation {
                        CopyText.escape(try apply(masker, field: fields[i], column: i, context: context, scratch: &scratch), into: &out.bytes)
                    } else {
                        out.bytes.append(contentsOf: fields[i])
                    }
                }
            }
            out.bytes.append(CopyText.newline)
            out.rowCount += 1
        }
        for i in statistics.indices { statistics[i].rows += batch.rowCount }
        return out
    }

    /// Rows with `template` columns: every other column first, then templates over the masked values.
    private func maskWithTemplates(_ fields: [UnsafeBufferPointer<UInt8>], into bytes: inout [UInt8], scratch: inout [UInt8]) throws {
        var context = RowContext(fields: fields, outputs: Array(repeating: nil, count: fields.count))
        for (i, operation) in operations.enumerated() {
            switch operation {
            case .copy: context.outputs[i] = CopyText.decode(fields[i])
            case .transform(let masker): context.outputs[i] = try apply(masker, field: fields[i], column: i, context: context, scratch: &scratch)
            case .template: break
            }
        }
        for (i, operation) in operations.enumerated() {
            if case .template(let masker) = operation {
                context.outputs[i] = try apply(masker, field: fields[i], column: i, context: context, scratch: &scratch)
            }
        }
        for (i, operation) in operations.enumerated() {
            if i > 0 { bytes.append(CopyText.tab) }
            if case .copy = operation { bytes.append(contentsOf: fields[i]) } else { CopyText.escape(context.outputs[i], into: &bytes) }
        }
    }

    private func apply(_ masker: ValueMasker, field: UnsafeBufferPointer<UInt8>, column: Int, context: borrowing RowContext, scratch: inout [UInt8]) throws -> [UInt8]? {
        if CopyText.isNull(field) { return nil }
        scratch.removeAll(keepingCapacity: true)
        CopyText.unescape(field, into: &scratch)
        statistics[column].values += 1
        if scratch.isEmpty && keepsEmpty[column] { return scratch }
        let masked: [UInt8]?
        do {
            masked = try masker.apply(scratch, context)
        } catch let failure as TransformFailure {
            throw MaskingError.valueRejected(table: planned.table.name.description, column: planned.columns[column].column.name,
                                             reason: "row \(rowCount): \(failure.reason)")
        }
        if masked != scratch {
            statistics[column].changed += 1
            onChange?(column, scratch)
        }
        return masked
    }
}

/// Counts for one column, recorded in the evidence.
public struct ColumnStatistics: Sendable, Codable, Equatable {
    public var column: String
    public var transform: String
    public var domain: String
    /// Rows read.
    public var rows = 0
    /// Non-NULL values the transform processed.
    public var values = 0
    /// Values whose masked form differs from the source.
    public var changed = 0
}
