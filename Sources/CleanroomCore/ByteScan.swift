/// Finding the next interesting byte eight bytes at a time (SWAR: SIMD within a register).
///
/// The byte loops of the data path (COPY text framing, escaping, JSON strings, redaction's pre-scan)
/// look for a few byte values in long runs of other bytes. A word test flags, in the high bit of each
/// byte lane of a little-endian 64-bit word, every lane that may match; flagged lanes are then
/// checked one by one with the exact byte test, so a test may flag more lanes than match, never fewer.
public enum ByteScan {
    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The index of the first byte of `bytes` at or after `start` for which `matches` holds, or
    /// `bytes.count` when there is none. `candidates` must flag (high bit of the lane) every lane of a
    /// word whose byte matches, e.g. `ByteScan.lanes(equalTo: 0x5C, in: $0)`.
    @inlinable @inline(__always)
    public static func firstIndex(
        in bytes: UnsafeBufferPointer<UInt8>, from start: Int,
        candidates: (UInt64) -> UInt64, matches: (UInt8) -> Bool
    ) -> Int {
        let n = bytes.count
        var i = start
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= n {
                var flagged = candidates(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                while flagged != 0 {
                    let k = i + flagged.trailingZeroBitCount / 8
                    if matches(bytes[k]) { return k }
                    flagged &= flagged - 1
                }
                i += 8
            }
        }
        while i < n && !matches(bytes[i]) { i += 1 }
        return i
    }

    /// Flags the lanes of `word` equal to `byte`.
    @inlinable @inline(__always)
    public static func lanes(equalTo byte: UInt8, in word: UInt64) -> UInt64 {
        lanes(below: 1, in: word ^ (ones &* UInt64(byte)))
    }

    /// Flags the lanes of `word` holding an ASCII digit, and possibly lanes above a flagged one.
    @inlinable @inline(__always)
    public static func digitLanes(in word: UInt64) -> UInt64 {
        lanes(below: 10, in: word ^ (ones &* 0x30))
    }

    /// Flags the lanes of `word` below `bound` (at most 128), and possibly lanes above a flagged one.
    @inlinable @inline(__always)
    public static func lanes(below bound: UInt8, in word: UInt64) -> UInt64 {
        (word &- ones &* UInt64(bound)) & ~word & highBits
    }
}
