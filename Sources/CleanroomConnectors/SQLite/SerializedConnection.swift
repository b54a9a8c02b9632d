import Foundation

/// A SQLite connection that several threads share, one caller at a time.
///
/// A SQLite target has a single connection (one file, one writer at a time is all SQLite allows),
/// while the pipeline writes several tables in parallel. Each writer's batch is a transaction
/// (`BEGIN` … `COMMIT`) spanning many calls, and transactions belong to the connection, so two
/// writers interleaving would commit each other's half-written batches. `run` therefore holds a lock
/// for the whole unit of work.
final class SerializedConnection: @unchecked Sendable {
    // @unchecked: `database` is not Sendable; it is only reached inside `run`/`close`, under `lock`.
    private let lock = NSLock()
    private var database: SQLiteDatabase?
    /// The database file, for messages.
    private let path: String

    init(_ database: SQLiteDatabase) {
        self.database = database
        path = database.path
    }

    /// Runs `body` with exclusive use of the connection; fails once the connection is closed.
    func run<T>(_ body: (SQLiteDatabase) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        guard let database else {
            throw ConnectorError.unsupported("writing to \(path) after its load was committed or aborted")
        }
        return try body(database)
    }

    /// Lets go of the connection; it closes once the last statement prepared on it is released.
    func close() {
        lock.lock()
        defer { lock.unlock() }
        database = nil
    }
}
