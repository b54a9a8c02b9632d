import CleanroomCore

/// How a file format writes rows: a header, then one encoded row per COPY text row.
protocol RowFormat {
    /// What the file starts with (a CSV header line; nothing for JSONL).
    func header() -> [UInt8]
    /// Appends one row, given its COPY text fields (one per column); `row` is 1-based, for messages.
    mutating func append(fields: RowBatch.Fields, row: Int, to out: inout [UInt8]) throws
}

/// A `RowWriter` into one file of a directory target: each batch is encoded in memory and written
/// with one call, so memory stays at about one batch.
final class FileRowWriter<Format: RowFormat>: RowWriter {
    private let sink: FileSink
    private var format: Format
    private let table: String
    private let columnCount: Int
    private var rows = 0

    init(sink: FileSink, format: Format, table: String, columnCount: Int) throws {
        self.sink = sink
        self.format = format
        self.table = table
        self.columnCount = columnCount
        try sink.append(format.header())
    }

    func write(_ batch: RowBatch) throws {
        var out: [UInt8] = []
        out.reserveCapacity(batch.bytes.count + batch.bytes.count / 4)
        try batch.forEachRow { fields in
            rows += 1
            guard fields.count == columnCount else {
                throw ConnectorError.invalidValue(
                    table: table, column: "*", row: rows,
                    message: "expected \(columnCount) fields, got \(fields.count)")
            }
            try format.append(fields: fields, row: rows, to: &out)
        }
        try sink.append(out)
    }

    func finish() throws {
        try sink.finish()
    }

    func close() {
        sink.discard()
    }
}
