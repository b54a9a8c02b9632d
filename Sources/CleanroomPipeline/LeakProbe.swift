import CleanroomCore
import CleanroomMasking
import Foundation
import Synchronization

/// Checks that no source value of a masked column is carried into the output (DESIGN §7, A 8.11).
///
/// While masking, each source value that a transform changed is added to a Bloom filter under a
/// keyed 64-bit digest (SipHash-1-3, the standard library's `Hasher`, keyed with 128 random bits
/// drawn for this run), so the filter reveals nothing without this run's secret, which never leaves
/// the process. After the load, the output values that could carry a source value through are looked
/// up (see `ProbePolicy`), and every positive is confirmed against the source before it counts
/// (`LeakConfirmation`), by a 128-bit key: memory is bounded by the filter's size whatever the data
/// size, and a false positive of the filter costs a second read of the masked source columns but can
/// never fail a run.
public final class LeakProbe: Sendable {
    /// The filter's size bounds. 64 MiB holds 10 million distinct values (the benchmark's scale 1)
    /// at about one false positive in 20 million lookups, so the confirmation's second read of the
    /// source is rare (32 MiB: one in 40,000); beyond that the rate rises rather than the memory.
    public static let filterBytesRange = (1 << 20)...(64 << 20)
    public static let hashCount = BlockedBloomFilter.hashCount

    /// The filter size for about `values` recorded source values (the copied tables' estimated rows
    /// times their recorded columns): 8 bytes each, a power of two within `filterBytesRange`.
    public static func filterBytes(forValues values: Int) -> Int {
        BlockedBloomFilter.bytes(forKeys: values, bytesPerKey: 8, within: filterBytesRange)
    }

    /// A value's 128-bit keyed digest: what a flagged output value and a source value are compared by.
    struct Key: Hashable, Sendable {
        /// The filter key (`filterKey`).
        let filter: UInt64
        /// A second, independent keyed digest.
        let check: UInt64
    }

    let filter: BlockedBloomFilter
    /// Changed source values of recorded columns seen, with repetitions (`insert`'s `recorded`).
    private let recordedValues = Mutex(0)
    /// The run's secret: two SipHash prefixes of 128 bits each.
    private let secret: (UInt64, UInt64, UInt64, UInt64)
    /// The same secret as a value, which filters must share to be merged.
    let runSecret: Secret

    /// The 256 random bits a run's filters are keyed with. Every part of a run (`CopyPart`) fills a
    /// filter of its own under the run's secret, so that the parts' filters can be merged.
    struct Secret: Equatable, Sendable {
        fileprivate let words: [UInt64]

        fileprivate init(words: [UInt64]) {
            self.words = words
        }

        /// The secret `bytes` (32) spell, as little-endian words: what the parts of a sharded run,
        /// copied by processes apart, key their filters with (`ShardPlan.probeSecret`).
        init(bytes: [UInt8]) {
            precondition(bytes.count == 32, "a leak probe secret of 256 bits")
            words = (0..<4).map { i in
                bytes[i * 8..<i * 8 + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            }
        }

        /// A fresh secret from the system's random number generator.
        static func random() -> Secret {
            var random = SystemRandomNumberGenerator()
            return Secret(words: (0..<4).map { _ in random.next() })
        }
    }

    /// A probe with a filter of `filterBytes` (at least one 64-byte block) and a fresh random secret.
    public convenience init(filterBytes: Int = LeakProbe.filterBytesRange.upperBound) {
        self.init(filterBytes: filterBytes, secret: .random())
    }

    /// A probe with an empty filter of `filterBytes` keyed with `secret`.
    convenience init(filterBytes: Int, secret: Secret) {
        self.init(filter: BlockedBloomFilter(bytes: filterBytes), secret: secret)
    }

    /// A probe with `filter` (a stored part's, which had `recorded` values) keyed with `secret`.
    init(filter: BlockedBloomFilter, secret: Secret, recorded: Int = 0) {
        self.filter = filter
        recordedValues.withLock { $0 = recorded }
        runSecret = secret
        self.secret = (secret.words[0], secret.words[1], secret.words[2], secret.words[3])
    }

    /// The filter's size in bytes.
    public var filterBytes: Int { filter.bytes }
    /// Changed source values of recorded columns, with repetitions: the same however the tables were
    /// split between workers (the filter is spared repeats a worker saw lately, which depend on that).
    public var recorded: Int { recordedValues.withLock { $0 } }

    /// The filter key of a value, or nil when the value is too common to mean a leak.
    public func filterKey(_ value: UnsafeRawBufferPointer) -> UInt64? {
        guard ProbePolicy.isProbed(value) else { return nil }
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

    /// Records the filter keys of source values of masked columns (one lock per call: callers pass a
    /// batch's worth), `recorded` values in all, repeats included, of which `keys` are the new ones.
    public func insert(_ keys: [UInt64], recorded: Int) {
        filter.insert(keys)
        recordedValues.withLock { $0 += recorded }
    }

    /// Adds the values inserted into `other`, a filter of the same size and secret, to this one.
    /// - Precondition: `other` was made for the same run (`runSecret`, `filterBytes`).
    func formUnion(_ other: LeakProbe) {
        precondition(other.runSecret == runSecret, "leak probe filters of different runs")
        filter.formUnion(other.filter)
        recordedValues.withLock { $0 += other.recorded }
    }

    /// Whether a filter key may belong to an inserted value (false positives possible, false negatives
    /// not). Lookups run after every insert.
    func mayContain(_ key: UInt64) -> Bool {
        filter.mayContain(key)
    }

    /// The filter's false-positive rate per lookup (positives are confirmed anyway).
    public var falsePositiveRate: Double { filter.falsePositiveRate }
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
