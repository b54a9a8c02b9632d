/// Finds telephone numbers in free text.
///
/// A candidate is 7–15 digits in groups joined by single spaces, dashes or dots, where a group may be
/// in parentheses. Because such runs are also dates, prices, versions and addresses, a candidate is a
/// phone number only in one of these shapes:
/// - international: led by `+` (`+44 20 7946 0958`, `+1 (555) 123-4567`);
/// - a leading area code in parentheses of three digits (first 2–9) or starting with 0
///   (`(555) 123-4567`, `(020) 7946 0958`);
/// - North American 3-3-4 digits, optionally after a `1` (`555-123-4567`, `1 555 123 4567`), area code
///   starting 2–9;
/// - a local 3-4 number joined by a dash (`555-0147`), starting 2–9;
/// - a national number with a trunk `0` (`020 7946 0958`, `06 12 34 56 78`): at least 9 digits, a
///   first group of 2–5 digits starting with 0 and then another digit than 0, and one separator used
///   throughout.
///
/// Runs shaped like dates (`2024-01-15`, `15.01.2024 10`) are never phone numbers.
enum PhoneScanner {
    static func scan(_ text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        let separators = [UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: ".")]
        return DigitGroups.matches(in: text, separators: separators, parentheses: true) { run in
            guard (7...15).contains(run.digitCount) else { return nil }
            let start = run.start
            if start > 0 && text[start - 1] == UInt8(ascii: "+") { return (start - 1)..<run.end }
            guard !looksLikeDate(run), isNationalShape(run, text) else { return nil }
            return run.span
        }
    }

    /// The non-international shapes listed in the type's documentation.
    private static func isNationalShape(_ run: DigitGroups, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let lengths = run.lengths
        let first = run.groups[0]
        let lead = text[first.digits.lowerBound]
        // A trunk prefix: 2–5 digits, a 0 and then another digit.
        let trunk =
            (2...5).contains(first.digits.count) && lead == UInt8(ascii: "0")
            && text[first.digits.lowerBound + 1] != UInt8(ascii: "0")
        let leadIs2to9 = lead >= UInt8(ascii: "2") && lead <= UInt8(ascii: "9")
        if first.parenthesised {
            return run.groups.count >= 2 && ((first.digits.count == 3 && leadIs2to9) || trunk)
        }
        if run.groups.contains(where: \.parenthesised) { return false }
        if lengths == [3, 3, 4] { return leadIs2to9 }
        if lengths == [1, 3, 3, 4] {
            let area = text[run.groups[1].digits.lowerBound]
            return lead == UInt8(ascii: "1") && area >= UInt8(ascii: "2") && area <= UInt8(ascii: "9")
        }
        if lengths == [3, 4] { return leadIs2to9 && run.groups[1].separator == UInt8(ascii: "-") }
        let separators = Set(run.groups.dropFirst().map(\.separator))
        return trunk && run.groups.count >= 2 && run.digitCount >= 9 && separators.count == 1
    }

    /// `YYYY-MM-DD`, `DD.MM.YYYY` and the like at the start of the run: two equal dash or dot separators
    /// between groups of 4-2-2 or 2-2-4 digits (or 1-digit day and month).
    private static func looksLikeDate(_ run: DigitGroups) -> Bool {
        guard run.groups.count >= 3 else { return false }
        let s1 = run.groups[1].separator
        let s2 = run.groups[2].separator
        guard s1 == s2, s1 == UInt8(ascii: "-") || s1 == UInt8(ascii: ".") else { return false }
        let l = run.lengths
        let dayOrMonth = 1...2
        return (l[0] == 4 && dayOrMonth.contains(l[1]) && dayOrMonth.contains(l[2]))
            || (dayOrMonth.contains(l[0]) && dayOrMonth.contains(l[1]) && l[2] == 4)
    }
}
