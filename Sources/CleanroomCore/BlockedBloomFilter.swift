import Foundation

/// A blocked Bloom filter of 64-bit keys: all of a key's bits fall in one 512-bit block (one cache
/// line), chosen by the key's high bits, so an insert or a lookup costs one cache miss. The bits inside
/// the block come 9 at a time from SplitMix64 finalisations of the key, so the positions of two keys
/// sharing a block are unrelated. The keys are the caller's: keyed digests, so the filter reveals
/// nothing without the caller's key.
///
/// Inserts are serialised by a lock (callers pass a batch of keys at a time); lookups read without it
/// and must only start once every insert is done.
public final class BlockedBloomFilter: @unchecked Sendable {
    // @unchecked: the bits are written under `lock` and read without it once all inserts are done.
    /// Bits set per key.
    public static let hashCount = 16

    private let lock = NSLock()
    /// 512-bit blocks, as 64-bit words.
    private let words: UnsafeMutablePointer<UInt64>
    private let blockCount: Int
    /// Keys inserted (with repetitions).
    public private(set) var inserted = 0
    /// Whether a block read before an insert already had bits set (kept so those reads are not optimised away).
    private var occupied = false

    /// An empty filter of `bytes` (rounded down to whole 64-byte blocks, at least one).
    public init(bytes: Int) {
        blockCount = max(1, bytes / 64)
        words = Self.allocate(words: blockCount * 8)
    }

    deinit {
        free(words)
    }

    /// The filter's size in bytes.
    public var bytes: Int { blockCount * 64 }

    /// A size for `keys` keys at `bytesPerKey` each: the power of two at or above it, within
    /// `bounds` (powers of two too), so that a size read from estimates moves only in steps.
    public static func bytes(forKeys keys: Int, bytesPerKey: Int, within bounds: ClosedRange<Int>) -> Int {
        let wanted = keys.multipliedReportingOverflow(by: bytesPerKey)
        var bytes = bounds.lowerBound
        while bytes < bounds.upperBound && (wanted.overflow || bytes < wanted.partialValue) { bytes *= 2 }
        return min(bytes, bounds.upperBound)
    }

    /// Zeroed memory, on 2 MiB pages where the kernel offers them: every lookup and insert lands on a
    /// random page, and with 4 KiB pages nearly each one would also miss the TLB.
    private static func allocate(words: Int) -> UnsafeMutablePointer<UInt64> {
        let bytes = words * 8
        let hugePage = 2 << 20
        var memory: UnsafeMutableRawPointer?
        guard posix_memalign(&memory, bytes >= hugePage ? hugePage : 64, bytes) == 0, let memory else {
            fatalError("cannot allocate a \(bytes)-byte Bloom filter")
        }
        #if os(Linux)
        if bytes >= hugePage { _ = madvise(memory, bytes, MADV_HUGEPAGE) }
        #endif
        memset(memory, 0, bytes)
        return memory.bindMemory(to: UInt64.self, capacity: words)
    }

    @inline(__always)
    private func forEachBit(_ key: UInt64, _ body: (Int, UInt64) -> Void) {
        let block = firstWord(key)
        var random: UInt64 = 0
        for i in 0..<Self.hashCount {
            if i % 7 == 0 { random = Self.mix(key &+ UInt64(i / 7 + 1) &* 0x9E37_79B9_7F4A_7C15) }
            let bit = random & 511
            random >>= 9
            body(block + Int(bit >> 6), 1 << (bit & 63))
        }
    }

    /// The first of the 8 words of the key's block.
    @inline(__always)
    private func firstWord(_ key: UInt64) -> Int {
        Int(key.multipliedFullWidth(by: UInt64(blockCount)).high) * 8
    }

    /// The SplitMix64 finaliser: a bijection of 64-bit words with good avalanche.
    @inline(__always)
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Adds `keys` (one lock per call).
    public func insert(_ keys: [UInt64]) {
        guard !keys.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        let words = self.words
        // Read every key's block first: these loads do not depend on each other, so their cache
        // misses overlap, and the bits are then set in cache.
        var touched: UInt64 = 0
        for key in keys { touched |= words[firstWord(key)] }
        for key in keys {
            forEachBit(key) { word, mask in words[word] |= mask }
        }
        inserted += keys.count
        occupied = touched != 0
    }

    /// Adds the keys of `other`, a filter of the same size, to this one.
    public func formUnion(_ other: BlockedBloomFilter) {
        precondition(other.blockCount == blockCount, "Bloom filters of different sizes")
        lock.lock()
        defer { lock.unlock() }
        for i in 0..<blockCount * 8 { words[i] |= other.words[i] }
        inserted += other.inserted
    }

    /// The filter's bits as they lie in memory (64-bit words in the machine's byte order), to store it.
    /// Call once every insert is done.
    public func withUnsafeBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try body(UnsafeRawBufferPointer(start: words, count: bytes))
    }

    /// A filter holding the bits `withUnsafeBytes` showed of a filter of `contents.count` bytes, into
    /// which `inserted` keys had been inserted.
    /// - Precondition: `contents.count` is a positive multiple of 64.
    public convenience init(contents: UnsafeRawBufferPointer, inserted: Int) {
        precondition(contents.count >= 64 && contents.count % 64 == 0, "a stored Bloom filter of whole blocks")
        self.init(bytes: contents.count)
        UnsafeMutableRawPointer(words).copyMemory(from: contents.baseAddress!, byteCount: contents.count)
        self.inserted = inserted
    }

    /// Whether `key` may have been inserted (false positives possible, false negatives not).
    @inline(__always)
    public func mayContain(_ key: UInt64) -> Bool {
        var all = true
        forEachBit(key) { word, mask in all = all && words[word] & mask != 0 }
        return all
    }

    /// The false-positive rate per lookup, estimated from the share of bits set as (set / m)^k (for a
    /// blocked filter a slight underestimate).
    public var falsePositiveRate: Double {
        var set = 0
        for i in 0..<blockCount * 8 { set += words[i].nonzeroBitCount }
        return pow(Double(set) / Double(blockCount * 512), Double(Self.hashCount))
    }
}
