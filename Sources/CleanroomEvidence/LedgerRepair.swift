import CleanroomCore
import CleanroomCrypto
import Foundation

extension Ledger {
    /// Moves a damaged tail — the bytes after the last newline, half a line that an interrupted
    /// append or a full disk left — to `<ledger>.damaged-<UTC timestamp>`, truncates the ledger to its
    /// last complete line and appends a `ledger-repair` entry signed by `key` that names the moved
    /// bytes, which it returns with the entry. All under the ledger's exclusive lock; the moved file is fsynced before the ledger is
    /// truncated, so the bytes are never only in memory.
    ///
    /// - Throws: `LedgerError.nothingToRepair` when the ledger ends with a complete line (or is empty);
    ///   `LedgerError.unparseableLine` when its last complete line is not an entry (`evidence verify`
    ///   says why: that is not a half line, and repair does not move it).
    ///
    /// `actor` is who repaired it (`RunHeader.actor`).
    @discardableResult
    public func repair(
        key: Ed25519PrivateKey, toolVersion: String, actor: RunActor? = nil, at date: Date = Date()
    ) throws -> (entry: LedgerEntry, moved: LedgerRepairPredicate.MovedTail) {
        try withLockedFile(LOCK_EX) { fd in
            var info = stat()
            guard fstat(fd, &info) == 0 else { throw ioError() }
            var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
            let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
            guard count == bytes.count else { throw ioError("short read") }
            let offset = bytes.lastIndex(of: CopyText.newline).map { $0 + 1 } ?? 0
            guard offset < bytes.count else { throw LedgerError.nothingToRepair(path: path) }
            if offset > 0 {
                let complete = bytes[..<(offset - 1)]
                let start = complete.lastIndex(of: CopyText.newline).map { $0 + 1 } ?? 0
                do {
                    _ = try LedgerEntry(line: complete[start...])
                } catch {
                    let line = bytes[..<offset].filter { $0 == CopyText.newline }.count
                    throw LedgerError.unparseableLine(
                        SourceLocation(file: path, line: line), reason: EvidenceJSON.describe(error))
                }
            }
            let tail = Array(bytes[offset...])
            let movedTo = path + ".damaged-" + Self.timestamp(date)
            try write(tail, toNewFile: movedTo)
            guard ftruncate(fd, off_t(offset)) == 0, fsync(fd) == 0 else { throw ioError() }
            var predicate = LedgerRepairPredicate(
                header: RunHeader(
                    kind: .ledgerRepair, toolVersion: toolVersion, target: RunTarget(endpoint: path), startedAt: date,
                    finishedAt: date, outcome: .succeeded),
                repair: .init(
                    movedTo: movedTo, offset: offset, bytes: tail.count,
                    sha256: Hex.encode(SHA256Hasher.digest(tail))))
            predicate.header.actor = actor
            let entry = try append(to: fd, recordedAt: date) { position in
                var statement = Statement(repair: predicate)
                statement.predicate.header.ledger = position
                return try EvidenceSigner.sign(statement, key: key)
            }
            return (entry, predicate.repair)
        }
    }

    /// `date` as `20260101T000000Z`.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    /// Writes `bytes` to `file`, which must not exist yet, and fsyncs it.
    private func write(_ bytes: [UInt8], toNewFile file: String) throws {
        let fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw LedgerError.io(path: file, message: String(cString: strerror(errno))) }
        defer { close(fd) }
        try writeAll(fd, bytes)
        guard fsync(fd) == 0 else { throw LedgerError.io(path: file, message: String(cString: strerror(errno))) }
    }
}
