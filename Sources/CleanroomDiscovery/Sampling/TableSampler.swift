import CleanroomConnectors
import CleanroomCore

/// The tallies of a bounded sample of one table.
struct TableSample {
    /// Rows the reader returned: at most the sample size.
    var rowsRead: Int
    /// One tally per sampled column, in the order asked for.
    var tallies: [ValueTally]
}

/// Reads at most `limit` rows of a table through the connector's bounded reader (`LIMIT` for
/// databases, the first rows of a file), so a scan costs the same on a thousand rows or a billion.
enum TableSampler {
    /// Kinds whose values are examined; the others (numbers, dates, booleans, bytes) are only counted.
    static let examinedKinds: Set<ValueKind> = [.text, .other, .json, .inet, .array]

    static func sample(
        _ table: Table, columns: [Column], from source: any SourceConnection, limit: Int
    ) throws -> TableSample {
        var tallies = [ValueTally](repeating: ValueTally(), count: columns.count)
        let examined = columns.map { examinedKinds.contains($0.kind) }
        var rowsRead = 0
        do {
            let reader = try source.openReader(table: table, columns: columns, filter: nil, limit: limit)
            defer { reader.close() }
            while rowsRead < limit, let batch = try reader.next() {
                batch.forEachRow { fields in
                    guard rowsRead < limit else { return }
                    rowsRead += 1
                    for (i, field) in fields.enumerated() where i < columns.count {
                        if examined[i] {
                            tallies[i].observe(CopyText.decode(field))
                        } else {
                            tallies[i].observePresence(CopyText.isNull(field))
                        }
                    }
                }
            }
        } catch let error as CleanroomError {
            throw DiscoveryError.sampleFailed(table: table.name.description, reason: error.description)
        }
        return TableSample(rowsRead: rowsRead, tallies: tallies)
    }
}
