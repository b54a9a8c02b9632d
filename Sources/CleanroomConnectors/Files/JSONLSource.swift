import CleanroomCore

/// A directory of JSON Lines files as a source: one `TABLE.jsonl` a table, one JSON object a line.
///
/// Columns are the keys seen in the first 1,000 lines, in the order first seen; each column's kind
/// comes from its values there (all integers → integer, numbers → numeric, booleans → boolean,
/// objects or arrays → json, anything else or a mix → text). Reading, a key that is missing or
/// `null` is NULL, a string is its decoded text, a number or boolean its JSON text exactly as
/// written, an object or array its compact JSON text. Blank lines are skipped. Row filters are
/// refused; limits are supported.
public final class JSONLSource: SourceConnection {
    /// What the pipeline may rely on.
    public static let traits = SourceTraits(defaultSchema: "main", printForms: nil, isServer: false)

    public let endpoint: Endpoint
    private let directory: TableFileDirectory

    /// How many lines introspection reads to find a file's columns.
    static let sampledLines = 1_000

    /// Opens the directory `path`; fails when it is not a directory.
    public init(directory path: String) throws {
        directory = try TableFileDirectory(path: path, format: "jsonl")
        endpoint = .jsonl(directory: path)
    }

    public func identity() throws -> EndpointIdentity {
        try directory.identity()
    }

    public func introspect() throws -> DatabaseSchema {
        let tables = try directory.tableFiles().map { table, file in
            Table(name: table, columns: try JSONLSource.sampleColumns(of: file))
        }
        return DatabaseSchema(tables: tables, foreignKeys: [])
    }

    public func schemaDefinition(for schema: DatabaseSchema) throws -> SchemaDefinition {
        .none
    }

    public func openReader(table: Table, columns: [Column], filter: String?, limit: Int?) throws -> any RowReader {
        try directory.refuse(filter: filter, columns: columns)
        let lines = try JSONLineReader(path: directory.file(for: table))
        return FileRowReader(decoder: JSONLRecordDecoder(lines: lines, columns: columns), limit: limit)
    }

    private static func sampleColumns(of file: String) throws -> [Column] {
        let lines = try JSONLineReader(path: file)
        var names: [String] = []
        var positions: [String: Int] = [:]
        var evidence: [KindEvidence] = []
        var key: [UInt8] = []
        while lines.number < sampledLines, try lines.next() {
            try lines.members { member, text in
                JSONLineReader.key(of: member, in: text, into: &key)
                let name = String(decoding: key, as: UTF8.self)
                let position: Int
                if let known = positions[name] {
                    position = known
                } else {
                    position = names.count
                    positions[name] = position
                    names.append(name)
                    evidence.append(KindEvidence())
                }
                evidence[position].observe(member.type)
            }
        }
        return zip(names, evidence).map { name, seen in
            Column(name: name, typeName: seen.kind.rawValue, kind: seen.kind)
        }
    }
}

/// What a column's sampled values were, and the kind that follows.
struct KindEvidence {
    private var integers = false, fractions = false, booleans = false, nested = false, strings = false

    mutating func observe(_ type: JSONScanner.ValueType) {
        switch type {
        case .null: break
        case .integer: integers = true
        case .number: fractions = true
        case .boolean: booleans = true
        case .object, .array: nested = true
        case .string: strings = true
        }
    }

    var kind: ValueKind {
        let numbers = integers || fractions
        switch (numbers, booleans, nested, strings) {
        case (true, false, false, false): return fractions ? .numeric : .integer
        case (false, true, false, false): return .boolean
        case (false, false, true, false): return .json
        default: return .text
        }
    }
}

/// JSONL lines to COPY text rows with the requested columns in order.
final class JSONLRecordDecoder: RecordDecoder {
    private let lines: JSONLineReader
    private let names: [[UInt8]]
    /// Where each requested column's value lies in the current line, if present.
    private var slots: [JSONScanner.Member?]
    private var key: [UInt8] = []
    private var scratch: [UInt8] = []

    init(lines: JSONLineReader, columns: [Column]) {
        self.lines = lines
        names = columns.map { Array($0.name.utf8) }
        slots = Array(repeating: nil, count: columns.count)
    }

    func appendNextRow(to batch: inout RowBatch) throws -> Bool {
        guard try lines.next() else { return false }
        for i in slots.indices { slots[i] = nil }
        var expected = 0  // keys usually come in column order: try the next column first
        try lines.members { member, text in
            JSONLineReader.key(of: member, in: text, into: &key)
            let position = expected < names.count && names[expected] == key ? expected : names.firstIndex(of: key)
            if let position {
                slots[position] = member  // a repeated key: the last one wins
                expected = position + 1
            }
        }
        lines.line.withUnsafeBufferPointer { text in
            for (i, slot) in slots.enumerated() {
                if i > 0 { batch.bytes.append(CopyText.tab) }
                append(slot, of: text, to: &batch.bytes)
            }
        }
        batch.bytes.append(CopyText.newline)
        batch.rowCount += 1
        return true
    }

    private func append(_ member: JSONScanner.Member?, of text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard let member, member.type != .null else {
            out.append(contentsOf: CopyText.null)
            return
        }
        let value = UnsafeBufferPointer(rebasing: text[member.value])
        switch member.type {
        case .string where !member.valueHasEscapes:
            CopyText.escape(UnsafeBufferPointer(rebasing: value.dropFirst().dropLast()), into: &out)
        case .string:
            scratch.removeAll(keepingCapacity: true)
            JSONText.appendUnescaped(UnsafeBufferPointer(rebasing: value.dropFirst().dropLast()), to: &scratch)
            CopyText.escape(scratch, into: &out)
        case .object, .array:
            scratch.removeAll(keepingCapacity: true)
            JSONText.appendCompact(value, to: &scratch)
            CopyText.escape(scratch, into: &out)
        default:
            out.append(contentsOf: value)  // numbers, true, false: nothing to escape
        }
    }
}
