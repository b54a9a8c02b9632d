import CleanroomCore

/// A directory of CSV files (RFC 4180) as a source: one `TABLE.csv` a table, its first line the
/// header of column names.
///
/// NULL and the empty string are told apart by quoting: an empty unquoted field (`a,,b`) is NULL, an
/// empty quoted field (`a,"",b`) is the empty string. Every column is text; the schema is `main`.
/// Row filters are refused; limits are supported.
///
/// ```swift
/// let source = try CSVSource(directory: "export")       // export/customer.csv, export/invoice.csv …
/// let table = try source.introspect().tables[0]
/// let reader = try source.openReader(table: table, columns: table.columns, filter: nil, limit: 100)
/// ```
public final class CSVSource: SourceConnection {
    /// What the pipeline may rely on.
    public static let traits = SourceTraits(defaultSchema: "main", printForms: nil, isServer: false)

    public let endpoint: Endpoint
    private let directory: TableFileDirectory

    /// Opens the directory `path`; fails when it is not a directory.
    public init(directory path: String) throws {
        directory = try TableFileDirectory(path: path, format: "csv")
        endpoint = .csv(directory: path)
    }

    public func identity() throws -> EndpointIdentity {
        try directory.identity()
    }

    /// A table per `*.csv` file, its columns (all text, nullable) from the header line.
    public func introspect() throws -> DatabaseSchema {
        let tables = try directory.tableFiles().map { table, file in
            let columns = try CSVSource.header(of: file).map { Column(name: $0, typeName: "text", kind: .text) }
            return Table(name: table, columns: columns)
        }
        return DatabaseSchema(tables: tables, foreignKeys: [])
    }

    public func schemaDefinition(for schema: DatabaseSchema) throws -> SchemaDefinition {
        .none
    }

    /// Streams the file's records as rows of `columns`, found in the header by name.
    public func openReader(table: Table, columns: [Column], filter: String?, limit: Int?) throws -> any RowReader {
        try directory.refuse(filter: filter, columns: columns)
        var parser = try CSVRecordParser(file: ByteFileReader(path: directory.file(for: table)))
        let header = try CSVSource.readHeader(&parser)
        let positions = try columns.map { column in
            guard let position = header.firstIndex(of: column.name) else {
                throw parser.error("the header has no column '\(column.name)'", line: 1)
            }
            return position
        }
        return FileRowReader(
            decoder: CSVRecordDecoder(parser: parser, width: header.count, positions: positions), limit: limit)
    }

    private static func header(of file: String) throws -> [String] {
        var parser = try CSVRecordParser(file: ByteFileReader(path: file))
        return try readHeader(&parser)
    }

    /// The column names of the first record; an empty file or a repeated name is an error.
    private static func readHeader(_ parser: inout CSVRecordParser) throws -> [String] {
        guard try parser.nextRecord() else {
            throw parser.error("the file is empty; the first line must name the columns")
        }
        var names: [String] = []
        for field in parser.fields {
            let name = String(decoding: parser.value(field), as: UTF8.self)
            if names.contains(name) { throw parser.error("the header names column '\(name)' twice") }
            names.append(name)
        }
        return names
    }
}

/// CSV records to COPY text rows: the requested fields in the requested order, empty unquoted → NULL.
struct CSVRecordDecoder: RecordDecoder {
    var parser: CSVRecordParser
    /// How many fields every record must have (the header's count).
    let width: Int
    /// For each requested column, its field's position in a record.
    let positions: [Int]

    mutating func appendNextRow(to batch: inout RowBatch) throws -> Bool {
        guard try parser.nextRecord() else { return false }
        guard parser.fields.count == width else {
            throw parser.error("expected \(width) fields as in the header, found \(parser.fields.count)")
        }
        for (i, position) in positions.enumerated() {
            if i > 0 { batch.bytes.append(CopyText.tab) }
            let field = parser.fields[position]
            if field.start == field.end && !field.quoted {
                batch.bytes.append(contentsOf: CopyText.null)
            } else {
                CopyText.escape(parser.value(field), into: &batch.bytes)
            }
        }
        batch.bytes.append(CopyText.newline)
        batch.rowCount += 1
        return true
    }
}
