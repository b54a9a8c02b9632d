import Foundation

/// The leak probe's lookups, recorded while the tables are written and made once every table has
/// added its source values to the filter (a kept column of one table may repeat a masked column of
/// a table still being copied).
///
/// Records hold keyed digests only, never values, in an unlinked temporary file (`ScratchFile`):
/// nothing is left behind whatever happens, and memory stays flat (24 bytes per distinct checked
/// value on disk).
final class LookupSpill: @unchecked Sendable {
    // @unchecked: the file is written under `lock`, and read only after every writer finished.

    /// A checked output value: its probe key, the column it was found in and how often in a row.
    struct Record {
        var key: LeakProbe.Key
        /// `OutputAudit.columnID`: the table's index in the plan and the column's index in the table.
        var column: UInt32
        var occurrences: UInt32

        static let blank = Record(key: LeakProbe.Key(filter: 0, check: 0), column: 0, occurrences: 0)
    }

    private let lock = NSLock()
    private let file: ScratchFile

    /// Creates the file in `directory` (by default the temporary directory, `TMPDIR`).
    init(directory: String = NSTemporaryDirectory()) throws {
        file = try ScratchFile(directory: directory, holding: "the leak probe's lookups, 24 bytes per checked value")
    }

    /// Appends records (one lock per call: callers pass a batch's worth).
    func append(_ records: [Record]) throws {
        guard !records.isEmpty else { return }
        try lock.withLock { try file.append(records) }
    }

    /// Appends every record of `other` (another part's lookups), in the order written there.
    func append(contentsOf other: LookupSpill) throws {
        try other.file.forEachChunk(of: Record.blank) { try append(Array($0)) }
    }

    /// Calls `body` with every record, in the order written.
    func forEach(_ body: (Record) throws -> Void) throws {
        try file.forEachChunk(of: Record.blank) { chunk in
            for record in chunk { try body(record) }
        }
    }
}
