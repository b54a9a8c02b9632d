/// Byte-level pieces of JSON text shared by the JSONL reader and writer.
enum JSONText {
    /// Appends the content of a scanned string (between its quotes) with escapes decoded to UTF-8.
    /// A `\u` escape of a lone surrogate becomes U+FFFD.
    static func appendUnescaped(_ content: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var i = 0
        while i < content.count {
            let byte = content[i]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                i += 1
                continue
            }
            let escape = content[i + 1]
            i += 2
            switch escape {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(content, at: i)
                i += 4
                if (0xD800..<0xDC00).contains(scalar), i + 6 <= content.count,
                    content[i] == UInt8(ascii: "\\"), content[i + 1] == UInt8(ascii: "u")
                {
                    let low = hex4(content, at: i + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: UTF8.encode(character)!)
            default: out.append(escape)  // `"`, `\` and `/` stand for themselves
            }
        }
    }

    /// Appends a scanned value without the whitespace outside its strings (`{ "a": [1, 2] }` →
    /// `{"a":[1,2]}`).
    static func appendCompact(_ value: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var inString = false
        var escaped = false
        for byte in value {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                continue
            }
            out.append(byte)
        }
    }

    /// Appends `value` as a JSON string: quotes, `"` and `\` escaped, control characters as `\n`,
    /// `\t` … or `\u00XX`, everything else as UTF-8. False, having appended nothing, when `value`
    /// is not valid UTF-8 (JSON text must be).
    static func appendQuoted(_ value: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) -> Bool {
        guard isValidUTF8(value) else { return false }
        out.append(UInt8(ascii: "\""))
        for byte in value {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(byte)
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return true
    }

    static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Four hex digits the scanner has already checked.
    private static func hex4(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt32 {
        (i..<i + 4).reduce(0) { $0 << 4 | (hexValue(text[$1]) ?? 0) }
    }

    private static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.contains(where: { $0 >= 0x80 }) else { return true }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
