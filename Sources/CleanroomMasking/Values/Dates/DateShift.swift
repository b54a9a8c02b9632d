/// Shifts dates and timestamps by whole days, keeping their text format (DESIGN §4, `shift_date`).
///
/// Accepted forms (years 0001–9999):
/// - `YYYY-MM-DD`, optionally followed by `T` or a space and a time;
/// - `YYYY/M/D` (month and day of one or two digits), optionally followed by a space or `T` and a time.
///
/// A time is `HH:MM[:SS[.fraction]]` with an optional zone: `Z`, `±HH`, `±HH:MM`, `±HHMM` or
/// `±HH:MM:SS`, as PostgreSQL and ISO 8601 write them (`2024-02-29 13:45:00.123456+01`,
/// `2024-02-29T13:45:00Z`, `1900-01-01 00:00:00+00:53:28` for a historical local mean time).
/// Only the calendar date changes; the time and zone bytes are copied unchanged. PostgreSQL's
/// `infinity` and `-infinity` name no day and stay as they are.
public enum DateShift {
    /// `value` with its date moved by `days` (negative: earlier), re-rendered in the same format; nil
    /// when `value` is not one of the accepted forms or the result would leave years 0001–9999.
    ///
    /// The slash form keeps its style: months and days are written with two digits when the input wrote
    /// either with a leading zero (`2024/01/05`), otherwise with as few digits as needed (`2024/1/5`).
    public static func shift(_ value: [UInt8], days: Int) -> [UInt8]? {
        var out: [UInt8] = []
        return shift(value, days: days, into: &out) ? out : nil
    }

    /// Appends ``shift(_:days:)`` of `value` to `out`; false, with `out` untouched, where that is nil.
    static func shift(_ value: [UInt8], days: Int, into out: inout [UInt8]) -> Bool {
        if value.elementsEqual("infinity".utf8) || value.elementsEqual("-infinity".utf8) {
            out += value
            return true
        }
        guard let parsed = ParsedDate(value) else { return false }
        let (base, overflow) = parsed.date.dayNumber.addingReportingOverflow(days)
        guard !overflow else { return false }
        let shifted = CivilDate(dayNumber: base)
        guard (1...9999).contains(shifted.year) else { return false }
        ASCII.appendDecimal(shifted.year, width: 4, to: &out)
        out.append(parsed.separator)
        ASCII.appendDecimal(shifted.month, width: parsed.padded ? 2 : 1, to: &out)
        out.append(parsed.separator)
        ASCII.appendDecimal(shifted.day, width: parsed.padded ? 2 : 1, to: &out)
        out += value[parsed.dateEnd...]
        return true
    }

    /// A keyed offset in −`maxDays`…−1 or 1…`maxDays`, never 0, uniform over those 2·`maxDays` values and
    /// chosen by the first eight bytes of `digest` (32 bytes); 0 only when `maxDays` < 1.
    public static func offset(digest: [UInt8], maxDays: Int) -> Int {
        offset(DigestReader(digest), maxDays: maxDays)
    }

    /// ``offset(digest:maxDays:)`` with the digest already held by a reader.
    static func offset(_ digest: DigestReader, maxDays: Int) -> Int {
        guard maxDays >= 1 else { return 0 }
        let k = digest.below(2 * maxDays, at: 0)
        return k < maxDays ? -(k + 1) : k - maxDays + 1
    }
}

/// The date part of an accepted value and where the rest (time and zone) begins.
private struct ParsedDate {
    var date: CivilDate
    /// `-` or `/`.
    var separator: UInt8
    /// Whether month and day are written with two digits.
    var padded: Bool
    /// The index of the first byte after the date.
    var dateEnd: Int

