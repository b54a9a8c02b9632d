/// Strict readers of numbers and booleans in value text, without building Strings for the common cases.
enum NumberText {
    /// An optional sign and decimal digits that fit in an `Int64`; nil for anything else.
    static func int64(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        let negative = !text.isEmpty && text[0] == UInt8(ascii: "-")
        if !text.isEmpty, text[0] == UInt8(ascii: "-") || text[0] == UInt8(ascii: "+") { i = 1 }
        guard i < text.count else { return nil }
        var value: Int64 = 0
        while i < text.count {
            let digit = text[i] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            // Accumulate negatively so Int64.min parses too.
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = shifted.subtractingReportingOverflow(Int64(digit))
            guard !o1, !o2 else { return nil }
            value = next
            i += 1
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    /// A decimal number — sign, digits with an optional fraction, an optional exponent — or
    /// `Infinity`/`-Infinity`, as a `Double`; nil for anything else (`NaN`, hex floats, spaces).
    static func double(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        func digits() -> Int {
            let start = i
            while i < text.count, text[i] &- UInt8(ascii: "0") < 10 { i += 1 }
            return i - start
        }
        func sign() -> Bool {
            guard i < text.count, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") else { return false }
            i += 1
            return text[i - 1] == UInt8(ascii: "-")
        }
        let negative = sign()
        if text[i...].elementsEqual("Infinity".utf8) { return negative ? -.infinity : .infinity }
        var mantissa = digits()
        if i < text.count, text[i] == UInt8(ascii: ".") {
            i += 1
            mantissa += digits()
        }
        guard mantissa > 0 else { return nil }
        if i < text.count, text[i] == UInt8(ascii: "e") || text[i] == UInt8(ascii: "E") {
            i += 1
            _ = sign()
            guard digits() > 0 else { return nil }
        }
        return i == text.count ? Double(String(decoding: text, as: UTF8.self)) : nil
    }

    /// `t`/`true` → true, `f`/`false` → false (PostgreSQL's and JSON's spellings); nil otherwise.
    static func boolean(_ text: UnsafeBufferPointer<UInt8>) -> Bool? {
        if text.elementsEqual("t".utf8) || text.elementsEqual("true".utf8) { return true }
        if text.elementsEqual("f".utf8) || text.elementsEqual("false".utf8) { return false }
        return nil
    }
}
