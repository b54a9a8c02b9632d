/// Renders a keyed digest as the `hash` transform's hex, base32 or decimal text.
enum HashRendering {
    private static let hexDigits = Array("0123456789abcdef".utf8)
    private static let base32Digits = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    /// Appends `length` characters rendering `digest` in `format` to `out`.
    static func render(_ digest: DigestReader, format: HashFormat, length: Int, into out: inout [UInt8]) {
        let end = out.count + length
        switch format {
        case .hex:
            for i in 0..<DigestReader.length where out.count < end {
                let b = digest.bytes[i]
                out.append(hexDigits[Int(b >> 4)])
                if out.count < end { out.append(hexDigits[Int(b & 0x0F)]) }
            }
        case .base32:
            var buffer: UInt32 = 0
            var bits = 0
            for i in 0..<DigestReader.length where out.count < end {
                buffer = (buffer << 8) | UInt32(digest.bytes[i])
                bits += 8
                while bits >= 5 && out.count < end {
                    out.append(base32Digits[Int((buffer >> UInt32(bits - 5)) & 31)])
                    bits -= 5
                }
            }
        case .number:
            // The first 8 digest bytes as an integer, reduced mod 10^length, first digit non-zero so
            // the length holds when stored in a numeric column.
            let value = digest.value(at: 0)
            var modulus: UInt64 = 9
            for _ in 1..<length { modulus *= 10 }
            ASCII.appendDecimal(value % modulus + modulus / 9, width: length, to: &out)
        }
    }
}
