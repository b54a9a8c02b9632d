/// Finds payment card numbers in free text: 13–19 digits, optionally grouped by single spaces or
/// dashes, starting with 2–6 (the Mastercard, Visa, Amex, Discover and UnionPay ranges), passing Luhn.
enum CardScanner {
    static func scan(_ text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        DigitGroups.matches(in: text, separators: [UInt8(ascii: " "), UInt8(ascii: "-")], parentheses: false) { run in
            let start = run.start
            guard start == 0 || text[start - 1] != UInt8(ascii: "+"), (13...19).contains(run.digitCount) else {
                return nil
            }
            let digits = run.digits(in: text)
            guard (UInt8(ascii: "2")...UInt8(ascii: "6")).contains(digits[0]), Checksums.luhnIsValid(digits) else {
                return nil
            }
            return run.span
        }
    }
}
