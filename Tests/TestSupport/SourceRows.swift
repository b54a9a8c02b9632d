import CleanroomConnectors
import CleanroomCore

/// Reads whole tables back in tests, decoded, columns by name.
public enum SourceRows {
    /// Every row of `table` in `source`, decoded (nil = NULL), generated columns left out.
    public static func rows(of table: Table, in source: any SourceConnection) throws -> [[String: String?]] {
        let columns = table.columns.filter { !$0.isGenerated }
        let reader = try source.openReader(table: table, columns: columns, filter: nil, limit: nil)
        defer { reader.close() }
        var out: [[String: String?]] = []
        while let batch = try reader.next() {
            batch.forEachRow { fields in
                var row: [String: String?] = [:]
                for (i, f) in fields.enumerated() {
                    // updateValue keeps a NULL column as a key with a nil value (assigning nil would drop it).
                    row.updateValue(CopyText.decode(f).map { String(decoding: $0, as: UTF8.self) }, forKey: columns[i].name)
                }
                out.append(row)
            }
        }
        return out
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
