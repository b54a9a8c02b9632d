import CleanroomCore
import CleanroomCrypto
import Foundation

/// Checks that no source value of a masked column is carried into the output (DESIGN §7, A 8.11).
///
/// While masking, each source value that a transform changed is added to a Bloom filter under a
/// keyed digest, so the filter reveals nothing without the key. After the load, the output values
/// that could carry a source value through are looked up (see `ProbePolicy`), and every positive is
/// confirmed against the source before it counts (`LeakConfirmation`): memory stays fixed at
/// `filterBytes` whatever the data size, and a false positive of the filter can cost a second read
/// of the masked source columns but can never fail a run.
public final class LeakProbe: @unchecked Sendable {
    // @unchecked: the bit array is written under `lock` while tables are masked on several threads,
    // and only read (without the lock) once every insert is done.
    public static let filterBytes = 32 << 20
    public static let hashCount = 16
    /// Shorter values (codes, initials, empty strings) are not probed: they recur by chance.
    public static let minimumLength = 4
    /// Numbers with fewer digits (identifiers, years, short postcodes) are not probed either: in
    /// text-typed stores such as CSV they recur between unrelated columns by nature.
    public static let minimumDigitsOfNumbers = 7

    /// A value's keyed digest, truncated to 128 bits: what the filter and the confirmation compare.
    struct Key: Hashable, Sendable {
        let high: UInt64
        let low: UInt64
    }

    private let lock = NSLock()
    private var bits: [UInt64]
    private let hasher: HMACSHA256
    /// Values inserted (with repetitions).
    public private(set) var inserted = 0

    /// A probe keyed with the masking key's `leak-probe` domain, with a filter of `filterBytes`.
    public init(hasher: HMACSHA256, filterBytes: Int = LeakProbe.filterBytes) {
        self.hasher = hasher
        bits = [UInt64](repeating: 0, count: max(8, filterBytes / 64 * 8))
    }

    /// The filter's size in bytes.
    public var filterBytes: Int { bits.count * 8 }

    /// The probe key of a value, or nil when the value is too common to mean a leak.
    func key(_ value: [UInt8]) -> Key? {
        guard value.count >= LeakProbe.minimumLength,
              value.count >= LeakProbe.minimumDigitsOfNumbers || !value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digest in
            value.withUnsafeBytes { hasher.mac($0, into: UnsafeMutableRawBufferPointer(digest)) }
            for k in 0..<8 {
                high = high << 8 | UInt64(digest[k])
                low = low << 8 | UInt64(digest[8 + k])
            }
        }
        return Key(high: high, low: low)
    }

    /// Bit `i` of `key`: all of a key's bits fall in one 512-bit block (one cache line), chosen by
    /// the key's high half; the low half places the bits inside it (a blocked Bloom filter: one cache
    /// miss per value instead of `hashCount`).
    @inline(__always)
    private func position(_ key: Key, _ i: Int) -> Int {
        let blocks = UInt64(max(1, bits.count / 8))
        let block = Int(key.high % blocks) * 512
        let step = (key.low >> 32) | 1
        return block + Int((key.low &+ UInt64(i) &* step) & 511)
    }

    /// Records source values of a masked column (one lock per call: callers pass a batch's worth).
    public func insert(_ values: [[UInt8]]) {
        let keys = values.compactMap(key)
        guard !keys.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        for k in keys {
            for i in 0..<LeakProbe.hashCount {
                let bit = position(k, i)
                bits[bit >> 6] |= 1 << UInt64(bit & 63)
            }
        }
        inserted += keys.count
    }

    /// Whether `key` may belong to an inserted value (false positives possible, false negatives not).
    /// Lookups run after every insert, so they read the filter without the lock.
    func mayContain(_ key: Key) -> Bool {
        for i in 0..<LeakProbe.hashCount {
            let bit = position(key, i)
            if bits[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
        }
        return true
    }

    /// The filter's false-positive rate per lookup, estimated from the share of bits set as
    /// (set / m)^k (for a blocked filter a slight underestimate; positives are confirmed anyway).
    public var falsePositiveRate: Double {
        let set = bits.reduce(0) { $0 + $1.nonzeroBitCount }
        return pow(Double(set) / Double(bits.count * 64), Double(LeakProbe.hashCount))
    }
}
