import Foundation

/// The owner files of file targets' stages: beside each `.NAME.partial-XXXXXX` file or folder, a
/// `.NAME.partial-XXXXXX.owner` (mode 0600) holding the `StageOwner` of the run writing it, so a
/// later run or `gc` can remove partials whose run was killed and leave a live run's alone.
/// A partial without an owner file (from before owner files, or a run killed between the two
/// creations) is removed only under `UnownedStage`'s rule: left unchanged for a day, and open in
/// no process on this host.
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
    /// Partials with an owner file are judged by it; those without by `UnownedStage`.
    static func stale(in directory: String, named name: String?, now: Date = Date()) -> [StaleStage] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return entries.sorted().compactMap { entry -> StaleStage? in
            let owned = entry.hasSuffix(ownerSuffix)
            let partialName = owned ? String(entry.dropLast(ownerSuffix.count)) : entry
            guard partialName.hasPrefix("."), let marker = partialName.range(of: partialMarker, options: .backwards),
                UnownedStage.isTemporarySuffix(partialName[marker.upperBound...])
            else { return nil }
            let target = String(partialName[partialName.index(after: partialName.startIndex)..<marker.lowerBound])
            let partial = (directory as NSString).appendingPathComponent(partialName)
            let targetPath = (directory as NSString).appendingPathComponent(target)
            guard name == nil || target == name else { return nil }
            if owned {
                guard let text = try? String(contentsOfFile: partial + ownerSuffix, encoding: .utf8),
                    let owner = StageOwner(text: text.trimmingCharacters(in: .whitespacesAndNewlines)),
                    !owner.mayBeAlive
                else { return nil }
                return StaleStage(description: "partial \(partial)", target: targetPath, owner: owner) {
                    try remove(partial)
                }
            }
            guard !FileSystem.exists(partial + ownerSuffix),
                let age = UnownedStage.unchangedFor(partial, now: now), age >= UnownedStage.minimumAge,
                !UnownedStage.isOpen(partial)
            else { return nil }
            return StaleStage(
                description: "partial \(partial)", target: targetPath, owner: nil,
                leftBy: UnownedStage.leftBy(age: age, database: false)
            ) { try remove(partial) }
        }
    }
}
