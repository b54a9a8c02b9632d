import Foundation

/// The owner files of file targets' stages: beside each `.NAME.partial-XXXXXX` file or folder, a
/// `.NAME.partial-XXXXXX.owner` (mode 0600) holding the `StageOwner` of the run writing it, so a
/// later run or `gc` can remove partials whose run was killed and leave a live run's alone.
/// A partial without an owner file (from before owner files, or a run killed between the two
/// creations) is never removed: nothing says whose it is.
enum FileStage {
    static let ownerSuffix = ".owner"
    private static let partialMarker = ".partial-"

    /// Writes the owner file of `partial` for this process.
    static func claim(_ partial: String) throws {
        let owner = partial + ownerSuffix
        guard
            FileManager.default.createFile(
                atPath: owner, contents: Data((StageOwner.current().description + "\n").utf8),
                attributes: [.posixPermissions: 0o600])
        else {
            throw ConnectorError.file(
                path: owner, line: nil, message: "cannot write the owner file of a partial target")
        }
    }

    /// Removes the owner file of `partial` (after commit or abort). Never throws.
    static func release(_ partial: String) {
        FileSystem.removeQuietly(partial + ownerSuffix)
    }

    /// Removes `partial` (with any SQLite `-journal`, `-wal` or `-shm` beside it) and its owner file.
    /// - Returns: what existed and was removed.
    static func remove(_ partial: String) throws -> [String] {
        var removed: [String] = []
        for path in ["", "-journal", "-wal", "-shm"].map({ partial + $0 }) where FileSystem.exists(path) {
            try FileManager.default.removeItem(atPath: path)
            removed.append("partial \(path)")
        }
        release(partial)
        return removed
    }

    /// The partials in `directory` whose run is gone: only those of the target named `name`, when given.
    static func stale(in directory: String, named name: String?) -> [StaleStage] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return entries.sorted().compactMap { entry -> StaleStage? in
            guard entry.hasPrefix("."), entry.hasSuffix(ownerSuffix),
                let marker = entry.range(of: partialMarker, options: .backwards)
            else { return nil }
            let target = String(entry[entry.index(after: entry.startIndex)..<marker.lowerBound])
            let partial = (directory as NSString).appendingPathComponent(String(entry.dropLast(ownerSuffix.count)))
            guard name == nil || target == name,
                let text = try? String(contentsOfFile: partial + ownerSuffix, encoding: .utf8),
                let owner = StageOwner(text: text.trimmingCharacters(in: .whitespacesAndNewlines)), !owner.mayBeAlive
            else { return nil }
            return StaleStage(
                description: "partial \(partial)", target: (directory as NSString).appendingPathComponent(target),
                owner: owner
            ) { try remove(partial) }
        }
    }
}
