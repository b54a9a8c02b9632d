import CleanroomCore
import CleanroomCrypto
import Foundation

/// The append-only evidence ledger: a JSONL file with one signed envelope per line, hash-chained.
///
/// Each line is the `EvidenceJSON` encoding of
/// `{"envelope": {…}, "prev": "<hex>", "recordedAt": "<RFC 3339>", "seq": n}` followed by `\n`.
/// `seq` counts from 1; `prev` is the lower-case hex SHA-256 of the previous line's bytes (without its
/// newline), or 64 zeros for the first line. An edited entry fails its signature (or, outside the
/// envelope, the next entry's `prev`); a removed or reordered entry breaks `seq`.
///
/// Limits: `seq`, `prev` and `recordedAt` are not signed, so someone able to rewrite the file can
/// drop entries and re-chain everything after them; and removing the newest entries leaves a valid
/// shorter chain. Keep `LedgerReport.headDigest` somewhere the ledger's writers cannot change (a CI
/// log, a ticket) to detect both.
public struct Ledger: Sendable {
    /// The ledger file's path.
    public let path: String

    /// The `prev` of the first entry.
    public static let genesisDigest = String(repeating: "0", count: 64)

    public init(path: String) {
        self.path = path
    }

    /// Checks that an entry signed by `signer` could be appended now: the file opens for appending
    /// (created if absent), its last line is a complete entry, and `signer` is the key in force
    /// (`KeyInForce`). A run calls this before it creates anything, so a ledger that cannot take the
    /// run's entry stops the run instead of a target shipping without evidence.
    public func checkAppendable(signedBy signer: Ed25519PublicKey) throws {
        try withLockedFile(LOCK_SH) { fd in
            if let last = try lastEntry(fd) { try requireKeyInForce([signer.keyID], after: last.entry) }
        }
    }

    /// Appends `envelope` as the next entry. Every append refuses an envelope not signed by the key in
    /// force (`KeyInForce`), before it writes anything.
    @discardableResult
    public func append(_ envelope: Envelope, recordedAt: Date = Date()) throws -> LedgerEntry {
        try append(recordedAt: recordedAt) { _ in envelope }
    }

    /// Appends the envelope that `sign` makes for the entry's position, under the ledger's exclusive
    /// lock, so the position can be part of what is signed (`RunHeader.ledger`).
    @discardableResult
    public func append(
        recordedAt: Date = Date(), signing sign: (LedgerPosition) throws -> Envelope
    ) throws -> LedgerEntry {
        try withLockedFile(LOCK_EX) { fd in try append(to: fd, recordedAt: recordedAt, signing: sign) }
    }

