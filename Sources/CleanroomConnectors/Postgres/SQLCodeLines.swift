/// The lines of a PostgreSQL script that begin in code: outside string literals, quoted
/// identifiers, dollar-quoted text and block comments.
///
/// Only such a line can hold a comment that pg_dump wrote itself (its table-of-contents headers) or
/// the start of a statement. A literal may contain a newline followed by text that looks exactly
/// like a header — an index predicate `WHERE note <> '<newline>--<newline>-- Name: …'` — and
/// splitting there would run the rest of the literal as SQL.
enum SQLCodeLines {
    /// One physical line: the byte range of its text, without the newline.
    struct Line: Equatable {
        var start: Int
        var end: Int
    }

    /// Every line of `script` (UTF-8 bytes, `\n` line ends) that begins in code, in order.
    static func lines(of script: [UInt8]) -> [Line] {
        var lines: [Line] = []
        var state = State.code
        var lineStart = 0
        var lineBeganInCode = true
        var index = 0
        while index < script.count {
            guard script[index] == newline else {
                (state, index) = step(state, script, at: index)
                continue
            }
            if lineBeganInCode { lines.append(Line(start: lineStart, end: index)) }
            if case .lineComment = state { state = .code }
            index += 1
            lineStart = index
            if case .code = state { lineBeganInCode = true } else { lineBeganInCode = false }
        }
        if lineBeganInCode, lineStart < script.count { lines.append(Line(start: lineStart, end: script.count)) }
        return lines
    }

    /// Where the scanner is: in code, or inside something that can span lines.
    private enum State {
        case code
        case lineComment
        case singleQuote(backslashEscapes: Bool)
        case doubleQuote
        case dollarQuote(tag: ArraySlice<UInt8>)
        case blockComment(depth: Int)
    }

    /// The state after the token at `index`, and the index after it; never moves past a newline,
    /// which `lines(of:)` handles.
    private static func step(_ state: State, _ s: [UInt8], at index: Int) -> (State, Int) {
        let byte = s[index]
        let next: UInt8? = index + 1 < s.count ? s[index + 1] : nil
        switch state {
        case .code:
            if byte == minus, next == minus { return (.lineComment, index + 2) }
            if byte == slash, next == star { return (.blockComment(depth: 1), index + 2) }
            if byte == quote {
                // `E'…'` (escape string syntax) is the one literal where a backslash escapes a quote.
                let escapes =
                    index > 0 && s[index - 1] | 0x20 == letterE && !(index > 1 && isIdentifierByte(s[index - 2]))
                return (.singleQuote(backslashEscapes: escapes), index + 1)
            }
            if byte == doubleQuote { return (.doubleQuote, index + 1) }
            if byte == dollar, !(index > 0 && isIdentifierByte(s[index - 1])), let tagEnd = dollarTagEnd(s, from: index)
            {
                return (.dollarQuote(tag: s[index...tagEnd]), tagEnd + 1)
            }
            return (.code, index + 1)
        case .lineComment:
            return (.lineComment, index + 1)
        case .singleQuote(let escapes):
            if escapes, byte == backslash, let next, next != newline { return (state, index + 2) }
            if byte == quote { return next == quote ? (state, index + 2) : (.code, index + 1) }
            return (state, index + 1)
        case .doubleQuote:
            if byte == doubleQuote { return next == doubleQuote ? (state, index + 2) : (.code, index + 1) }
            return (state, index + 1)
        case .dollarQuote(let tag):
            if byte == dollar, s[index...].starts(with: tag) { return (.code, index + tag.count) }
            return (state, index + 1)
        case .blockComment(let depth):
            if byte == slash, next == star { return (.blockComment(depth: depth + 1), index + 2) }
            if byte == star, next == slash { return (depth == 1 ? .code : .blockComment(depth: depth - 1), index + 2) }
            return (state, index + 1)
        }
    }

    /// The index of the `$` closing a dollar-quote tag (`$$`, `$body$`) that opens at `start`, or
    /// nil when the `$` there starts no tag (a parameter such as `$1`).
    private static func dollarTagEnd(_ s: [UInt8], from start: Int) -> Int? {
        var index = start + 1
        while index < s.count, s[index] != dollar {
            let byte = s[index]
            let allowed = isIdentifierByte(byte) && byte != dollar && !(index == start + 1 && isDigit(byte))
            guard allowed else { return nil }
            index += 1
        }
        return index < s.count ? index : nil
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || isDigit(byte) || byte == underscore || byte == dollar
            || byte >= 0x80
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static let newline = UInt8(ascii: "\n"), minus = UInt8(ascii: "-"), slash = UInt8(ascii: "/"),
        star = UInt8(ascii: "*"), quote = UInt8(ascii: "'"), doubleQuote = UInt8(ascii: "\""),
        dollar = UInt8(ascii: "$"), backslash = UInt8(ascii: "\\"), underscore = UInt8(ascii: "_"),
        letterE = UInt8(ascii: "e")
}
