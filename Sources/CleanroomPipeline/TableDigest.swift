import CleanroomCore
import CleanroomCrypto

/// The canonical content digest of a table, as attested in evidence subjects.
///
/// Row order is not part of a table's content, so the digest is order-independent: each row's COPY
/// text line is hashed with SHA-256, the hashes are added as 256-bit integers modulo 2^256, and the
/// digest is SHA-256 of `"cleanroom-table-v1" ‖ row count (8 bytes, big-endian) ‖ sum`. It streams in
/// constant memory and gives the same value whichever order a database returns the rows in.
public struct TableDigest: Sendable {
    private var sum = [UInt64](repeating: 0, count: 4)
    public private(set) var rowCount: UInt64 = 0

    public init() {}

    /// Adds every row of a batch.
    public mutating func add(_ batch: RowBatch) {
        batch.bytes.withUnsafeBufferPointer { buf in
            var start = 0
            for i in 0..<buf.count where buf[i] == CopyText.newline {
                addRow(UnsafeBufferPointer(rebasing: buf[start..<i]))
                start = i + 1
            }
        }
    }

    private mutating func addRow(_ row: UnsafeBufferPointer<UInt8>) {
        let h = SHA256Hasher.digest(row)
        var carry: UInt64 = 0
        // Add the 256-bit big-endian hash to the little-endian limb array.
        for limb in 0..<4 {
            var word: UInt64 = 0
            for k in 0..<8 { word = word << 8 | UInt64(h[(3 - limb) * 8 + k]) }
            let (s1, o1) = sum[limb].addingReportingOverflow(word)
            let (s2, o2) = s1.addingReportingOverflow(carry)
            sum[limb] = s2
            carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        rowCount += 1
    }

    /// Lower-case hex SHA-256 digest.
    public var hex: String {
        var bytes = Array("cleanroom-table-v1".utf8)
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: rowCount >> UInt64(shift))) }
        for limb in (0..<4).reversed() {
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: sum[limb] >> UInt64(shift))) }
        }
        return Hex.encode(SHA256Hasher.digest(bytes))
    }
}
