import CleanroomCore

/// Masks the row batches of one table: untouched columns are copied as encoded bytes; only the
/// fields a rule transforms are unescaped, transformed and re-escaped (DESIGN §2).
///
/// One masker serves one table on one thread at a time; its counters are read after the table ends.
public final class TableMasker: @unchecked Sendable {
    // @unchecked: mutable counters are only touched by the single thread masking this table.
    public let planned: PlannedTable
    private let operations: [Operation]
    /// Per column, the masker of a `.transform` operation, unretained (`operations` holds it): the
    /// per-value call then touches no reference count.
    private let transforms: [Unmanaged<ValueMasker>?]
    private let hasTemplates: Bool
    /// Whether every column is kept, so batches can pass through untouched.
    public let isPassthrough: Bool
    /// Per column: whether an empty string stays empty (it holds nothing to mask); see
    /// ``Transform/keepsEmpty``.
    private let keepsEmpty: [Bool]
    /// Per column: non-NULL values seen and values whose masked form differs from the source.
    public private(set) var statistics: [ColumnStatistics]
    /// Rows this masker has masked so far.
    public private(set) var rowCount = 0
    /// Called with the column index and source value whenever a transform changed a value
    /// (the leak probe records these). `source` is only valid during the call.
    public var onChange: OnChange = nil

    /// The type of ``onChange``.
    public typealias OnChange = ((_ column: Int, _ source: UnsafeRawBufferPointer) -> Void)?

    enum Operation: Sendable {
        case copy
        case transform(ValueMasker)
        case template(ValueMasker)
    }

    init(planned: PlannedTable, operations: [Operation]) {
        self.planned = planned
        self.operations = operations
        transforms = operations.map {
            if case .transform(let masker) = $0 { Unmanaged.passUnretained(masker) } else { nil }
        }
        hasTemplates = operations.contains { if case .template = $0 { return true } else { return false } }
        isPassthrough = operations.allSatisfy { if case .copy = $0 { return true } else { return false } }
        keepsEmpty = planned.columns.map { $0.rule.transform.transform.keepsEmpty }
        statistics = planned.columns.map {
            ColumnStatistics(column: $0.column.name, transform: $0.rule.transform.summary, domain: $0.domain)
        }
    }

    /// Masks one batch.
    /// - Parameter rowsBefore: the table's rows before this batch, which numbers its rows (in errors
    ///   and for transforms that use the row number); by default the rows this masker has masked.
    ///   Several maskers sharing a table pass the batch's position in the table.
    public func mask(_ batch: RowBatch, rowsBefore: Int? = nil) throws -> RowBatch {
        let firstRow = rowsBefore ?? rowCount
        rowCount += batch.rowCount
        if isPassthrough {
            for i in statistics.indices { statistics[i].rows += batch.rowCount }
            return batch
        }
        var out = RowBatch.reusingBuffer()
        // The counters live in a buffer of this call while the batch runs (no exclusivity or
        // uniqueness checks per value) and are stored back even when a value is rejected.
        let values = UnsafeMutableBufferPointer<Int>.allocate(capacity: operations.count)
        let changed = UnsafeMutableBufferPointer<Int>.allocate(capacity: operations.count)
        values.initialize(repeating: 0)
        changed.initialize(repeating: 0)
        var pass = BatchPass(masker: self, rowCount: firstRow, values: values, changed: changed)
        defer {
            for i in statistics.indices {
                statistics[i].values += values[i]
                statistics[i].changed += changed[i]
            }
            values.deallocate()
            changed.deallocate()
        }
        let width = operations.count
        // The column maskers (unretained) and the callback go down as arguments for the batch: read from
        // the pass's own storage, each value's call would copy them (a retain and a release per value).
        let onChange = self.onChange
        try transforms.withUnsafeBufferPointer { transforms in
            try batch.forEachRow { fields in
                pass.rowCount += 1
                guard fields.count == width else {
                    throw MaskingError.valueRejected(
                        table: planned.table.name.description, column: "*",
                        reason: "row \(pass.rowCount) has \(fields.count) fields, expected \(width)")
                }
                if hasTemplates {
                    try pass.maskWithTemplates(fields, onChange: onChange, into: &out.bytes)
                } else {
                    try pass.mask(fields, transforms: transforms, onChange: onChange, into: &out.bytes)
                }
                out.bytes.append(CopyText.newline)
                out.rowCount += 1
            }
        }
        for i in statistics.indices { statistics[i].rows += batch.rowCount }
        return out
    }

