import CleanroomCore

/// A run of digit groups joined by single separators, the way phone, card and social security numbers
/// are written: `555-123-4567`, `(020) 7946 0958`, `4111 1111 1111 1111`.
struct DigitGroups {
    struct Group {
        /// The group's digits.
        var digits: Range<Int>
        /// The separator byte before the group; 0 for the first group and after a bare `)`.
        var separator: UInt8
        /// Whether the group is written in parentheses, as in `(555)`.
        var parenthesised: Bool
    }

    var groups: [Group]
    /// One past the run's last byte (a digit or a closing parenthesis).
    var end: Int

    /// Where the run starts: its first digit, or the parenthesis before it.
    var start: Int { groups[0].digits.lowerBound - (groups[0].parenthesised ? 1 : 0) }
    var span: Range<Int> { start..<end }
    var digitCount: Int { groups.reduce(0) { $0 + $1.digits.count } }
    var lengths: [Int] { groups.map(\.digits.count) }

    /// The run without its first group, if it has more than one.
    func droppingFirst() -> DigitGroups? {
        guard groups.count > 1 else { return nil }
        var rest = Array(groups.dropFirst())
        rest[0].separator = 0
        return DigitGroups(groups: rest, end: end)
    }

    /// Reads the longest run starting at `start` (a digit, or `(` when `parentheses`), with single bytes
    /// of `separators` between groups; nil when no digit group starts there.
    static func read(
        _ text: UnsafeBufferPointer<UInt8>, at start: Int, separators: [UInt8], parentheses: Bool
    ) -> DigitGroups? {
        var groups: [Group] = []
        var end = start
        var i = start
        var separator: UInt8 = 0
        while i < text.count {
            var j = i
            let open = parentheses && text[j] == UInt8(ascii: "(")
            if open { j += 1 }
            let first = j
            while j < text.count && ASCII.isDigit(text[j]) { j += 1 }
            guard j > first, !open || (j < text.count && text[j] == UInt8(ascii: ")")) else { break }
            groups.append(Group(digits: first..<j, separator: separator, parenthesised: open))
            if open { j += 1 }
            end = j
            if j < text.count && separators.contains(text[j]) {
                separator = text[j]
                i = j + 1
            } else if open {
                separator = 0
                i = j
            } else {
                break
            }
        }
        return groups.isEmpty ? nil : DigitGroups(groups: groups, end: end)
    }

    /// Every match in `text`: runs that start at a word boundary, end at one, and that `accept` turns
    /// into a span (or, failing that, the first of their shorter tails it accepts), in order.
    static func matches(
        in text: UnsafeBufferPointer<UInt8>,
        separators: [UInt8],
        parentheses: Bool,
        accept: (DigitGroups) -> Range<Int>?
    ) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var i = 0
        let open = UInt8(ascii: "(")
        while true {
            // Only a digit (or an opening parenthesis) can start a run.
            i = ByteScan.firstIndex(
                in: text, from: i,
                candidates: { ByteScan.digitLanes(in: $0) | (parentheses ? ByteScan.lanes(equalTo: open, in: $0) : 0) },
                matches: { ASCII.isDigit($0) || (parentheses && $0 == open) })
            guard i < text.count else { break }
            guard i == 0 || !ASCII.isWord(text[i - 1]),
                let run = read(text, at: i, separators: separators, parentheses: parentheses)
            else {
                i += 1
                continue
            }
            var match: Range<Int>?
            if run.end == text.count || !ASCII.isWord(text[run.end]) {
                var tail: DigitGroups? = run
                while let candidate = tail, match == nil {
                    match = accept(candidate)
                    tail = candidate.droppingFirst()
                }
            }
            if let match { found.append(match) }
            i = max(match?.upperBound ?? run.end, i + 1)
        }
        return found
    }

    /// The run's digits as ASCII bytes.
    func digits(in text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        groups.flatMap { text[$0.digits] }
    }

    /// The value of group `index`'s digits.
    func value(of index: Int, in text: UnsafeBufferPointer<UInt8>) -> Int {
        text[groups[index].digits].reduce(0) { $0 * 10 + ASCII.digitValue($1) }
    }
}
