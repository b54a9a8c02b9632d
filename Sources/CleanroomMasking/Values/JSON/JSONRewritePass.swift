import CleanroomCore

/// One pass of ``JSONRewriter/rewrite(_:rules:)``: a recursive-descent JSON parser that tracks which
/// rules can still match below the current value and splices in replacements.
///
/// Nothing is copied while parsing: `copied` marks how far the input has been carried over to `out`,
/// and each replacement first carries over the bytes before it. The parser reads the document through
/// a buffer pointer, compares object keys in place (decoding only keys with escapes) and keeps the
/// rules still active in a bit set over a flat path table, so parsing allocates nothing and touches no
/// reference counts.
struct JSONRewritePass {
    /// Appends the raw JSON that replaces the value a rule (by index) matched.
    typealias Splice = (_ rule: Int, _ token: JSONToken, _ out: inout [UInt8]) throws -> Void

    /// The document, for the raw slices of matched values.
    let json: [UInt8]
    /// The document's bytes, valid for the pass (see ``JSONRewriter/rewrite(_:paths:into:splice:)``).
    let bytes: UnsafeBufferPointer<UInt8>
    let paths: JSONPathTable
    /// Held rather than passed down the recursion: a closure argument would be specialised into
    /// every parsing function, with its captures retained around each call.
    private let splice: Splice
    private var pos = 0
    /// The caller's output buffer while the pass runs (see ``run(into:)``).
    private var out: [UInt8] = []
    private var copied = 0

    /// `splice` may be a non-escaping closure made escapable for the pass (`withoutActuallyEscaping`).
    init(json: [UInt8], bytes: UnsafeBufferPointer<UInt8>, paths: JSONPathTable, splice: @escaping Splice) {
        self.json = json
        self.bytes = bytes
        self.paths = paths
        self.splice = splice
    }

    /// Appends the rewritten document to `out` and returns true, or returns false, appending nothing,
    /// when no rule matched (the document stays as it is).
    mutating func run(into out: inout [UInt8]) throws -> Bool {
        // The pass appends to the caller's buffer itself, handed over and back without a copy.
        swap(&self.out, &out)
        defer { swap(&self.out, &out) }
        skipWhitespace()
        guard pos < bytes.count else { throw failure("no JSON value (the input is empty or only whitespace)") }
        try child(RuleSet(count: paths.count), depth: 0)
        skipWhitespace()
        guard pos == bytes.count else { throw failure("unexpected data after the JSON value") }
        guard copied > 0 else { return false }
        carryOver(upTo: bytes.count)
        return true
    }

