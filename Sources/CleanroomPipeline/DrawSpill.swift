import CleanroomMasking
import Foundation

/// The first draws of one unique domain's source values (`UniquePass`), on disk: fixed records in
/// buckets by their output's fingerprint, so that `UniqueResolver` finds the collisions one bucket at
/// a time, and the values in a file of their own, read back only for the inputs that re-draw.
/// Disk: 32 bytes and the value per source value; memory: one bucket.
final class DrawSpill: FirstDrawStore, @unchecked Sendable {
    // @unchecked: written under `lock`, read only after `finish`.
    static let holding = "the first draws of unique columns, about 32 bytes and the value per source value"
    /// Records held per bucket before they are written.
    private static let pendingLimit = 1024

    private let lock = NSLock()
    private let buckets: [ScratchFile]
    private var pending: [[FirstDraw]]
    private let values: ScratchFile
    private let shift: UInt64

    /// Spills into `bucketCount` buckets (rounded up to a power of two, 1 to 64) in the temporary directory.
    init(bucketCount: Int) throws {
        var count = 1
        while count < min(max(bucketCount, 1), 64) { count *= 2 }
        buckets = try (0..<count).map { _ in try ScratchFile(holding: Self.holding) }
        pending = Array(repeating: [], count: count)
        values = try ScratchFile(holding: Self.holding)
        shift = UInt64(64 - count.trailingZeroBitCount)
    }

    var bucketCount: Int { buckets.count }

    func bucket(of output: UInt64) -> Int {
        shift == 64 ? 0 : Int(output >> shift)
    }

    func append(_ draws: [FirstDraw], values bytes: [UInt8]) throws {
        guard !draws.isEmpty else { return }
        try lock.withLock {
            let base = UInt64(values.size)
            try bytes.withUnsafeBytes { try values.append(bytes: $0) }
            for var draw in draws {
                draw.offset += base
                let b = bucket(of: draw.output)
                pending[b].append(draw)
                if pending[b].count >= Self.pendingLimit { try flush(b) }
            }
        }
    }

    func finish() throws {
        try lock.withLock {
            for b in pending.indices { try flush(b) }
        }
    }

    private func flush(_ b: Int) throws {
        try buckets[b].append(pending[b])
        pending[b].removeAll(keepingCapacity: true)
    }

    func draws(inBucket b: Int) throws -> [FirstDraw] {
        try buckets[b].records(of: FirstDraw.blank)
    }

    func value(of draw: FirstDraw) throws -> [UInt8] {
        try values.bytes(at: Int(draw.offset), count: Int(draw.length))
    }
}
