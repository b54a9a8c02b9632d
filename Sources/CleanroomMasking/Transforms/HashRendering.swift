/// Renders a keyed digest as the `hash` transform's hex, base32 or decimal text.
enum HashRendering {
    private static let hexDigits = Array("0123456789abcdef".utf8)
    private static let base32Digits = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    static func render(_ digest: DigestReader, format: HashFormat, length: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(length)
        switch format {
        case .hex:
            for i in 0..<DigestReader.length where out.count < length {
                let b = digest.bytes[i]
                out.append(hexDigits[Int(b >> 4)])
                if out.count < length { out.append(hexDigits[Int(b & 0x0F)]) }
            }
        case .base32:
            var buffer: UInt32 = 0
            var bits = 0
            for i in 0..<DigestReader.length where out.count < length {
                buffer = (buffer << 8) | UInt32(digest.bytes[i])
                bits += 8
                while bits >= 5 && out.count < length {
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
            var number = value % modulus + modulus / 9
            var digits = [UInt8](repeating: 0x30, count: length)
            var i = length - 1
            while i >= 0 {
                digits[i] = 0x30 + UInt8(number % 10)
                number /= 10
                i -= 1
            }
            out = digits
        }
        return out
    }
}
