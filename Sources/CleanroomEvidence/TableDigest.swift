import CleanroomCore
import CleanroomCrypto

/// The canonical content digest of a table, as attested in evidence subjects.
///
/// Row order is not part of a table's content, so the digest is order-independent: each row's COPY
/// text line is hashed with SHA-256, the hashes are added as 256-bit integers modulo 2^256, and the
/// digest is SHA-256 of `"cleanroom-table-v1" ‖ row count (8 bytes, big-endian) ‖ sum`. It streams in
/// constant memory, gives the same value whichever order a database returns the rows in, and the
/// digests of parts of a table add up to the digest of the whole (`merge`).
public struct TableDigest: Sendable {
    /// The sum's 64-bit limbs, least significant first.
    private var sum: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    public private(set) var rowCount: UInt64 = 0

    public init() {}

    /// Adds every row of a batch.
    public mutating func add(_ batch: RowBatch) {
        batch.bytes.withUnsafeBufferPointer { buf in
            var start = 0
            while start < buf.count {
                let end = ByteScan.firstIndex(
                    in: buf, from: start, candidates: { ByteScan.lanes(equalTo: CopyText.newline, in: $0) },
                    matches: { $0 == CopyText.newline })
                guard end < buf.count else { return }
                addRow(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buf[start..<end])))
                start = end + 1
            }
        }
    }

    /// Adds one row's COPY text, without its newline.
    public mutating func addRow(_ row: UnsafeRawBufferPointer) {
        let h = SHA256Hasher.digest(of: row)
        // The hash read as a big-endian 256-bit number, limb by limb from the least significant.
        add((Self.word(h, 3), Self.word(h, 2), Self.word(h, 1), Self.word(h, 0)), rows: 1)
    }

    /// Adds the rows another digest has seen (the digest of a table masked in parts).
    public mutating func merge(_ other: TableDigest) {
        add(other.sum, rows: other.rowCount)
    }

    private mutating func add(_ limbs: (UInt64, UInt64, UInt64, UInt64), rows: UInt64) {
        var carry: UInt64
        (sum.0, carry) = Self.add(sum.0, limbs.0, 0)
        (sum.1, carry) = Self.add(sum.1, limbs.1, carry)
        (sum.2, carry) = Self.add(sum.2, limbs.2, carry)
        (sum.3, _) = Self.add(sum.3, limbs.3, carry)
        rowCount += rows
    }

    @inline(__always)
    private static func add(_ a: UInt64, _ b: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
        let (s1, o1) = a.addingReportingOverflow(b)
        let (s2, o2) = s1.addingReportingOverflow(carry)
        return (s2, (o1 ? 1 : 0) + (o2 ? 1 : 0))
    }

    /// Bytes `8i ..< 8i + 8` of `h` as a big-endian word.
    @inline(__always)
    private static func word(_ h: SIMD32<UInt8>, _ i: Int) -> UInt64 {
        var w: UInt64 = 0
        for k in 0..<8 { w = w << 8 | UInt64(h[i * 8 + k]) }
        return w
    }

    /// Lower-case hex SHA-256 digest.
    public var hex: String {
        var bytes = Array("cleanroom-table-v1".utf8)
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: rowCount >> UInt64(shift)))
        }
        for limb in [sum.3, sum.2, sum.1, sum.0] {
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: limb >> UInt64(shift)))
            }
        }
        return Hex.encode(SHA256Hasher.digest(bytes))
    }
}
