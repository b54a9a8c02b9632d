import CSQLite
import Foundation
import TestSupport

/// A value as SQLite stores it, for comparing databases exactly (storage class and bytes).
enum StoredValue: Hashable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text([UInt8])
    case blob([UInt8])

    var description: String {
        switch self {
        case .null: return "NULL"
        case .integer(let v): return "INTEGER \(v)"
        case .real(let v): return "REAL \(v)"
        case .text(let b): return "TEXT '\(String(decoding: b, as: UTF8.self))'"
        case .blob(let b): return "BLOB \(b.count) bytes"
        }
    }
}

/// A direct sqlite3 C API connection for tests, independent of the code under test.
final class SQLiteFile {
    private let db: OpaquePointer

    init(_ path: String, readOnly: Bool = true) throws {
        var handle: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let handle else {
            sqlite3_close(handle)
            throw TestFailure("cannot open \(path)")
        }
        db = handle
    }

    deinit { sqlite3_close(db) }

    func execute(_ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw TestFailure("\(sql): \(String(cString: sqlite3_errmsg(db)))")
        }
    }

    /// Every row of `sql`, with `parameters` bound (Int64, Double, String, [UInt8] or nil).
    func rows(_ sql: String, _ parameters: [Any?] = []) throws -> [[StoredValue]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw TestFailure("\(sql): \(String(cString: sqlite3_errmsg(db)))")
        }
        defer { sqlite3_finalize(statement) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (i, p) in parameters.enumerated() {
            let index = Int32(i + 1)
            switch p {
            case let v as Int64: sqlite3_bind_int64(statement, index, v)
            case let v as Double: sqlite3_bind_double(statement, index, v)
            case let v as String: sqlite3_bind_text(statement, index, v, -1, transient)
            case let v as [UInt8]: sqlite3_bind_blob(statement, index, v, Int32(v.count), transient)
            default: sqlite3_bind_null(statement, index)
            }
        }
        var result: [[StoredValue]] = []
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw TestFailure("\(sql): \(String(cString: sqlite3_errmsg(db)))") }
            result.append((0..<sqlite3_column_count(statement)).map { value(statement, $0) })
        }
        return result
    }

    /// The first column of every row as text.
    func strings(_ sql: String) throws -> [String] {
        try rows(sql).map { row in
            switch row[0] {
            case .text(let b): return String(decoding: b, as: UTF8.self)
            case let other: return other.description
            }
        }
    }

    private func value(_ statement: OpaquePointer, _ column: Int32) -> StoredValue {
        let count = Int(sqlite3_column_bytes(statement, column))
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            return .text(Array(UnsafeBufferPointer(start: sqlite3_column_text(statement, column), count: count)))
        case SQLITE_BLOB:
            let base = sqlite3_column_blob(statement, column)?.assumingMemoryBound(to: UInt8.self)
            return .blob(Array(UnsafeBufferPointer(start: base, count: count)))
        default: return .null
        }
    }
}