    /// Appends the input from `copied` up to `end` to the output.
    private mutating func carryOver(upTo end: Int) {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<end]))
    }

    /// The value at `pos`, whose path matches the first `depth` steps of the `active` rules.
    private mutating func child(_ active: RuleSet, depth: Int) throws {
        var ending: Int?
        for rule in active where paths.length(of: rule) == depth {
            ending = rule
            break
        }
        guard let rule = ending else {
            _ = try value(active, depth: depth, decode: false)
            return
        }
        let start = pos
        let (kind, string) = try value(RuleSet(), depth: depth, decode: true)
        if copied == 0 { out.reserveCapacity(out.count + bytes.count + bytes.count / 4) }
        carryOver(upTo: start)
        try splice(rule, JSONToken(kind: kind, raw: json[start..<pos], string: string), &out)
        copied = pos
    }

    /// Parses one value; returns its kind and, for a string when `decode`, its decoded content.
    private mutating func value(_ active: RuleSet, depth: Int, decode: Bool) throws -> (JSONToken.Kind, [UInt8]?) {
        guard pos < bytes.count else { throw failure("unexpected end of input; expected a value") }
        switch bytes[pos] {
        case UInt8(ascii: "{"):
            try object(active, depth: depth)
            return (.object, nil)
        case UInt8(ascii: "["):
            try array(active, depth: depth)
            return (.array, nil)
        case UInt8(ascii: "\""):
            let (content, unescaped) = try string(decode: decode)
            return (.string, decode ? unescaped ?? Array(bytes[content]) : nil)
        case UInt8(ascii: "t"):
            try literal("true")
            return (.bool, nil)
        case UInt8(ascii: "f"):
            try literal("false")
            return (.bool, nil)
        case UInt8(ascii: "n"):
            try literal("null")
            return (.null, nil)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try number()
            return (.number, nil)
        default:
            throw failure("expected a value (object, array, string, number, true, false or null)")
        }
    }

    private mutating func object(_ active: RuleSet, depth: Int) throws {
        try enter(depth)
        skipWhitespace()
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "}") {
            pos += 1
            return
        }
        var needsKeys = false
        for rule in active where paths.kind(of: rule, at: depth) == .member { needsKeys = true }
        while true {
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else {
                throw failure("expected a string key in an object")
            }
            let (content, unescaped) = try string(decode: needsKeys)
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "expected ':' after an object key")
            skipWhitespace()
            var matching = RuleSet()
            if let unescaped {
                unescaped.withUnsafeBufferPointer { key in
                    for rule in active where paths.matchesMember(key, path: rule, at: depth) { matching.insert(rule) }
                }
            } else {
                let key = UnsafeBufferPointer(rebasing: bytes[content])
                for rule in active where paths.matchesMember(key, path: rule, at: depth) { matching.insert(rule) }
            }
            try child(matching, depth: depth + 1)
            skipWhitespace()
            if try endOfList(closing: UInt8(ascii: "}"), "expected ',' or '}' after an object member") { return }
        }
    }

    private mutating func array(_ active: RuleSet, depth: Int) throws {
        try enter(depth)
        skipWhitespace()
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "]") {
            pos += 1
            return
        }
        var index = 0
        while true {
            skipWhitespace()
            var matching = RuleSet()
            for rule in active where paths.matchesIndex(index, path: rule, at: depth) { matching.insert(rule) }
            try child(matching, depth: depth + 1)
            skipWhitespace()
            if try endOfList(closing: UInt8(ascii: "]"), "expected ',' or ']' after an array element") { return }
            index += 1
        }
    }

    /// Steps over the opening bracket of a container at `depth`, refusing excessive nesting.
    private mutating func enter(_ depth: Int) throws {
        guard depth < JSONRewriter.maximumDepth else {
            throw failure("arrays and objects nested deeper than \(JSONRewriter.maximumDepth) levels")
        }
        pos += 1
    }

    /// After a member or element: true at the closing bracket, false after a comma.
    private mutating func endOfList(closing: UInt8, _ reason: String) throws -> Bool {
        guard pos < bytes.count else { throw failure(reason) }
        if bytes[pos] == closing {
            pos += 1
            return true
        }
        try expect(UInt8(ascii: ","), reason)
        return false
    }

    /// Parses the string at `pos` (at its opening quote): the range of its content between the quotes
    /// and, when `decode` and the content holds escapes, the content decoded (without escapes it is
    /// the range itself).
    private mutating func string(decode: Bool) throws -> (content: Range<Int>, unescaped: [UInt8]?) {
        let start = pos
        pos += 1
        var decoded: [UInt8]?
        var run = pos
        while true {
            // The next quote, backslash or control character (the rest is copied or skipped in runs).
            pos = ByteScan.firstIndex(
                in: bytes, from: pos,
                candidates: {
                    ByteScan.lanes(equalTo: UInt8(ascii: "\""), in: $0)
                        | ByteScan.lanes(equalTo: UInt8(ascii: "\\"), in: $0)
                        | ByteScan.lanes(below: 0x20, in: $0)
                }, matches: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 })
            guard pos < bytes.count else { break }
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") {
                decoded?.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<pos]))
                pos += 1
                return (start + 1..<pos - 1, decoded)
            }
            guard c >= 0x20 else {
                throw failure("control character inside a string; it must be escaped (\\n, \\t, \\u00XX)")
            }
            if decode && decoded == nil {
                decoded = Array(bytes[(start + 1)..<pos])
            } else {
                decoded?.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<pos]))
            }
            try escape(into: &decoded)
            run = pos
        }
        throw failure("unterminated string", at: start)
    }

    /// Parses the escape at `pos` (at its backslash), appending what it stands for to `decoded`.
    private mutating func escape(into decoded: inout [UInt8]?) throws {
        let start = pos
        pos += 1
        guard pos < bytes.count else { throw failure("unterminated escape", at: start) }
        let e = bytes[pos]
        pos += 1
        let simple: UInt8?
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): simple = e
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"): simple = nil
        default:
            throw failure(
                "unknown escape in a string; JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX", at: start)
        }
        if let simple {
            decoded?.append(simple)
            return
        }
        var scalar = try hex4(escapeAt: start)
        if (0xD800..<0xDC00).contains(scalar), pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"),
            bytes[pos + 1] == UInt8(ascii: "u")
        {
            let low = pos
            pos += 2
            let next = try hex4(escapeAt: low)
            if (0xDC00..<0xE000).contains(next) {
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (next - 0xDC00)
            } else {
                pos = low  // not a pair: the high surrogate stands alone, the next escape is read on its own
            }
        }
        // A lone surrogate is valid JSON text but no Unicode scalar: it decodes to U+FFFD.
        decoded?.append(contentsOf: String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8)
    }

    /// The four hex digits at `pos`, after the `\u` of the escape at `escapeAt`.
    private mutating func hex4(escapeAt start: Int) throws -> UInt32 {
        guard pos + 4 <= bytes.count else { throw failure("\\u needs four hex digits", at: start) }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[pos]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw failure("\\u needs four hex digits", at: start)
            }
            v = v << 4 | digit
            pos += 1
        }
        return v
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func number() throws {
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < bytes.count, ASCII.isDigit(bytes[pos]) else { throw failure("expected a digit in a number") }
        if bytes[pos] == UInt8(ascii: "0") { pos += 1 } else { skipDigits() }
        if pos < bytes.count && bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard pos < bytes.count, ASCII.isDigit(bytes[pos]) else {
                throw failure("expected a digit after the decimal point")
            }
            skipDigits()
        }
        if pos < bytes.count && (bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E")) {
            pos += 1
            if pos < bytes.count && (bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-")) { pos += 1 }
            guard pos < bytes.count, ASCII.isDigit(bytes[pos]) else {
                throw failure("expected a digit in the exponent")
            }
            skipDigits()
        }
    }

    private mutating func skipDigits() {
        while pos < bytes.count && ASCII.isDigit(bytes[pos]) { pos += 1 }
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        let matches = pos + count <= bytes.count && word.withUTF8Buffer { bytes[pos..<(pos + count)].elementsEqual($0) }
        guard matches else { throw failure("expected a value (object, array, string, number, true, false or null)") }
        pos += count
    }

    private mutating func skipWhitespace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8, _ reason: String) throws {
        guard pos < bytes.count, bytes[pos] == byte else { throw failure(reason) }
        pos += 1
    }

    /// The error for a failure at `offset` (default: the current position); never quotes the data.
    private func failure(_ reason: String, at offset: Int? = nil) -> MaskingError {
        .invalidJSON(offset: offset ?? pos, reason: reason)
    }
}

/// A set of rule indices (the rules whose paths can still match), iterated in increasing order. The
/// first 64 rules are held inline, so narrowing the set member by member allocates nothing and touches
/// no reference count in practice.
struct RuleSet: Sequence {
    private var low: UInt64 = 0
    private var high: [UInt64]?

    /// The empty set.
    init() {}

    /// Every rule index below `count`.
    init(count: Int) {
        for i in 0..<count { insert(i) }
    }

    mutating func insert(_ i: Int) {
        if i < 64 {
            low |= 1 << UInt64(i)
            return
        }
        let word = i / 64 - 1
        var words = high ?? []
        while words.count <= word { words.append(0) }
        words[word] |= 1 << UInt64(i % 64)
        high = words
    }

    func makeIterator() -> Iterator {
        Iterator(bits: low, high: high)
    }

    struct Iterator: IteratorProtocol {
        var bits: UInt64
        let high: [UInt64]?
        var word = 0

        mutating func next() -> Int? {
            while bits == 0 {
                guard let high, word < high.count else { return nil }
                bits = high[word]
                word += 1
            }
            let i = word * 64 + bits.trailingZeroBitCount
            bits &= bits - 1
            return i
        }
    }
}
