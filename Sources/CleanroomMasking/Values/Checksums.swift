/// Check-digit algorithms over ASCII text: Luhn (ISO/IEC 7812-1 Annex B) for card numbers and
/// ISO 7064 MOD 97-10 for IBANs (ISO 13616-1).
public enum Checksums {
    /// Whether `digits` (ASCII `0`–`9` only, at least two) ends in a correct Luhn check digit.
    ///
    /// Any byte that is not a digit makes the number invalid; strip separators first.
    public static func luhnIsValid(_ digits: some Collection<UInt8>) -> Bool {
        guard digits.count >= 2, let sum = luhnSum(digits, doublingLast: false) else { return false }
        return sum % 10 == 0
    }

    /// The ASCII digit that, appended to `payload` (ASCII digits), makes a Luhn-valid number; nil
    /// when `payload` holds a byte that is not a digit.
    public static func luhnCheckDigit(_ payload: some Collection<UInt8>) -> UInt8? {
        guard let sum = luhnSum(payload, doublingLast: true) else { return nil }
        return UInt8(ascii: "0") + UInt8((10 - sum % 10) % 10)
    }

    /// Whether `text` is an IBAN with correct check digits, in electronic (`DE89370400440532013000`)
    /// or paper (`DE89 3704 0044 0532 0130 00`) form.
    ///
    /// Spaces are ignored. The rest must be two upper-case letters, two digits and 11–30 upper-case
    /// letters or digits; then, with the first four characters moved to the end and letters read as
    /// A = 10 … Z = 35, the number mod 97 must be 1.
    public static func ibanIsValid(_ text: some Collection<UInt8>) -> Bool {
        let compact = text.filter { $0 != UInt8(ascii: " ") }
        guard (15...34).contains(compact.count),
            ASCII.isUpper(compact[0]), ASCII.isUpper(compact[1]),
            ASCII.isDigit(compact[2]), ASCII.isDigit(compact[3]),
            compact.allSatisfy({ ASCII.isDigit($0) || ASCII.isUpper($0) })
        else { return false }
        return mod97(compact[4...], then: compact[0..<4]) == 1
    }

    /// The two ASCII check digits of an IBAN with the given two-letter country code and BBAN
    /// (upper-case letters and digits); nil when either holds another byte.
    public static func ibanCheckDigits(countryCode: some Collection<UInt8>, bban: some Collection<UInt8>) -> [UInt8]? {
        guard countryCode.count == 2, countryCode.allSatisfy(ASCII.isUpper),
            let remainder = mod97(bban, then: Array(countryCode) + Array("00".utf8))
        else { return nil }
        let check = 98 - remainder
        return [UInt8(ascii: "0") + UInt8(check / 10), UInt8(ascii: "0") + UInt8(check % 10)]
    }

    /// Σ of Luhn digit values, doubling every second digit counted from the right; the rightmost digit
    /// is doubled when `doublingLast` (computing a check digit still to be appended).
    private static func luhnSum(_ digits: some Collection<UInt8>, doublingLast: Bool) -> Int? {
        var sum = 0
        var double = doublingLast
        for c in digits.reversed() {
            guard ASCII.isDigit(c) else { return nil }
            var d = ASCII.digitValue(c)
            if double {
                d *= 2
                if d > 9 { d -= 9 }
            }
            sum += d
            double.toggle()
        }
        return sum
    }

    /// The number formed by `first` then `second` (digits as themselves, letters A = 10 … Z = 35),
    /// mod 97; nil on any other byte.
    private static func mod97(_ first: some Collection<UInt8>, then second: some Collection<UInt8>) -> Int? {
        mod97(first, carrying: 0).flatMap { mod97(second, carrying: $0) }
    }

    /// Continues a mod-97 reduction whose earlier digits left `remainder`.
    private static func mod97(_ text: some Collection<UInt8>, carrying remainder: Int) -> Int? {
        var remainder = remainder
        for c in text {
            if ASCII.isDigit(c) {
                remainder = (remainder * 10 + ASCII.digitValue(c)) % 97
            } else if ASCII.isUpper(c) {
                remainder = (remainder * 100 + Int(c - UInt8(ascii: "A")) + 10) % 97
            } else {
                return nil
            }
        }
        return remainder
    }
}
