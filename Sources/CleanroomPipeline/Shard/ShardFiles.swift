import Foundation

/// The files one shard leaves beside the plan (docs/scale-out.md, "Files"): its part
/// (`shard-I.part.json`, naming the two data files by digest), its leak-probe filter
/// (`shard-I.filter`), its lookups (`shard-I.lookups`) and its signed statement
/// (`shard-I.statement.json`, a DSSE envelope naming the part file by digest).
///
/// Each is written to a temporary name and renamed, mode 0600. A rerun removes the statement
/// first, so a statement never stands beside data it does not describe.
public struct ShardFiles: Sendable {
    public let directory: String
    public let index: Int

    var part: String { path("part.json") }
    var filter: String { path("filter") }
    var lookups: String { path("lookups") }
    public var statement: String { path("statement.json") }

    private func path(_ suffix: String) -> String {
        (directory as NSString).appendingPathComponent("shard-\(index).\(suffix)")
    }

    /// The folder of the plan at `planPath`, which holds every file of the run beside it.
    static func folder(ofPlan planPath: String) -> String {
        let folder = (planPath as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// Removes the shard's files, the statement first.
    func remove() throws {
        for path in [statement, part, filter, lookups] where FileManager.default.fileExists(atPath: path) {
            try FileManager.default.removeItem(atPath: path)
        }
    }

    /// Writes `data` to `path` through a temporary file renamed into place, readable by its owner only;
    /// a missing folder is created (owner only).
    static func write(_ data: Data, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw ShardError.cannotWrite(
                    path: path, reason: "its folder cannot be created (\(error.localizedDescription))")
            }
        }
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600])
        else {
            throw ShardError.cannotWrite(
                path: temporary, reason: "cannot create it: \(String(cString: strerror(errno)))")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw ShardError.cannotWrite(path: path, reason: reason)
        }
    }
}
