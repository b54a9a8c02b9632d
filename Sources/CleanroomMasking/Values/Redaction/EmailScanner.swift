import CleanroomCore

/// Finds e-mail addresses in free text: `local@domain.tld`, where the local part is letters, digits and
/// `. _ % + -` (not starting or ending with a dot), and the domain is two or more labels of letters,
/// digits and inner hyphens, ending in an alphabetic top-level label of two or more letters. A
/// sentence's closing dot is not part of the address. Addresses with non-ASCII characters
/// (`zoë@example.com`, `mary@bücher.example`) are not recognised: in text without spaces, such as
/// Chinese or Japanese, a local part could not be told apart from the words before it.
enum EmailScanner {
    static func scan(_ text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var searchFrom = 0
        var at = searchFrom
        while true {
            at = ByteScan.firstIndex(
                in: text, from: at, candidates: { ByteScan.lanes(equalTo: UInt8(ascii: "@"), in: $0) },
                matches: { $0 == UInt8(ascii: "@") })
            guard at < text.count else { break }
            if let start = localStart(text, at: at, notBefore: searchFrom), let end = domainEnd(text, at: at) {
                found.append(start..<end)
                searchFrom = end
                at = end
            } else {
                at += 1
            }
        }
        return found
    }

    private static func isLocalByte(_ c: UInt8) -> Bool {
        ASCII.isAlnum(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "%")
            || c == UInt8(ascii: "+") || c == UInt8(ascii: "-")
    }

    /// The start of the local part before the `@` at `at`, or nil when there is none.
    private static func localStart(_ text: UnsafeBufferPointer<UInt8>, at: Int, notBefore limit: Int) -> Int? {
        var start = at
        while start > limit && isLocalByte(text[start - 1]) { start -= 1 }
        while start < at && text[start] == UInt8(ascii: ".") { start += 1 }
        guard start < at, text[at - 1] != UInt8(ascii: ".") else { return nil }
        return start
    }

    /// One past the domain after the `@` at `at`, or nil when no valid domain follows.
    private static func domainEnd(_ text: UnsafeBufferPointer<UInt8>, at: Int) -> Int? {
        var labels: [Range<Int>] = []
        var j = at + 1
        while j < text.count {
            let start = j
            while j < text.count && (ASCII.isAlnum(text[j]) || text[j] == UInt8(ascii: "-")) { j += 1 }
            var end = j
            while end > start && text[end - 1] == UInt8(ascii: "-") { end -= 1 }
            guard end > start, text[start] != UInt8(ascii: "-") else { break }
            labels.append(start..<end)
            guard end == j, j + 1 < text.count, text[j] == UInt8(ascii: "."), ASCII.isAlnum(text[j + 1]) else { break }
            j += 1
        }
        guard labels.count >= 2, let tld = labels.last, tld.count >= 2, text[tld].allSatisfy(ASCII.isLetter) else {
            return nil
        }
        return tld.upperBound
    }
}
