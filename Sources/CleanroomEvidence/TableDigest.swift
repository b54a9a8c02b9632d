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
        Hex.encode(SHA256Hasher.digest(Array("cleanroom-table-v1".utf8) + state))
    }

    /// The row count and the sum, big-endian (40 bytes): what the digest is taken of, and what a
    /// digest of part of a table is stored as, to be merged later.
    private var state: [UInt8] {
        var bytes: [UInt8] = []
        for word in [rowCount, sum.3, sum.2, sum.1, sum.0] {
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return bytes
    }
}

/// A digest not yet taken is stored as its state in hex (`state`): a part of a table copied by
/// another process (a shard, `shard finish`) merges with the others' as if copied here.
extension TableDigest: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let bytes = Hex.decode(text), bytes.count == 40 else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not the state of a table digest (80 hex digits)")
        }
        let words = (0..<5).map { i in bytes[i * 8..<i * 8 + 8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
        self.init()
        add((words[4], words[3], words[2], words[1]), rows: words[0])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Hex.encode(state))
    }
}
