import CleanroomCore

/// A new directory of JSON Lines files as a target: one `TABLE.jsonl` a table, one object a row
/// with its keys in column order.
///
/// Values are written by their column's kind: integer and numeric values as JSON numbers when they
/// are valid JSON numbers, booleans (`t`/`f`/`true`/`false`) as `true`/`false`, json values embedded
/// (compacted) when they are valid JSON, NULL as `null`, everything else as strings. The directory
/// appears only on `commit` (see `StagedDirectory`); an existing one is refused.
public final class JSONLTarget: TargetConnection {
    /// What the pipeline may rely on.
    public static let traits = TargetTraits(finalizesWhileVerifying: false, printForms: nil)

    public let endpoint: Endpoint
    private let directory: StagedDirectory

    /// A target that will create the directory `path`; fails when anything already exists there.
    public init(directory path: String) throws {
        directory = try StagedDirectory(path: path, format: "jsonl")
        endpoint = .jsonl(directory: path)
    }

    public func identity() throws -> EndpointIdentity { try directory.identity() }

    public func prepare(schema: DatabaseSchema, definition: SchemaDefinition) throws {
        try directory.prepare(schema: schema)
    }

    public func openWriter(table: Table, columns: [Column]) throws -> any RowWriter {
        try FileRowWriter(
            sink: directory.createFile(for: table),
            format: JSONLRowFormat(table: table.name.description, columns: columns),
            table: table.name.description, columnCount: columns.count)
    }

    /// JSONL files have no indexes or constraints: nothing to do.
    public func finalizeSchema(schema: DatabaseSchema, definition: SchemaDefinition, jobs: Int) throws {}

    public func stagedSource() throws -> any SourceConnection { try JSONLSource(directory: directory.stagedPath()) }

    public func commit() throws { try directory.commit() }

    public func abort() { directory.abort() }
}

/// COPY text rows to JSON objects, one a line.
struct JSONLRowFormat: RowFormat {
    private let table: String
    private let columns: [Column]
    /// Each column's `{"name":` or `,"name":`, encoded once.
    private let keys: [[UInt8]]
    private var value: [UInt8] = []

    init(table: String, columns: [Column]) {
        self.table = table
        self.columns = columns
        keys = columns.enumerated().map { i, column in
            var key: [UInt8] = [i == 0 ? UInt8(ascii: "{") : UInt8(ascii: ",")]
            // Column names come from Swift Strings, so they are valid UTF-8 and always quote.
            _ = Array(column.name.utf8).withUnsafeBufferPointer { JSONText.appendQuoted($0, to: &key) }
            key.append(UInt8(ascii: ":"))
            return key
        }
    }

    func header() -> [UInt8] { [] }

    mutating func append(fields: RowBatch.Fields, row: Int, to out: inout [UInt8]) throws {
        if fields.isEmpty { out.append(UInt8(ascii: "{")) }
        for (i, field) in fields.enumerated() {
            out.append(contentsOf: keys[i])
            if CopyText.isNull(field) {
                out.append(contentsOf: JSONLRowFormat.null)
                continue
            }
            CopyText.unescape(field, replacing: &value)
            let written = value.withUnsafeBufferPointer {
                JSONLRowFormat.appendValue($0, kind: columns[i].kind, to: &out)
            }
            guard written else {
                throw ConnectorError.invalidValue(
                    table: table, column: columns[i].name, row: row,
                    message: "the text is not valid UTF-8, which JSON requires")
            }
        }
        out.append(contentsOf: [UInt8(ascii: "}"), CopyText.newline])
    }

    private static let null = Array("null".utf8)

    /// One non-NULL value by its column's kind; false when it had to be a string and is not UTF-8.
    private static func appendValue(_ value: UnsafeBufferPointer<UInt8>, kind: ValueKind, to out: inout [UInt8]) -> Bool
    {
        switch kind {
        case .integer, .numeric:
            if JSONScanner.isNumber(value) {
                out.append(contentsOf: value)
                return true
            }
        case .boolean:
            if let flag = NumberText.boolean(value) {
                out.append(contentsOf: (flag ? "true" : "false").utf8)
                return true
            }
        case .json where JSONScanner.validate(value) != nil:
            JSONText.appendCompact(value, to: &out)
            return true
        default:
            break
        }
        return JSONText.appendQuoted(value, to: &out)
    }
}
