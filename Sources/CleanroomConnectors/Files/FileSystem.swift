import Foundation

/// The POSIX file operations that file-based stores (SQLite, CSV, JSONL) share: real paths for
/// identities, private temporary siblings, and moving them into place without replacing anything.
enum FileSystem {
    /// The absolute path of an existing file or directory with every symlink resolved.
    static func realPath(_ path: String) throws -> String {
        guard let resolved = realpath(path, nil) else { throw failure(path, "cannot resolve the path") }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The real path a not-yet-existing `path` would have: its directory resolved, its name kept.
    static func realPathOfNew(_ path: String) throws -> String {
        let url = URL(fileURLWithPath: path)
        let directory = try realPath(url.deletingLastPathComponent().path)
        return (directory as NSString).appendingPathComponent(url.lastPathComponent)
    }

    /// Whether anything (even a dangling symlink) exists at `path`.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Throws `targetExists` when something is already at `path`.
    static func refuseExisting(_ path: String) throws {
        if exists(path) { throw ConnectorError.targetExists(path) }
    }

    /// `.NAME.partial-XXXXXX` beside `path`: hidden, and named for what it will become.
    private static func partialTemplate(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-XXXXXX").path
    }

    /// Creates an empty file beside `path` with mode 0600 and returns its path.
    static func makePartialFile(for path: String) throws -> String {
        var template = Array(partialTemplate(for: path).utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure(path, "cannot create a temporary file beside it") }
        close(fd)
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Creates an empty directory beside `path` with mode 0700 and returns its path.
    static func makePartialDirectory(for path: String) throws -> String {
        var template = Array(partialTemplate(for: path).utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else { throw failure(path, "cannot create a temporary directory beside it") }
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Flushes a file's (or a directory's entries') data to stable storage.
    static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw failure(path, "cannot open to sync") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure(path, "fsync failed") }
    }

    /// Moves the file or directory at `partial` to `path`, refusing to replace anything there, and
    /// syncs the directory so the new name survives a crash.
    ///
    /// A file moves by `link` then `unlink`, which fails atomically when `path` exists. Directories
    /// cannot be hard-linked, and `renameat2(RENAME_NOREPLACE)` is not visible to Swift through Glibc,
    /// so a directory is checked first and then renamed; `rename` still refuses a non-empty directory
    /// that appeared in between.
    static func moveIntoPlace(_ partial: String, to path: String, isDirectory: Bool) throws {
        if isDirectory {
            try refuseExisting(path)
            guard rename(partial, path) == 0 else { throw failure(path, "cannot rename \(partial) into place") }
        } else {
            guard link(partial, path) == 0 else {
                if errno == EEXIST { throw ConnectorError.targetExists(path) }
                throw failure(path, "cannot link \(partial) into place")
            }
            unlink(partial)
        }
        try sync(URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }

    /// Removes a file or a directory tree, ignoring every error (for abort paths).
    static func removeQuietly(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    private static func failure(_ path: String, _ what: String) -> ConnectorError {
        .file(path: path, line: nil, message: "\(what): \(String(cString: strerror(errno)))")
    }
}
