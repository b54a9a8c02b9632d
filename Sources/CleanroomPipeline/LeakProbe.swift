import CleanroomCore
import Foundation

/// Checks that no source value of a masked column is carried into the output (DESIGN §7, A 8.11).
///
/// While masking, each source value that a transform changed is added to a Bloom filter under a
/// keyed 64-bit digest (SipHash-1-3, the standard library's `Hasher`, keyed with 128 random bits
/// drawn for this run), so the filter reveals nothing without this run's secret, which never leaves
/// the process. After the load, the output values that could carry a source value through are looked
/// up (see `ProbePolicy`), and every positive is confirmed against the source before it counts
/// (`LeakConfirmation`), by a 128-bit key: memory stays fixed at `filterBytes` whatever the data size,
/// and a false positive of the filter costs a second read of the masked source columns but can never
/// fail a run.
public final class LeakProbe: @unchecked Sendable {
    // @unchecked: the filter is written under `lock` while tables are masked on several threads,
    // and only read (without the lock) once every insert is done.
    /// 64 MiB: at 10 million distinct values (the benchmark's scale 1) about one false positive in
    /// 20 million lookups, so the confirmation's second read of the source is rare (32 MiB: one in 40,000).
    public static let filterBytes = 64 << 20
    public static let hashCount = 16
    /// Shorter values (codes, initials, empty strings) are not probed: they recur by chance.
    public static let minimumLength = 4
    /// Numbers with fewer digits (identifiers, years, short postcodes) are not probed either: in
    /// text-typed stores such as CSV they recur between unrelated columns by nature.
    public static let minimumDigitsOfNumbers = 7

    /// A value's 128-bit keyed digest: what a flagged output value and a source value are compared by.
    struct Key: Hashable, Sendable {
        /// The filter key (`filterKey`).
        let filter: UInt64
        /// A second, independent keyed digest.
        let check: UInt64
    }

    private let lock = NSLock()
    /// 512-bit blocks (one cache line each), as 64-bit words.
    private let words: UnsafeMutablePointer<UInt64>
    private let blockCount: Int
    /// The run's secret: two SipHash prefixes of 128 bits each.
    private let secret: (UInt64, UInt64, UInt64, UInt64)
    /// The same secret as a value, which filters must share to be merged.
    let runSecret: Secret
    /// Values inserted (with repetitions).
    public private(set) var inserted = 0
    /// Whether a block read before an insert already had bits set (kept so those reads are not optimised away).
    private var occupied = false

    /// The 256 random bits a run's filters are keyed with. Every part of a run (`CopyPart`) fills a
    /// filter of its own under the run's secret, so that the parts' filters can be merged.
    struct Secret: Equatable, Sendable {
        fileprivate let words: [UInt64]

        /// A fresh secret from the system's random number generator.
        static func random() -> Secret {
            var random = SystemRandomNumberGenerator()
            return Secret(words: (0..<4).map { _ in random.next() })
        }
    }

    /// A probe with a filter of `filterBytes` (at least one 64-byte block) and a fresh random secret.
    public convenience init(filterBytes: Int = LeakProbe.filterBytes) {
        self.init(filterBytes: filterBytes, secret: .random())
    }

    /// A probe with an empty filter of `filterBytes` keyed with `secret`.
    init(filterBytes: Int, secret: Secret) {
        blockCount = max(1, filterBytes / 64)
        words = Self.allocateFilter(words: blockCount * 8)
        runSecret = secret
        self.secret = (secret.words[0], secret.words[1], secret.words[2], secret.words[3])
    }

    deinit {
        free(words)
    }

    /// Zeroed memory for the filter, on 2 MiB pages where the kernel offers them: every lookup and
    /// insert lands on a random page, and with 4 KiB pages nearly each one would also miss the TLB.
    private static func allocateFilter(words: Int) -> UnsafeMutablePointer<UInt64> {
        let bytes = words * 8
        let hugePage = 2 << 20
        var memory: UnsafeMutableRawPointer?
        guard posix_memalign(&memory, bytes >= hugePage ? hugePage : 64, bytes) == 0, let memory else {
            fatalError("cannot allocate the leak probe's \(bytes) bytes")
        }
        #if os(Linux)
        if bytes >= hugePage { _ = madvise(memory, bytes, MADV_HUGEPAGE) }
        #endif
        memset(memory, 0, bytes)
        return memory.bindMemory(to: UInt64.self, capacity: words)
    }