    init?(_ v: [UInt8]) {
        guard v.count >= 8, let year = Self.number(v, 0..<4), v[4] == UInt8(ascii: "-") || v[4] == UInt8(ascii: "/")
        else { return nil }
        separator = v[4]
        var i = 5
        let monthStart = i
        guard let month = Self.field(v, &i, dash: separator == UInt8(ascii: "-")), i < v.count, v[i] == separator else {
            return nil
        }
        let monthWidth = i - monthStart
        i += 1
        let dayStart = i
        guard let day = Self.field(v, &i, dash: separator == UInt8(ascii: "-")) else { return nil }
        let dayWidth = i - dayStart
        guard year >= 1, CivilDate.isValid(year: year, month: month, day: day) else { return nil }
        date = CivilDate(year: year, month: month, day: day)
        padded =
            separator == UInt8(ascii: "-")
            || (monthWidth == 2 && v[monthStart] == UInt8(ascii: "0"))
            || (dayWidth == 2 && v[dayStart] == UInt8(ascii: "0"))
        dateEnd = i
        guard i == v.count || Self.isTime(v[(i + 1)...], after: v[i]) else { return nil }
    }

    /// A month or day: exactly two digits in the dash form, one or two in the slash form.
    private static func field(_ v: [UInt8], _ i: inout Int, dash: Bool) -> Int? {
        let start = i
        while i < v.count && i - start < 2 && ASCII.isDigit(v[i]) { i += 1 }
        let width = i - start
        guard width == 2 || (!dash && width == 1), i == v.count || !ASCII.isDigit(v[i]) else { return nil }
        return number(v, start..<i)
    }

    /// `HH:MM[:SS[.fraction]][zone]` after a `T` or space `separator`.
    private static func isTime(_ t: ArraySlice<UInt8>, after separator: UInt8) -> Bool {
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: " ") else { return false }
        var i = t.startIndex
        guard let hour = twoDigits(t, &i), hour < 24, colon(t, &i), let minute = twoDigits(t, &i), minute < 60 else {
            return false
        }
        if colon(t, &i) {
            guard let second = twoDigits(t, &i), second <= 60 else { return false }
            if i < t.endIndex && t[i] == UInt8(ascii: ".") {
                i += 1
                let digits = i
                while i < t.endIndex && ASCII.isDigit(t[i]) { i += 1 }
                guard i > digits else { return false }
            }
        }
        return isZone(t[i...])
    }

    /// Empty, `Z`, `±HH`, `±HH:MM`, `±HHMM` or `±HH:MM:SS`.
    private static func isZone(_ z: ArraySlice<UInt8>) -> Bool {
        guard let sign = z.first else { return true }
        if sign == UInt8(ascii: "Z") { return z.count == 1 }
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return false }
        var i = z.startIndex + 1
        guard let hours = twoDigits(z, &i), hours < 24 else { return false }
        if i == z.endIndex { return true }
        let separated = colon(z, &i)
        guard let minutes = twoDigits(z, &i), minutes < 60 else { return false }
        if separated && colon(z, &i) {
            guard let seconds = twoDigits(z, &i), seconds < 60 else { return false }
        }
        return i == z.endIndex
    }

    private static func twoDigits(_ s: ArraySlice<UInt8>, _ i: inout Int) -> Int? {
        guard i + 2 <= s.endIndex, let value = number(s, i..<(i + 2)) else { return nil }
        i += 2
        return value
    }

    private static func colon(_ s: ArraySlice<UInt8>, _ i: inout Int) -> Bool {
        guard i < s.endIndex, s[i] == UInt8(ascii: ":") else { return false }
        i += 1
        return true
    }

    /// The decimal value of `range`, nil unless every byte there is a digit.
    private static func number<C: Collection<UInt8>>(_ s: C, _ range: Range<C.Index>) -> Int? where C.Index == Int {
        guard range.upperBound <= s.endIndex, s[range].allSatisfy(ASCII.isDigit) else { return nil }
        return s[range].reduce(0) { $0 * 10 + ASCII.digitValue($1) }
    }
}