    /// The per-value work of one `mask` call, with its counters and scratch buffer.
    private struct BatchPass {
        let masker: TableMasker
        let keepsEmpty: [Bool]
        var rowCount: Int
        /// Per column: non-NULL values and changed values in this batch (the caller's buffers).
        let values: UnsafeMutableBufferPointer<Int>
        let changed: UnsafeMutableBufferPointer<Int>
        /// The decoded source value being masked.
        var scratch: [UInt8] = []
        /// The masked value of the field being masked in a row with templates, reused for every value.
        var output: [UInt8] = []
        let entityDigests = EntityDigests()

        init(
            masker: TableMasker, rowCount: Int, values: UnsafeMutableBufferPointer<Int>,
            changed: UnsafeMutableBufferPointer<Int>
        ) {
            self.masker = masker
            keepsEmpty = masker.keepsEmpty
            self.rowCount = rowCount
            self.values = values
            self.changed = changed
        }

        /// A row without templates: each field is copied or masked straight into `bytes`, a masked
        /// value appended raw and then escaped where it stands (nearly always a scan that finds nothing
        /// to escape).
        mutating func mask(
            _ fields: RowBatch.Fields, transforms: UnsafeBufferPointer<Unmanaged<ValueMasker>?>, onChange: OnChange,
            into bytes: inout [UInt8]
        ) throws {
            let context = RowContext(fields: fields, outputs: [], number: rowCount, entityDigests: entityDigests)
            for i in 0..<transforms.count {
                if i > 0 { bytes.append(CopyText.tab) }
                if let transform = transforms[i] {
                    let start = bytes.count
                    let isNotNull = try transform._withUnsafeGuaranteedRef {
                        try apply($0, field: fields[i], column: i, context: context, onChange: onChange, into: &bytes)
                    }
                    if isNotNull {
                        CopyText.escape(&bytes, from: start)
                    } else {
                        bytes += CopyText.null
                    }
                } else {
                    bytes.append(contentsOf: fields[i])
                }
            }
        }

        /// A row with `template` columns: every other column first, then templates over the masked values.
        mutating func maskWithTemplates(_ fields: RowBatch.Fields, onChange: OnChange, into bytes: inout [UInt8]) throws
        {
            let operations = masker.operations
            // The reused buffer is taken out of `self` while `apply` (which mutates `self`) writes it.
            var output = self.output
            self.output = []
            defer { self.output = output }
            var context = RowContext(
                fields: fields, outputs: Array(repeating: nil, count: fields.count), number: rowCount,
                entityDigests: entityDigests)
            for (i, operation) in operations.enumerated() {
                switch operation {
                case .copy: context.outputs[i] = CopyText.decode(fields[i])
                case .transform(let valueMasker):
                    output.removeAll(keepingCapacity: true)
                    context.outputs[i] =
                        try apply(
                            valueMasker, field: fields[i], column: i, context: context, onChange: onChange,
                            into: &output)
                        ? output : nil
                case .template: break
                }
            }
            for (i, operation) in operations.enumerated() {
                if case .template(let valueMasker) = operation {
                    output.removeAll(keepingCapacity: true)
                    context.outputs[i] =
                        try apply(
                            valueMasker, field: fields[i], column: i, context: context, onChange: onChange,
                            into: &output)
                        ? output : nil
                }
            }
            for (i, operation) in operations.enumerated() {
                if i > 0 { bytes.append(CopyText.tab) }
                if case .copy = operation {
                    bytes.append(contentsOf: fields[i])
                } else {
                    CopyText.escape(context.outputs[i], into: &bytes)
                }
            }
        }

        /// Masks one field, appending its masked value (decoded) to `out`; false, with `out` as it was,
        /// when the masked value is NULL.
        private mutating func apply(
            _ valueMasker: ValueMasker, field: UnsafeBufferPointer<UInt8>, column: Int,
            context: borrowing RowContext, onChange: OnChange, into out: inout [UInt8]
        ) throws -> Bool {
            if CopyText.isNull(field) { return false }
            CopyText.unescape(field, replacing: &scratch)
            values[column] += 1
            if scratch.isEmpty && keepsEmpty[column] { return true }
            let start = out.count
            let isNotNull: Bool
            do {
                isNotNull = try valueMasker.apply(scratch, context, into: &out)
            } catch let failure as TransformFailure {
                throw MaskingError.valueRejected(
                    table: masker.planned.table.name.description,
                    column: masker.planned.columns[column].column.name,
                    reason: "row \(rowCount): \(failure.reason)")
            }
            if !isNotNull || !ByteComparison.equal(out[start...], scratch) {
                changed[column] += 1
                if onChange != nil { scratch.withUnsafeBytes { onChange?(column, $0) } }
            }
            return isNotNull
        }
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

    /// These counts and `other`'s, of the same column's other rows, added.
    public func adding(_ other: ColumnStatistics) -> ColumnStatistics {
        var sum = self
        sum.rows += other.rows
        sum.values += other.values
        sum.changed += other.changed
        return sum
    }
}
