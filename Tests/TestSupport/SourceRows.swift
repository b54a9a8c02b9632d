import CleanroomConnectors
import CleanroomCore

/// Reads whole tables back in tests, decoded, columns by name.
public enum SourceRows {
    /// Every row of `table` in `source`, decoded (nil = NULL), generated columns left out.
    public static func rows(of table: Table, in source: any SourceConnection) throws -> [[String: String?]] {
        let columns = table.columns.filter { !$0.isGenerated }
        let fields = try readAll(source.openReader(table: table, columns: columns, filter: nil, limit: nil))
        return fields.map { values in
            var row: [String: String?] = [:]
            for (i, value) in values.enumerated() {
                // updateValue keeps a NULL column as a key with a nil value (assigning nil would drop it).
                row.updateValue(value.map { String(decoding: $0, as: UTF8.self) }, forKey: columns[i].name)
            }
            return row
        }
    }

    /// Every non-NULL value anywhere in `source`'s tables.
    public static func allValues(in source: any SourceConnection) throws -> Set<String> {
        var values: Set<String> = []
        for table in try source.introspect().tables {
            for row in try rows(of: table, in: source) {
                for case let value? in row.values { values.insert(value) }
            }
        }
        return values
    }
}

/// Every row a reader yields, its fields decoded (nil = NULL); closes the reader.
public func readAll(_ reader: any RowReader) throws -> [[[UInt8]?]] {
    defer { reader.close() }
    var rows: [[[UInt8]?]] = []
    while let batch = try reader.next() {
        batch.forEachRow { fields in rows.append(fields.map { CopyText.decode($0) }) }
    }
    return rows
}

/// Every row a reader yields as COPY text, each with its newline, in order; closes the reader.
public func readRows(_ reader: any RowReader) throws -> [[UInt8]] {
    defer { reader.close() }
    var rows: [[UInt8]] = []
    while let batch = try reader.next() {
        var start = 0
        for (i, byte) in batch.bytes.enumerated() where byte == CopyText.newline {
            rows.append(Array(batch.bytes[start...i]))
            start = i + 1
        }
    }
    return rows
}
