/// A run of rows in COPY text format: each row ends in `\n`, fields split by tabs.
///
/// Batches are the unit that flows through the bounded queues of the pipeline, so their size bounds
/// memory: readers cut a batch at about `RowBatch.targetBytes`.
public struct RowBatch: Sendable {
    /// The encoded rows, back to back.
    public var bytes: [UInt8]
    /// How many rows `bytes` holds.
    public var rowCount: Int

    /// The size readers aim for before handing a batch on.
    public static let targetBytes = 256 * 1024

    public init(bytes: [UInt8] = [], rowCount: Int = 0) {
        self.bytes = bytes
        self.rowCount = rowCount
    }

    /// Whether the batch has reached the size at which a reader hands it on.
    public var isFull: Bool { bytes.count >= RowBatch.targetBytes }

    /// Appends one already-encoded row; `row` must not contain the terminating newline.
    public mutating func appendRow<C: Collection>(encoded row: C) where C.Element == UInt8 {
        bytes.append(contentsOf: row)
        bytes.append(CopyText.newline)
        rowCount += 1
    }

    /// Appends a row of decoded values (nil = NULL), encoding each.
    public mutating func appendRow(values: [[UInt8]?]) {
        for (i, v) in values.enumerated() {
            if i > 0 { bytes.append(CopyText.tab) }
            CopyText.escape(v, into: &bytes)
        }
        bytes.append(CopyText.newline)
        rowCount += 1
    }

    /// The encoded fields of one row (without delimiters), valid only during the call given them.
    public typealias Fields = UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>

    /// Calls `body` with each row's encoded fields (without terminators), in order.
    ///
    /// The fields live in one buffer reused between rows: copy anything kept beyond the call.
    public func forEachRow(_ body: (_ fields: Fields) throws -> Void) rethrows {
        try bytes.withUnsafeBufferPointer { buf in
            var fields = UnsafeMutableBufferPointer<UnsafeBufferPointer<UInt8>>.allocate(capacity: 16)
            defer { fields.deallocate() }
            var count = 0
            var fieldStart = 0
            while true {
                let i = ByteScan.firstIndex(
                    in: buf, from: fieldStart, candidates: { ByteScan.lanes(below: 0x0B, in: $0) },
                    matches: { $0 == CopyText.tab || $0 == CopyText.newline })
                guard i < buf.count else { return }
                if count == fields.count {
                    let grown = UnsafeMutableBufferPointer<UnsafeBufferPointer<UInt8>>.allocate(capacity: 2 * count)
                    _ = grown.initialize(fromContentsOf: fields)
                    fields.deallocate()
                    fields = grown
                }
                fields.initializeElement(at: count, to: UnsafeBufferPointer(rebasing: buf[fieldStart..<i]))
                count += 1
                fieldStart = i + 1
                if buf[i] == CopyText.newline {
                    try body(UnsafeBufferPointer(rebasing: fields[..<count]))
                    count = 0
                }
            }
        }
    }
}
