import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An unlinked temporary file of fixed-size records (plain structs of integers), for the run's
/// bookkeeping that must not grow with the data in memory: the leak probe's lookups (`LookupSpill`)
/// and the first draws of unique columns (`DrawSpill`). Unlinked at once, so nothing is left
/// behind whatever happens.
///
/// Not thread-safe: callers serialise appends, and read only once every append is done.
final class ScratchFile: @unchecked Sendable {
    // @unchecked: callers serialise `append` and read only after the last one.
    private let descriptor: Int32
    private let directory: String
    /// What the file holds, for the error message.
    private let holding: String
    /// Bytes written so far.
    private(set) var size = 0

    /// Creates the file in `directory` (by default the temporary directory, `TMPDIR`) and unlinks it.
    /// - Parameter holding: what it holds and how much of it, as the error message says, e.g. "the
    ///   leak probe's lookups, 24 bytes per checked value".
    init(directory: String = NSTemporaryDirectory(), holding: String) throws {
        self.directory = directory
        self.holding = holding
        var template = Array((directory as NSString).appendingPathComponent("cleanroom-scratch-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Self.failure(directory, holding) }
        descriptor = fd
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    }

    deinit {
        close(descriptor)
    }

    /// Appends `records`' bytes.
    func append<Record>(_ records: [Record]) throws {
        try records.withUnsafeBytes { try append(bytes: $0) }
    }

    /// Appends raw bytes.
    func append(bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw failure() }
            offset += written
        }
        size += bytes.count
    }

    /// Calls `body` with the records from the start, `1 << 16` at a time.
    func forEachChunk<Record>(of blank: Record, _ body: (ArraySlice<Record>) throws -> Void) throws {
        let stride = MemoryLayout<Record>.stride
        var chunk = [Record](repeating: blank, count: 1 << 16)
        var offset = 0
        while true {
            let read = try chunk.withUnsafeMutableBytes { try self.read(into: $0, at: offset) }
            let count = read / stride
            guard count > 0 else { return }
            try body(chunk[..<count])
            offset += count * stride
        }
    }

    /// Every record in the file.
    func records<Record>(of blank: Record) throws -> [Record] {
        var records = [Record](repeating: blank, count: size / MemoryLayout<Record>.stride)
        _ = try records.withUnsafeMutableBytes { try read(into: $0, at: 0) }
        return records
    }

    /// `count` bytes from `offset`.
    func bytes(at offset: Int, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        _ = try bytes.withUnsafeMutableBytes { try read(into: $0, at: offset) }
        return bytes
    }

    /// Fills `buffer` from `offset` on, as far as the file goes; returns the bytes read.
    private func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        var done = 0
        while done < buffer.count {
            let read = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if read < 0 && errno == EINTR { continue }
            guard read >= 0 else { throw failure() }
            if read == 0 { break }
            done += read
        }
        return done
    }

    private func failure() -> PipelineError { Self.failure(directory, holding) }

    private static func failure(_ directory: String, _ holding: String) -> PipelineError {
        .scratchFileFailed(directory: directory, holding: holding, reason: String(cString: strerror(errno)))
    }
}
