import CleanroomCore
import CleanroomCrypto
import Foundation

/// Checks that no source value of a masked column appears anywhere in the output (DESIGN §7, A 8.11).
///
/// While masking, each source value that a transform changed (at least `minimumLength` bytes) is
/// added to a Bloom filter under a keyed digest, so the filter reveals nothing without the key.
/// After the load, every output value of every column is looked up. Memory is fixed at
/// `filterBytes` whatever the data size; the false-positive rate for the number of values inserted
/// is computed and recorded with the result.
public final class LeakProbe: @unchecked Sendable {
    // @unchecked: the bit array is guarded by `lock`; tables are masked on several threads.
    public static let filterBytes = 32 << 20
    public static let hashCount = 16
    /// Shorter values (codes, initials, empty strings) are not probed: they recur by chance.
    public static let minimumLength = 4
    /// Numbers with fewer digits (identifiers, years, short postcodes) are not probed either: in
    /// text-typed stores such as CSV they recur between unrelated columns by nature.
    public static let minimumDigitsOfNumbers = 7

    /// Whether a value is distinctive enough for its reappearance to mean a leak.
    static func isProbed(_ value: [UInt8]) -> Bool {
        guard value.count >= minimumLength else { return false }
        return value.count >= minimumDigitsOfNumbers || !value.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    private let lock = NSLock()
    private var bits: [UInt64]
    private let hasher: HMACSHA256
    public private(set) var inserted = 0

    /// A probe keyed with a digest of the masking key's domain `leak-probe`.
    public init(hasher: HMACSHA256) {
        self.hasher = hasher
        bits = [UInt64](repeating: 0, count: LeakProbe.filterBytes / 8)
    }

    /// The keyed digest's two 64-bit halves, from which the probe positions derive (double hashing).
    private func seeds(_ value: [UInt8]) -> (UInt64, UInt64) {
        var h1: UInt64 = 0
        var h2: UInt64 = 0
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digest in
            value.withUnsafeBytes { hasher.mac($0, into: UnsafeMutableRawBufferPointer(digest)) }
            for k in 0..<8 {
                h1 = h1 << 8 | UInt64(digest[k])
                h2 = h2 << 8 | UInt64(digest[8 + k])
            }
        }
        return (h1, h2)
    }

    @inline(__always)
    private func position(_ seeds: (UInt64, UInt64), _ i: Int) -> Int {
        Int((seeds.0 &+ UInt64(i) &* seeds.1) % UInt64(bits.count * 64))
    }

    /// Records source values of a masked column (one lock per call, so callers pass a batch's worth).
    public func insert(_ values: [[UInt8]]) {
        let probed = values.filter(LeakProbe.isProbed).map(seeds)
        guard !probed.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        for s in probed {
            for i in 0..<LeakProbe.hashCount {
                let bit = position(s, i)
                bits[bit >> 6] |= 1 << UInt64(bit & 63)
            }
        }
        inserted += probed.count
    }

    /// Whether an output value may be a masked source value. Lookups happen after every insert
    /// (the read-back follows the load), so they read the filter without the lock.
    public func contains(_ value: [UInt8]) -> Bool {
        guard LeakProbe.isProbed(value) else { return false }
        let s = seeds(value)
        for i in 0..<LeakProbe.hashCount {
            let bit = position(s, i)
            if bits[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
        }
        return true
    }

    /// The probability that one lookup of a value never inserted reports a hit.
    public var falsePositiveRate: Double {
        let m = Double(bits.count * 64)
        let k = Double(LeakProbe.hashCount)
        return pow(1 - exp(-k * Double(inserted) / m), k)
    }
}
