import CSQLite

/// One compiled statement: owns a `sqlite3_stmt*` and finalizes it when released.
///
/// Rows are read in place with `step()` and the column accessors; nothing is materialised beyond
/// the current row. Byte buffers returned by `textBytes`/`blobBytes` are valid only until the next
/// `step`, `reset` or release. The statement keeps its database alive.
public final class SQLiteStatement {
    // Public for stores that keep their own small SQLite files (the provisioning registry); rows of
    // data still travel through `SQLiteSource` and `SQLiteTarget`.
    let database: SQLiteDatabase
    let handle: OpaquePointer
    let sql: String

    init(database: SQLiteDatabase, handle: OpaquePointer, sql: String) {
        self.database = database
        self.handle = handle
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Advances to the next row: true when a row is available, false when the statement is done.
    public func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw database.error(code, sql: sql)
        }
    }

    /// Makes the statement ready to run again, with every parameter unbound (NULL).
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // MARK: Parameters (1-based)

    /// Binds an integer.
    public func bind(_ index: Int32, int64 value: Int64) throws {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    func bind(_ index: Int32, double value: Double) throws {
        try check(sqlite3_bind_double(handle, index, value))
    }

    /// Binds NULL.
    public func bindNull(_ index: Int32) throws {
        try check(sqlite3_bind_null(handle, index))
    }

    /// Binds UTF-8 text; SQLite copies the bytes.
    func bind(_ index: Int32, textBytes bytes: UnsafeBufferPointer<UInt8>) throws {
        // A nil pointer would bind NULL, so an empty value gets a pointer to a zero-length string.
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            try check(sqlite3_bind_text(handle, index, "", 0, SQLiteStatement.transient))
            return
        }
        try check(
            base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(handle, index, $0, Int32(bytes.count), SQLiteStatement.transient)
            })
    }

    /// Binds a blob; SQLite copies the bytes.
    func bind(_ index: Int32, blobBytes bytes: UnsafeBufferPointer<UInt8>) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            try check(sqlite3_bind_zeroblob(handle, index, 0))
            return
        }
        try check(sqlite3_bind_blob(handle, index, base, Int32(bytes.count), SQLiteStatement.transient))
    }

    /// Binds UTF-8 text; SQLite copies it.
    public func bind(_ index: Int32, text: String) throws {
        try check(sqlite3_bind_text(handle, index, text, -1, SQLiteStatement.transient))
    }

    // MARK: Columns of the current row (0-based)

    var columnCount: Int32 { sqlite3_column_count(handle) }

    /// `SQLITE_INTEGER`, `SQLITE_FLOAT`, `SQLITE_TEXT`, `SQLITE_BLOB` or `SQLITE_NULL`.
    func storageClass(_ column: Int32) -> Int32 { sqlite3_column_type(handle, column) }

    /// The value as an integer (0 for NULL).
    public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    /// The value as UTF-8 bytes, without copying.
    func textBytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        let base = sqlite3_column_text(handle, column)
        return UnsafeBufferPointer(start: base, count: Int(sqlite3_column_bytes(handle, column)))
    }

    /// The value as raw bytes, without copying.
    func blobBytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        let base = sqlite3_column_blob(handle, column)?.assumingMemoryBound(to: UInt8.self)
        return UnsafeBufferPointer(start: base, count: Int(sqlite3_column_bytes(handle, column)))
    }

    /// The value as a String; nil for NULL.
    public func text(_ column: Int32) -> String? {
        guard storageClass(column) != SQLITE_NULL, let c = sqlite3_column_text(handle, column) else { return nil }
        return String(cString: c)
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw database.error(code, sql: sql) }
    }

    /// `SQLITE_TRANSIENT`, which the C macro expresses as a cast of -1.
    private static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }
}
