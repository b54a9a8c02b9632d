/// Reads the independent choices of a transform from a 32-byte keyed digest (an HMAC-SHA256 output).
///
/// Each choice reads its own byte range, so choices made from different ranges are independent.
/// Indices are a 64-bit big-endian value reduced modulo the list size: for lists far smaller than
/// 2^32 the bias is below 2^-32. The digest is held inline, so reading one allocates nothing.
struct DigestReader {
    /// The digest length every value-level transform expects.
    static let length = 32

    let bytes: SIMD32<UInt8>

    init(_ digest: SIMD32<UInt8>) {
        bytes = digest
    }

    init(_ digest: [UInt8]) {
        precondition(digest.count >= DigestReader.length, "a keyed digest has \(DigestReader.length) bytes")
        var bytes = SIMD32<UInt8>()
        for i in 0..<DigestReader.length { bytes[i] = digest[i] }
        self.bytes = bytes
    }

    /// The big-endian unsigned integer in `count` (1…8) bytes from `offset`.
    func value(at offset: Int, bytes count: Int = 8) -> UInt64 {
        precondition((1...8).contains(count) && offset + count <= DigestReader.length)
        var v: UInt64 = 0
        for i in offset..<(offset + count) { v = v << 8 | UInt64(bytes[i]) }
        return v
    }

    /// An integer in `0..<n` from the bytes at `offset`.
    func below(_ n: Int, at offset: Int, bytes count: Int = 8) -> Int {
        precondition(n > 0)
        return Int(value(at: offset, bytes: count) % UInt64(n))
    }

    /// An element of `list` chosen by the bytes at `offset`.
    func pick<List: RandomAccessCollection>(_ list: List, at offset: Int, bytes count: Int = 8) -> List.Element
    where List.Index == Int {
        list[below(list.count, at: offset, bytes: count)]
    }
}
