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

    /// Appends `value` (≥ 0) in decimal, left-padded with zeros to at least `width` digits.
    static func appendDecimal<I: BinaryInteger>(_ value: I, width: Int = 1, to out: inout [UInt8]) {
        precondition(value >= 0)
        var digits: [UInt8] = []
        var v = value
        repeat {
            digits.append(0x30 + UInt8(v % 10))
            v /= 10
        } while v > 0
        if digits.count < width { out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - digits.count)) }
        out.append(contentsOf: digits.reversed())
    }
}
