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

    private func positions(_ value: [UInt8]) -> [Int] {
        let d = hasher.mac(value)
        var h1: UInt64 = 0
        var h2: UInt64 = 0
        for k in 0..<8 {
            h1 = h1 << 8 | UInt64(d[k])
            h2 = h2 << 8 | UInt64(d[8 + k])
        }
        let m = UInt64(bits.count * 64)
        return (0..<LeakProbe.hashCount).map { i in Int((h1 &+ UInt64(i) &* h2) % m) }
    }

    /// Records a source value of a masked column.
    public func insert(_ value: [UInt8]) {
        guard LeakProbe.isProbed(value) else { return }
        let p = positions(value)
        lock.lock()
        for bit in p { bits[bit >> 6] |= 1 << UInt64(bit & 63) }
        inserted += 1
        lock.unlock()
    }

    /// Whether an output value may be a masked source value.
    public func contains(_ value: [UInt8]) -> Bool {
        guard LeakProbe.isProbed(value) else { return false }
        let p = positions(value)
        lock.lock()
        defer { lock.unlock() }
        return p.allSatisfy { bits[$0 >> 6] & (1 << UInt64($0 & 63)) != 0 }
    }

    /// The probability that one lookup of a value never inserted reports a hit.
    public var falsePositiveRate: Double {
        let m = Double(bits.count * 64)
        let k = Double(LeakProbe.hashCount)
        return pow(1 - exp(-k * Double(inserted) / m), k)
    }
}