    /// The body of `append`, on the open and exclusively locked file.
    func append(
        to fd: Int32, recordedAt: Date, signing sign: (LedgerPosition) throws -> Envelope
    ) throws -> LedgerEntry {
        let last = try lastEntry(fd)
        let seq = (last?.entry.seq ?? 0) + 1
        let prev = last.map { Hex.encode(SHA256Hasher.digest($0.line)) } ?? Ledger.genesisDigest
        let envelope = try sign(LedgerPosition(seq: seq, previous: prev))
        if let last { try requireKeyInForce(envelope.signatures.map(\.keyid), after: last.entry) }
        let line = try EvidenceJSON.encode(
            LedgerEntry.Line(seq: seq, prev: prev, recordedAt: recordedAt, envelope: envelope))
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ioError() }
        do {
            try writeAll(fd, line + [CopyText.newline])
            guard fsync(fd) == 0 else { throw ioError() }
        } catch {
            // A full disk must not leave half a line for every later append to trip over: the
            // exclusive lock is still held, so the file goes back to the entries it had.
            _ = ftruncate(fd, info.st_size)
            _ = fsync(fd)
            guard case LedgerError.io(_, let reason) = error else { throw error }
            throw LedgerError.appendFailed(path: path, reason: reason)
        }
        return try LedgerEntry(line: line)
    }

    /// Every line of the ledger, without newlines, and whether the file ends in a newline.
    func lines() throws -> (lines: [ArraySlice<UInt8>], terminated: Bool) {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw LedgerError.io(path: path, message: "cannot read the ledger: \(error.localizedDescription)")
        }
        var lines = bytes.split(separator: CopyText.newline, omittingEmptySubsequences: false)
        let terminated = bytes.last == CopyText.newline || bytes.isEmpty
        if lines.last?.isEmpty == true { lines.removeLast() }
        return (lines, terminated)
    }

    /// Opens the ledger for appending (creating it) and runs `body` under `flock(operation)`.
    func withLockedFile<T>(_ operation: Int32, _ body: (Int32) throws -> T) throws -> T {
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ioError() }
        defer { close(fd) }
        while flock(fd, operation) != 0 {
            guard errno == EINTR else { throw ioError("cannot lock the ledger") }
        }
        defer { flock(fd, LOCK_UN) }
        return try body(fd)
    }

    /// The last line and its entry; nil for an empty file. A damaged last line throws.
    private func lastEntry(_ fd: Int32) throws -> (line: [UInt8], entry: LedgerEntry)? {
        guard let line = try lastLine(fd) else { return nil }
        do {
            return (line, try LedgerEntry(line: line))
        } catch {
            throw LedgerError.unparseableLine(
                SourceLocation(file: path), reason: "last line: \(EvidenceJSON.describe(error))")
        }
    }

    /// The last line (without its newline), reading backwards from the end; nil for an empty file.
    private func lastLine(_ fd: Int32) throws -> [UInt8]? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ioError() }
        let size = Int(info.st_size)
        guard size > 0 else { return nil }
        var window = 16 * 1024
        while true {
            let start = max(0, size - window)
            var tail = [UInt8](repeating: 0, count: size - start)
            let count = tail.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(start)) }
            guard count == tail.count else { throw ioError("short read") }
            guard tail.last == CopyText.newline else {
                // Where the damaged tail starts: after the last newline, found in a wide enough window.
                if let newline = tail.lastIndex(of: CopyText.newline) {
                    throw LedgerError.unterminatedLastLine(SourceLocation(file: path), offset: start + newline + 1)
                }
                if start == 0 { throw LedgerError.unterminatedLastLine(SourceLocation(file: path), offset: 0) }
                window *= 4
                continue
            }
            tail.removeLast()
            if let newline = tail.lastIndex(of: CopyText.newline) { return Array(tail[(newline + 1)...]) }
            if start == 0 { return tail }
            window *= 4
        }
    }

    func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw ioError()
            }
            offset += written
        }
    }

    func ioError(_ message: String? = nil) -> LedgerError {
        LedgerError.io(path: path, message: message ?? String(cString: strerror(errno)))
    }
}

/// One ledger line, parsed.
public struct LedgerEntry: Sendable, Equatable {
    /// The entry's position in the chain, from 1.
    public let seq: Int
    /// Lower-case hex SHA-256 of the previous line, or `Ledger.genesisDigest`.
    public let prev: String
    /// When the entry was appended.
    public let recordedAt: Date
    /// The signed statement.
    public let envelope: Envelope
    /// Lower-case hex SHA-256 of this line's bytes: the next entry's `prev`.
    public let digest: String

    /// The JSON shape of a line.
    struct Line: Codable {
        var seq: Int
        var prev: String
        var recordedAt: Date
        var envelope: Envelope
    }

    /// Parses one line (without its newline); throws the decoder's error, or `FieldError` for a field
    /// out of range.
    init<Bytes: Collection>(line bytes: Bytes) throws where Bytes.Element == UInt8 {
        let raw = Array(bytes)
        let line = try EvidenceJSON.decode(Line.self, from: raw)
        guard line.seq >= 1 else { throw FieldError(reason: "seq \(line.seq) is below 1") }
        guard line.prev.utf8.count == 64, Hex.decode(line.prev) != nil, line.prev == line.prev.lowercased() else {
            throw FieldError(reason: "prev is not 64 lower-case hex digits")
        }
        seq = line.seq
        prev = line.prev
        recordedAt = line.recordedAt
        envelope = line.envelope
        digest = Hex.encode(SHA256Hasher.digest(raw))
    }

    /// A field that decodes but is out of range.
    struct FieldError: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }
}
