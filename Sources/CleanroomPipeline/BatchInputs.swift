import CleanroomCore

/// The input values of some columns of a batch, unescaped, row by row: what the leak probe compares a
/// text-preserving column's output with, to look up only the values its transform left as they were.
///
/// A value that `redact`, `json`, `partial` or `template` changed can equal a masked source value
/// only through what the transform wrote (a fake name `redact` put in that some real person bears);
/// what survives of its input is the word-level probe's to find.
struct BatchInputs {
    private let bytes: [UInt8]
    /// Per row and listed column, where its value lies in `bytes`; nil for NULL.
    private let ranges: [Range<Int>?]
    private let width: Int

    /// The values of `columns` (indices into the batch's fields) in every row of `batch`.
    init(_ batch: RowBatch, columns: [Int]) {
        var bytes: [UInt8] = []
        var ranges: [Range<Int>?] = []
        ranges.reserveCapacity(batch.rowCount * columns.count)
        batch.forEachRow { fields in
            for column in columns {
                guard column < fields.count, !CopyText.isNull(fields[column]) else {
                    ranges.append(nil)
                    continue
                }
                let start = bytes.count
                CopyText.unescape(fields[column], into: &bytes)
                ranges.append(start..<bytes.count)
            }
        }
        self.bytes = bytes
        self.ranges = ranges
        width = columns.count
    }

    /// Whether listed column number `slot` of `row` held exactly `value` (never, when it was NULL).
    func held(row: Int, slot: Int, _ value: [UInt8]) -> Bool {
        let index = row * width + slot
        guard index < ranges.count, let range = ranges[index] else { return false }
        return range.count == value.count && bytes[range].elementsEqual(value)
    }
}