    /// The filter's size in bytes.
    public var filterBytes: Int { blockCount * 64 }

    /// Whether a value is long and distinctive enough to be probed.
    static func isProbed(_ value: UnsafeRawBufferPointer) -> Bool {
        guard value.count >= minimumLength else { return false }
        return value.count >= minimumDigitsOfNumbers || !value.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// The filter key of a value, or nil when the value is too common to mean a leak.
    public func filterKey(_ value: UnsafeRawBufferPointer) -> UInt64? {
        guard Self.isProbed(value) else { return nil }
        return digest(value, secret.0, secret.1)
    }

    /// The full key of a value whose filter key is `filter`.
    func key(_ value: UnsafeRawBufferPointer, filter: UInt64) -> Key {
        Key(filter: filter, check: digest(value, secret.2, secret.3))
    }

    /// The full key of a value, or nil when it is not probed.
    func key(_ value: UnsafeRawBufferPointer) -> Key? {
        filterKey(value).map { key(value, filter: $0) }
    }

    private func digest(_ value: UnsafeRawBufferPointer, _ a: UInt64, _ b: UInt64) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(a)
        hasher.combine(b)
        hasher.combine(bytes: value)
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }

    /// Calls `body` with the word index and bit mask of each of the key's bits. All of them fall in
    /// one 512-bit block (a blocked Bloom filter: one cache miss per value), chosen by the key's high
    /// bits; the bits inside it come 9 at a time from SplitMix64 finalisations of the key, so the
    /// positions of two keys sharing a block are unrelated.
    @inline(__always)
    private func forEachBit(_ key: UInt64, _ body: (Int, UInt64) -> Void) {
        let block = firstWord(key)
        var random: UInt64 = 0
        for i in 0..<LeakProbe.hashCount {
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
    private static func mix(_ x: UInt64) -> UInt64 {
        var z = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Records the filter keys of source values of masked columns (one lock per call: callers pass a
    /// batch's worth).
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

    /// Adds the values inserted into `other`, a filter of the same size and secret, to this one.
    /// - Precondition: `other` was made for the same run (`runSecret`, `filterBytes`).
    func formUnion(_ other: LeakProbe) {
        precondition(
            other.runSecret == runSecret && other.blockCount == blockCount,
            "leak probe filters of different runs")
        lock.lock()
        defer { lock.unlock() }
        for i in 0..<blockCount * 8 { words[i] |= other.words[i] }
        inserted += other.inserted
    }

    /// Whether a filter key may belong to an inserted value (false positives possible, false negatives
    /// not). Lookups run after every insert, so they read the filter without the lock.
    func mayContain(_ key: UInt64) -> Bool {
        var all = true
        forEachBit(key) { word, mask in all = all && words[word] & mask != 0 }
        return all
    }

    /// The filter's false-positive rate per lookup, estimated from the share of bits set as
    /// (set / m)^k (for a blocked filter a slight underestimate; positives are confirmed anyway).
    public var falsePositiveRate: Double {
        var set = 0
        for i in 0..<blockCount * 8 { set += words[i].nonzeroBitCount }
        return pow(Double(set) / Double(blockCount * 512), Double(LeakProbe.hashCount))
    }
}

/// The filter keys a thread has added lately, so repeated source values (first names, cities) are not
/// added again: a direct-mapped cache, exact about what it holds.
struct RecentKeys {
    private var slots = [UInt64](repeating: 0, count: 4096)

    /// Whether `key` was not among the recent keys (it is now).
    mutating func isNew(_ key: UInt64) -> Bool {
        let slot = Int(truncatingIfNeeded: key & 4095)
        if slots[slot] == key && key != 0 { return false }
        slots[slot] = key
        return true
    }
}
