import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The leak probe's lookups, recorded while the tables are written and made once every table has
/// added its source values to the filter (a kept column of one table may repeat a masked column of
/// a table still being copied).
///
/// Records hold keyed digests only, never values, in an unlinked temporary file: nothing is left
/// behind whatever happens, and memory stays flat (24 bytes per distinct checked value on disk).
final class LookupSpill: @unchecked Sendable {
    // @unchecked: the file is written under `lock`, and read only after every writer finished.

    /// A checked output value: its probe key, the column it was found in and how often in a row.
    struct Record {
        var key: LeakProbe.Key
        /// `OutputAudit.columnID`: the table's index in the plan and the column's index in the table.
        var column: UInt32
        var occurrences: UInt32
    }

    private let lock = NSLock()
    private let descriptor: Int32
    private let directory: String

    /// Creates the file in `directory` (by default the temporary directory, `TMPDIR`) and unlinks it at once.
    init(directory: String = NSTemporaryDirectory()) throws {
        self.directory = directory
        var template = Array((directory as NSString).appendingPathComponent("cleanroom-probe-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw PipelineError.scratchFileFailed(directory: directory, reason: String(cString: strerror(errno)))
        }
        descriptor = fd
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    }

    deinit {
        close(descriptor)
    }

    /// Appends records (one lock per call: callers pass a batch's worth).
    func append(_ records: [Record]) throws {
        guard !records.isEmpty else { return }
        try lock.withLock {
            try records.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    guard written > 0 else {
                        throw PipelineError.scratchFileFailed(
                            directory: directory, reason: String(cString: strerror(errno)))
                    }
                    offset += written
                }
            }
        }
    }

    /// Appends every record of `other` (another part's lookups), in the order written there.
    func append(contentsOf other: LookupSpill) throws {
        var records: [Record] = []
        try other.forEach { record in
            records.append(record)
            if records.count == 1 << 16 {
                try append(records)
                records.removeAll(keepingCapacity: true)
            }
        }
        try append(records)
    }

    /// Calls `body` with every record, in the order written.
    func forEach(_ body: (Record) throws -> Void) throws {
        let stride = MemoryLayout<Record>.stride
        var chunk = [Record](
            repeating: Record(key: LeakProbe.Key(filter: 0, check: 0), column: 0, occurrences: 0), count: 1 << 16)
        var offset: off_t = 0
        while true {
            let read = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, $0.count, offset) }
            if read < 0 && errno == EINTR { continue }
            guard read >= 0 else {
                throw PipelineError.scratchFileFailed(directory: directory, reason: String(cString: strerror(errno)))
            }
            let count = read / stride
            guard count > 0 else { return }
            for record in chunk[..<count] { try body(record) }
            offset += off_t(count * stride)
        }
    }
}
