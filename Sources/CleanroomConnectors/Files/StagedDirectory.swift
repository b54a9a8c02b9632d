import CleanroomCore
import Foundation

/// The all-or-nothing life of a directory target (CSV, JSONL): files are written into a private
/// (mode 0700) directory `.NAME.partial-XXXXXX` beside the target, which `commit` moves into place and
/// `abort` removes. An existing target directory is refused.
///
/// Tables get flat file names `TABLE.EXT` (see `FlatTableNames`).
final class StagedDirectory: @unchecked Sendable {
    // @unchecked: `partialPath` and `tableNames` change in prepare/commit/abort, always under `lock`;
    // writers only read them through `createFile`, also under `lock`.
    /// The target directory as given.
    let path: String
    /// `csv` or `jsonl`: the file extension and the endpoint kind.
    let format: String
    private let lock = NSLock()
    private var partialPath: String?
    private var tableNames = FlatTableNames()

    init(path: String, format: String) throws {
        try FileSystem.refuseExisting(path)
        self.path = path
        self.format = format
    }

    func identity() throws -> EndpointIdentity {
        EndpointIdentity(kind: format, server: try FileSystem.realPathOfNew(path), database: "")
    }

    /// Creates the temporary directory and fixes every table's file name.
    func prepare(schema: DatabaseSchema) throws {
        let names = FlatTableNames(schema.tables.map(\.name))
        for table in schema.tables {
            let name = names.name(for: table.name) ?? ""
            if name.isEmpty || name.hasPrefix(".") || name.contains("/") || name.contains("\0") {
                throw ConnectorError.unsupported(
                    "table \(table.name) in a \(format) target: '\(name)' cannot be a file name")
            }
        }
        lock.lock()
        defer { lock.unlock() }
        guard partialPath == nil else { throw ConnectorError.unsupported("preparing \(format):\(path) twice") }
        try FileSystem.refuseExisting(path)
        let partial = try FileSystem.makePartialDirectory(for: path)
        partialPath = partial  // from here on `abort` removes it
        try FileStage.claim(partial)
        tableNames = names
    }

    /// Creates `TABLE.EXT` for `table` in the temporary directory.
    func createFile(for table: Table) throws -> FileSink {
        lock.lock()
        defer { lock.unlock() }
        guard let partial = partialPath else {
            throw ConnectorError.unsupported("writing to \(format):\(path) before prepare or after commit/abort")
        }
        let name = try tableNames.require(table.name, in: "\(format):\(path)")
        return try FileSink(creating: (partial as NSString).appendingPathComponent(name + "." + format))
    }

    /// The temporary directory holding what has been written so far (before `commit`).
    func stagedPath() throws -> String {
        lock.lock()
        defer { lock.unlock() }
        guard let partial = partialPath else {
            throw ConnectorError.unsupported("reading \(format):\(path) back before prepare or after commit/abort")
        }
        return partial
    }

    /// Syncs the temporary directory and moves it to the target's name.
    func commit() throws {
        lock.lock()
        defer { lock.unlock() }
        guard let partial = partialPath else {
            throw ConnectorError.unsupported("committing \(format):\(path) before it was prepared")
        }
        try FileSystem.sync(partial)
        try FileSystem.moveIntoPlace(partial, to: path, isDirectory: true)
        FileStage.release(partial)
        partialPath = nil
    }

    /// Removes the temporary directory and everything in it. Never throws.
    func abort() {
        lock.lock()
        defer { lock.unlock() }
        if let partial = partialPath { _ = try? FileStage.remove(partial) }
        partialPath = nil
    }
}
