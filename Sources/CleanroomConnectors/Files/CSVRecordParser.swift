/// A streaming RFC 4180 parser: one record at a time, byte by byte, from a `ByteFileReader`.
///
/// - Fields are separated by `,`; records end in CRLF or LF (the last may have no terminator).
/// - A field in double quotes may hold commas, quotes written `""`, and line breaks (kept as written).
/// - A quote inside an unquoted field, anything but a separator after a closing quote, and a quoted
///   field left open at the end of the file are errors naming the file and line.
/// - Each field remembers whether it was quoted, because an empty unquoted field means NULL and an
///   empty quoted field `""` means the empty string.
/// - A UTF-8 byte-order mark at the start of the file is skipped.
struct CSVRecordParser {
    /// One field of the current record: `bytes[start..<end]` of `CSVRecordParser.bytes`.
    struct Field {
        var start: Int
        var end: Int
        var quoted: Bool
    }

    private let file: ByteFileReader
    /// The decoded content of the current record's fields, back to back.
    private(set) var bytes: [UInt8] = []
    /// The current record's fields.
    private(set) var fields: [Field] = []
    /// The line the current record starts on (1-based).
    private(set) var recordLine = 0
    /// The line the next byte is on.
    private var line = 1

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr: UInt8 = 0x0D, lf: UInt8 = 0x0A

    init(file: ByteFileReader) throws {
        self.file = file
        try file.skip(prefix: [0xEF, 0xBB, 0xBF])
    }

    var path: String { file.path }

    /// Reads the next record into `bytes` and `fields`; false at the end of the file.
    mutating func nextRecord() throws -> Bool {
        bytes.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
        recordLine = line
        guard let first = try file.nextByte() else { return false }
        var next: UInt8? = first
        while true {
            // `next` is the field's first byte, or nil when the file ends right after a comma.
            let start = bytes.count
            let quoted = next == Self.quote
            if quoted {
                try readQuotedRest()
                next = try file.nextByte()
                if let after = next, try !isSeparator(after) {
                    throw error(
                        "unexpected character '\(Character(Unicode.Scalar(after)))' after a closing quote (write a quote inside a quoted field as \"\")"
                    )
                }
            } else {
                while let byte = next, try !isSeparator(byte) {
                    if byte == Self.quote {
                        throw error("a quote inside an unquoted field (quote the whole field and double the quote)")
                    }
                    bytes.append(byte)
                    next = try file.nextByte()
                }
            }
            fields.append(Field(start: start, end: bytes.count, quoted: quoted))
            switch next {
            case Self.comma?:
                next = try file.nextByte()
            case Self.cr?:
                _ = try file.nextByte()  // the LF that `isSeparator` saw
                line += 1
                return true
            case Self.lf?:
                line += 1
                return true
            default:
                return true  // end of file
            }
        }
    }

    /// The bytes of `field` in the current record.
    func value(_ field: Field) -> ArraySlice<UInt8> {
        bytes[field.start..<field.end]
    }

    /// An error at the current record's first line.
    func error(_ message: String, line: Int? = nil) -> ConnectorError {
        .file(path: file.path, line: line ?? recordLine, message: message)
    }

    /// After an opening quote: the field's content up to and including the closing quote.
    private mutating func readQuotedRest() throws {
        let opened = line
        while true {
            guard let byte = try file.nextByte() else {
                throw error(
                    "unterminated quoted field (opened on this line, the file ends before its closing quote)",
                    line: opened)
            }
            if byte == Self.quote {
                guard try file.peekByte() == Self.quote else { return }
                _ = try file.nextByte()
            } else if byte == Self.lf {
                line += 1
            }
            bytes.append(byte)
        }
    }

    /// A comma, LF, or CR followed by LF (the CR alone is data).
    private func isSeparator(_ byte: UInt8) throws -> Bool {
        if byte == Self.comma || byte == Self.lf { return true }
        return byte == Self.cr ? try file.peekByte() == Self.lf : false
    }
}
