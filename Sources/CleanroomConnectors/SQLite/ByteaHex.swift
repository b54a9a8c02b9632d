/// PostgreSQL's `bytea` hex text (`\x` then two lower-case hex digits a byte), the form blobs take
/// in COPY text between connectors.
enum ByteaHex {
    private static let digits = Array("0123456789abcdef".utf8)
    /// `\x` as it appears inside COPY text, where the backslash itself is escaped.
    private static let escapedPrefix = Array(#"\\x"#.utf8)

    /// Appends `bytes` as COPY-escaped bytea hex text: `\\x` followed by the digits.
    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.reserveCapacity(out.count + escapedPrefix.count + 2 * bytes.count)
        out.append(contentsOf: escapedPrefix)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
    }

    /// Decodes an (unescaped) value `\x…` into `out`; false, leaving `out` unspecified, when the
    /// value is not `\x` followed by an even number of hex digits.
    static func decode(_ value: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Bool {
        guard value.count >= 2, value.count % 2 == 0, value[0] == UInt8(ascii: "\\"), value[1] == UInt8(ascii: "x")
        else {
            return false
        }
        out.removeAll(keepingCapacity: true)
        var i = 2
        while i < value.count {
            guard let high = nibble(value[i]), let low = nibble(value[i + 1]) else { return false }
            out.append(high << 4 | low)
            i += 2
        }
        return true
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
