import CleanroomConnectors
import CleanroomCore
import Foundation

/// The whole copy a run makes, without masking: introspect, prepare, every table through a reader
/// and a writer (tables in parallel, as the pipeline runs them), finalize, commit; abort on failure.
func copyAll(from source: any SourceConnection, to target: any TargetConnection) throws {
    let schema = try source.introspect()
    let definition = try source.schemaDefinition(for: schema)
    do {
        try target.prepare(schema: schema, definition: definition)
        let failures = ErrorCollector()
        DispatchQueue.concurrentPerform(iterations: schema.tables.count) { i in
            failures.run { try copyTable(schema.tables[i], from: source, to: target) }
        }
        if let first = failures.errors.first { throw first }
        try target.finalizeSchema(schema: schema, definition: definition, jobs: 2)
        try target.commit()
    } catch {
        target.abort()
        throw error
    }
}

/// Every row a reader yields, decoded (nil = NULL).
func readAll(_ reader: any RowReader) throws -> [[[UInt8]?]] {
    defer { reader.close() }
    var rows: [[[UInt8]?]] = []
    while let batch = try reader.next() {
        batch.forEachRow { fields in rows.append(fields.map { CopyText.decode($0) }) }
    }
    return rows
}

/// One batch holding `rows` (nil = NULL), as a reader would produce it.
func batch(_ rows: [[String?]]) -> RowBatch {
    var batch = RowBatch()
    for row in rows { batch.appendRow(values: row.map { $0.map { Array($0.utf8) } }) }
    return batch
}
