/// Keyed relative noise on decimal numbers (DESIGN §4, `noise`).
public enum Noise {
    /// The resolution of the noise factor: r is a whole number of billionths.
    static let scale: Int128 = 1_000_000_000

    /// `value` multiplied by (1 + r), where r is drawn uniformly from −`relative`…+`relative` in steps of
    /// 10⁻⁹ by the first eight bytes of `digest` (32 bytes), rounded half away from zero to the value's
    /// own number of decimal places (integers stay integers); nil when `value` is not a plain decimal
    /// number.
    ///
    /// Accepted: an optional `+` or `-`, one or more digits, and optionally `.` followed by one or more
    /// digits, up to 38 significant digits (no exponent, no spaces). A leading `+` is kept; `-` appears
    /// when the result is negative. The arithmetic is exact (128-bit integers on the unscaled digits), so
    /// the same input and digest give the same output on every machine. Also nil when `relative` is
    /// negative, not finite or above 1,000, or the result would exceed 38 digits.
    public static func apply(_ value: [UInt8], digest: [UInt8], relative: Double) -> [UInt8]? {
        apply(value, DigestReader(digest), relative: relative)
    }

    /// ``apply(_:digest:relative:)`` with the digest already held by a reader.
    static func apply(_ value: [UInt8], _ digest: DigestReader, relative: Double) -> [UInt8]? {
        guard relative.isFinite, relative >= 0, relative <= 1000, let number = Decimal38(value) else { return nil }
        let bound = Int128((relative * Double(scale)).rounded())
        let r = Int128(digest.value(at: 0) % UInt64(2 * bound + 1)) - bound
        // unscaled · r / 10⁹, exactly: split the unscaled value at 10⁹ so no product exceeds 128 bits.
        let high = number.unscaled / scale
        let low = number.unscaled % scale
        let lowPart = low * r
        let rounded = (lowPart + (lowPart >= 0 ? scale / 2 : -scale / 2)) / scale
        let (highPart, overflow) = high.multipliedReportingOverflow(by: r)
        let (delta, overflowDelta) = highPart.addingReportingOverflow(rounded)
        let (result, overflowSum) = number.unscaled.addingReportingOverflow(delta)
        guard !overflow, !overflowDelta, !overflowSum, result.magnitude < Decimal38.limit else { return nil }
        return Decimal38(unscaled: result, fractionDigits: number.fractionDigits, plusSign: number.plusSign).rendered
    }
}

/// A decimal number of at most 38 significant digits as an unscaled 128-bit integer and a scale.
private struct Decimal38 {
    /// 10³⁸: unscaled magnitudes stay below it.
    static let limit: UInt128 = {
        var v: UInt128 = 1
        for _ in 0..<38 { v *= 10 }
        return v
    }()

    /// The digits without the decimal point, with the sign.
    var unscaled: Int128
    /// How many digits follow the decimal point.
    var fractionDigits: Int
    /// Whether the text began with `+`.
    var plusSign: Bool

    init(unscaled: Int128, fractionDigits: Int, plusSign: Bool) {
        self.unscaled = unscaled
        self.fractionDigits = fractionDigits
        self.plusSign = plusSign
    }

    init?(_ text: [UInt8]) {
        var i = 0
        let sign = text.first
        let negative = sign == UInt8(ascii: "-")
        plusSign = sign == UInt8(ascii: "+")
        if negative || plusSign { i = 1 }
        var magnitude: UInt128 = 0
        var integerDigits = 0
        fractionDigits = 0
        var significant = 0
        var afterPoint = false
        while i < text.count {
            let c = text[i]
            if c == UInt8(ascii: "."), !afterPoint, integerDigits > 0 {
                afterPoint = true
            } else if ASCII.isDigit(c) {
                if significant > 0 || c != UInt8(ascii: "0") { significant += 1 }
                guard significant <= 38 else { return nil }
                magnitude = magnitude * 10 + UInt128(ASCII.digitValue(c))
                if afterPoint { fractionDigits += 1 } else { integerDigits += 1 }
            } else {
                return nil
            }
            i += 1
        }
        guard integerDigits > 0, !afterPoint || fractionDigits > 0 else { return nil }
        unscaled = negative ? -Int128(magnitude) : Int128(magnitude)
    }

    /// The number as text with `fractionDigits` decimals: `-12.50`, `+7`, `0.05`.
    var rendered: [UInt8] {
        var digits: [UInt8] = []
        ASCII.appendDecimal(unscaled.magnitude, width: fractionDigits + 1, to: &digits)
        var out: [UInt8] = []
        if unscaled < 0 {
            out.append(UInt8(ascii: "-"))
        } else if plusSign {
            out.append(UInt8(ascii: "+"))
        }
        out += digits[..<(digits.count - fractionDigits)]
        if fractionDigits > 0 {
            out.append(UInt8(ascii: "."))
            out += digits[(digits.count - fractionDigits)...]
        }
        return out
    }
}
