import CleanroomCore

/// Finds IBANs in free text, in electronic (`DE89370400440532013000`) or paper
/// (`DE89 3704 0044 0532 0130 00`) form, keeping only those whose check digits are right.
///
/// A candidate starts at a word boundary with two upper-case letters and two digits, and continues with
/// runs of upper-case letters and digits joined by single spaces. Because the word after an IBAN may
/// look like one more group (`… 0130 00 EUR`), shorter candidates ending at earlier runs are tried too,
/// longest first.
enum IBANScanner {
    static func scan(_ text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var i = 0
        while i + 4 <= text.count {
            // A candidate's third byte is a digit: skip to two bytes before the next one.
            i = max(
                i,
                ByteScan.firstIndex(in: text, from: i + 2, candidates: ByteScan.digitLanes, matches: ASCII.isDigit) - 2)
            guard i + 4 <= text.count else { break }
            if (i == 0 || !ASCII.isWord(text[i - 1])) && ASCII.isUpper(text[i]) && ASCII.isUpper(text[i + 1])
                && ASCII.isDigit(text[i + 2]) && ASCII.isDigit(text[i + 3]),
                let match = longestValid(text, from: i)
            {
                found.append(match)
                i = match.upperBound
            } else {
                i += 1
            }
        }
        return found
    }

    /// The longest valid IBAN starting at `start` that ends at the end of one of its runs.
    private static func longestValid(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Range<Int>? {
        var ends: [Int] = []
        var length = 0
        var j = start
        while j < text.count {
            let runStart = j
            while j < text.count && (ASCII.isUpper(text[j]) || ASCII.isDigit(text[j])) { j += 1 }
            length += j - runStart
            guard length <= 34 else { break }
            if j == text.count || !ASCII.isWord(text[j]) { ends.append(j) }
            guard j + 1 < text.count, text[j] == UInt8(ascii: " "),
                ASCII.isUpper(text[j + 1]) || ASCII.isDigit(text[j + 1])
            else { break }
            j += 1
        }
        for end in ends.reversed() where Checksums.ibanIsValid(text[start..<end]) {
            return start..<end
        }
        return nil
    }
}
