import CleanroomCore

/// A new directory of CSV files (RFC 4180) as a target: one `TABLE.csv` a table, a header line of
/// column names, CRLF line ends.
///
/// Fields are quoted when they must be (a comma, quote, CR or LF inside; quotes doubled). NULL is
/// written as an empty unquoted field and the empty string as `""`, so `CSVSource` reads both back.
/// The directory appears only on `commit` (see `StagedDirectory`); an existing one is refused.
public final class CSVTarget: TargetConnection {
    /// What the pipeline may rely on.
    public static let traits = TargetTraits(finalizesWhileVerifying: false, printForms: nil)

    public let endpoint: Endpoint
    private let directory: StagedDirectory

    /// A target that will create the directory `path`; fails when anything already exists there.
    public init(directory path: String) throws {
        directory = try StagedDirectory(path: path, format: "csv")
        endpoint = .csv(directory: path)
    }

    public func identity() throws -> EndpointIdentity { try directory.identity() }

    public func prepare(schema: DatabaseSchema, definition: SchemaDefinition) throws {
        try directory.prepare(schema: schema)
    }

    public func openWriter(table: Table, columns: [Column]) throws -> any RowWriter {
        try FileRowWriter(
            sink: directory.createFile(for: table), format: CSVRowFormat(columns: columns),
            table: table.name.description, columnCount: columns.count)
    }

    /// CSV files have no indexes or constraints: nothing to do.
    public func finalizeSchema(schema: DatabaseSchema, definition: SchemaDefinition, jobs: Int) throws {}

    public func stagedSource() throws -> any SourceConnection { try CSVSource(directory: directory.stagedPath()) }

    public func commit() throws { try directory.commit() }

    public func abort() { directory.abort() }
}

/// COPY text rows to CSV records.
struct CSVRowFormat: RowFormat {
    let columns: [Column]
    private var value: [UInt8] = []

    init(columns: [Column]) {
        self.columns = columns
    }

    func header() -> [UInt8] {
        var out: [UInt8] = []
        for (i, column) in columns.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            CSVRowFormat.appendField(Array(column.name.utf8), to: &out)
        }
        out.append(contentsOf: CSVRowFormat.lineEnd)
        return out
    }

    mutating func append(fields: RowBatch.Fields, row: Int, to out: inout [UInt8]) throws {
        for (i, field) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            if CopyText.isNull(field) { continue }
            CopyText.unescape(field, replacing: &value)
            CSVRowFormat.appendField(value, to: &out)
        }
        out.append(contentsOf: CSVRowFormat.lineEnd)
    }

    private static let lineEnd: [UInt8] = [0x0D, 0x0A]

    /// A non-NULL value, quoted when empty or holding a comma, quote, CR or LF.
    private static func appendField(_ value: [UInt8], to out: inout [UInt8]) {
        let quote = UInt8(ascii: "\"")
        let needsQuotes =
            value.isEmpty || value.contains { $0 == UInt8(ascii: ",") || $0 == quote || $0 == 0x0D || $0 == 0x0A }
        guard needsQuotes else {
            out.append(contentsOf: value)
            return
        }
        out.append(quote)
        for byte in value {
            if byte == quote { out.append(quote) }
            out.append(byte)
        }
        out.append(quote)
    }
}
