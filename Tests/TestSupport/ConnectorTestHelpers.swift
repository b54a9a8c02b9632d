@testable import CleanroomConnectors
import CleanroomCore
import Foundation
import TestSupport

func readRows(_ reader: any RowReader) throws -> [[UInt8]] {
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

/// Streams `table`'s written (non-generated) columns from `source` into `target`; returns the row count.
@discardableResult
func copyTable(_ table: Table, from source: any SourceConnection, to target: any TargetConnection) throws -> Int {
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

/// Collects errors from concurrent work. `@unchecked Sendable`: `lock` guards `errors`.
final class ErrorCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [any Error] = []

    func run(_ body: () throws -> Void) {
        do { try body() } catch { lock.withLock { collected.append(error) } }
    }

    var errors: [any Error] { lock.withLock { collected } }
}
