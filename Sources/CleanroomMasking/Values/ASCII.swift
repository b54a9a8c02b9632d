/// Byte classes and small renderers for ASCII text inside UTF-8 values.
enum ASCII {
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
    @inline(__always) static func isUpper(_ c: UInt8) -> Bool { c &- 0x41 < 26 }
    @inline(__always) static func isLower(_ c: UInt8) -> Bool { c &- 0x61 < 26 }
    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { isUpper(c) || isLower(c) }
    @inline(__always) static func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isLetter(c) }

    /// Letters, digits and `_`: bytes that continue a word, so a match must not touch them.
    @inline(__always) static func isWord(_ c: UInt8) -> Bool { isAlnum(c) || c == UInt8(ascii: "_") }

    /// The numeric value of an ASCII digit byte.
    @inline(__always) static func digitValue(_ c: UInt8) -> Int { Int(c &- 0x30) }

    @inline(__always) static func lowercased(_ c: UInt8) -> UInt8 { isUpper(c) ? c | 0x20 : c }

    /// Appends `value` (≥ 0, at most 40 digits: a 128-bit magnitude has 39) in decimal, left-padded
    /// with zeros to at least `width` digits.
    static func appendDecimal<I: BinaryInteger>(_ value: I, width: Int = 1, to out: inout [UInt8]) {
        precondition(value >= 0)
        // The digits are written from the right into 40 bytes on the stack, then appended at once
        // after the padding (not written one by one into `out`, each write checked).
        var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &buffer) { raw in
            let digits = raw.bindMemory(to: UInt8.self)
            var i = digits.count
            var v = value
            repeat {
                precondition(i > 0, "more than 40 decimal digits")
                i -= 1
                digits[i] = 0x30 + UInt8(v % 10)
                v /= 10
            } while v > 0
            let count = digits.count - i
            if width > count { out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - count)) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i...]))
        }
    }

    /// Appends the UTF-8 bytes of a literal.
    @inline(__always) static func append(_ literal: StaticString, to out: inout [UInt8]) {
        literal.withUTF8Buffer { out.append(contentsOf: $0) }
    }
}
