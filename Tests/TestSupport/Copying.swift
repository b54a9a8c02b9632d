import CleanroomConnectors
import CleanroomCore
import Foundation

/// The whole copy a run makes, without masking: introspect, prepare, every table through a reader
/// and a writer (tables in parallel, as the pipeline runs them), finalize, commit; abort on failure.
public func copyAll(from source: any SourceConnection, to target: any TargetConnection) throws {
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

/// Streams `table`'s written (non-generated) columns from `source` into `target`; returns the row count.
@discardableResult
public func copyTable(
    _ table: Table, from source: any SourceConnection,
    to target: any TargetConnection
) throws -> Int {
    let columns = table.columns.filter { !$0.isGenerated }
    let reader = try source.openReader(table: table, columns: columns, filter: nil, limit: nil)
    defer { reader.close() }
    let writer = try target.openWriter(table: table, columns: columns)
    var rows = 0
    do {
        while let batch = try reader.next() {
            try writer.write(batch)
            rows += batch.rowCount
        }
        try writer.finish()
    } catch {
        writer.close()
        throw error
    }
    return rows
}

/// One batch holding `rows` (nil = NULL), as a reader would produce it.
public func batch(_ rows: [[String?]]) -> RowBatch {
    var batch = RowBatch()
    for row in rows { batch.appendRow(values: row.map { $0.map { Array($0.utf8) } }) }
    return batch
}

/// Collects errors from concurrent work. `@unchecked Sendable`: `lock` guards `errors`.
public final class ErrorCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [any Error] = []

    public init() {}

    /// Runs `body`, keeping the error it throws.
    public func run(_ body: () throws -> Void) {
        do { try body() } catch { lock.withLock { collected.append(error) } }
    }

    /// The errors kept so far.
    public var errors: [any Error] { lock.withLock { collected } }
}
