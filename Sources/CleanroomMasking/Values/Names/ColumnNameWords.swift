import CleanroomCore

/// A column name split into lower-case words, as `scan`'s name hints and the run vocabulary's column
/// hints read it: at underscores, hyphens, spaces and other punctuation, between letters and digits
/// (`address1` is `address`, `1`), before a capital after a lower-case letter (`LastName`) and at
/// the end of a run of capitals (`HTTPStatus` is `http`, `status`).
public enum ColumnNameWords {
    /// The lower-case words of `name`.
    public static func split(_ name: String) -> [[UInt8]] {
        let bytes = Array(name.utf8)
        var words: [[UInt8]] = []
        var current: [UInt8] = []
        func flush() {
            if !current.isEmpty { words.append(CaseFold.lowercased(current)) }
            current = []
        }
        for (i, c) in bytes.enumerated() {
            let isLetter = isUpper(c) || isLower(c) || c >= 0x80
            let isDigit = c >= 0x30 && c <= 0x39
            guard isLetter || isDigit else {
                flush()
                continue
            }
            if let previous = current.last {
                let wasDigit = previous >= 0x30 && previous <= 0x39
                let upperAfterLower = isUpper(c) && (isLower(previous) || previous >= 0x80)
                let acronymEnd = isUpper(c) && isUpper(previous) && i + 1 < bytes.count && isLower(bytes[i + 1])
                if wasDigit != isDigit || upperAfterLower || acronymEnd { flush() }
            }
            current.append(c)
        }
        flush()
        return words
    }

    private static func isUpper(_ c: UInt8) -> Bool { c >= 0x41 && c <= 0x5A }
    private static func isLower(_ c: UInt8) -> Bool { c >= 0x61 && c <= 0x7A }
}
