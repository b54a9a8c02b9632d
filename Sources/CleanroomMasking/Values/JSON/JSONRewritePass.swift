/// One pass of ``JSONRewriter/rewrite(_:rules:)``: a recursive-descent JSON parser that tracks which
/// rules can still match below the current value and splices in replacements.
///
/// Nothing is copied while parsing: `copied` marks how far the input has been carried over to `out`,
/// and each replacement first carries over the bytes before it.
struct JSONRewritePass {
    typealias Rule = (JSONPath, (JSONToken) throws -> [UInt8])

    let json: [UInt8]
    let rules: [Rule]
    private var pos = 0
    private var out: [UInt8] = []
    private var copied = 0

    init(json: [UInt8], rules: [Rule]) {
        self.json = json
        self.rules = rules
    }

    mutating func run() throws -> [UInt8] {
        skipWhitespace()
        guard pos < json.count else { throw failure("no JSON value (the input is empty or only whitespace)") }
        try child(Array(rules.indices), depth: 0)
        skipWhitespace()
        guard pos == json.count else { throw failure("unexpected data after the JSON value") }
        guard copied > 0 else { return json }
        out += json[copied...]
        return out
    }

    /// The value at `pos`, whose path matches the first `depth` steps of the `active` rules.
    private mutating func child(_ active: [Int], depth: Int) throws {
        guard let rule = active.first(where: { rules[$0].0.steps.count == depth }) else {
            _ = try value(active, depth: depth, decode: false)
            return
        }
        let start = pos
        let (kind, string) = try value([], depth: depth, decode: true)
        let replacement = try rules[rule].1(JSONToken(kind: kind, raw: json[start..<pos], string: string))
        out += json[copied..<start]
        out += replacement
        copied = pos
    }

    /// Parses one value; returns its kind and, for a string when `decode`, its decoded content.
    private mutating func value(_ active: [Int], depth: Int, decode: Bool) throws -> (JSONToken.Kind, [UInt8]?) {
        guard pos < json.count else { throw failure("unexpected end of input; expected a value") }
        switch json[pos] {
        case UInt8(ascii: "{"):
            try object(active, depth: depth)
            return (.object, nil)
        case UInt8(ascii: "["):
            try array(active, depth: depth)
            return (.array, nil)
        case UInt8(ascii: "\""):
            return (.string, try string(decode: decode))
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

    private mutating func object(_ active: [Int], depth: Int) throws {
        try enter(depth)
        skipWhitespace()
        if pos < json.count && json[pos] == UInt8(ascii: "}") {
            pos += 1
            return
        }
        let needsKeys = active.contains { if case .member = rules[$0].0.steps[depth] { true } else { false } }
        while true {
            skipWhitespace()
            guard pos < json.count, json[pos] == UInt8(ascii: "\"") else { throw failure("expected a string key in an object") }
            let key = try string(decode: needsKeys)
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "expected ':' after an object key")
            skipWhitespace()
            let matching = active.filter {
                switch rules[$0].0.steps[depth] {
                case .member(let name): return name == key
                case .wildcard: return true
                case .index: return false
                }
            }
            try child(matching, depth: depth + 1)
            skipWhitespace()
            if try endOfList(closing: UInt8(ascii: "}"), "expected ',' or '}' after an object member") { return }
        }
    }

    private mutating func array(_ active: [Int], depth: Int) throws {
        try enter(depth)
        skipWhitespace()
        if pos < json.count && json[pos] == UInt8(ascii: "]") {
            pos += 1
            return
        }
        var index = 0
        while true {
            skipWhitespace()
            let matching = active.filter {
                switch rules[$0].0.steps[depth] {
                case .index(let i): return i == index
                case .wildcard: return true
                case .member: return false
                }
            }
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
        guard pos < json.count else { throw failure(reason) }
        if json[pos] == closing {
            pos += 1
            return true
        }
        try expect(UInt8(ascii: ","), reason)
        return false
    }

    /// Parses the string at `pos` (at its opening quote); returns its decoded content when `decode`.
    private mutating func string(decode: Bool) throws -> [UInt8]? {
        let start = pos
        pos += 1
        var decoded: [UInt8]? = decode ? [] : nil
        var run = pos
        while pos < json.count {
            let c = json[pos]
            if c == UInt8(ascii: "\"") {
                decoded?.append(contentsOf: json[run..<pos])
                pos += 1
                return decoded
            }
            guard c >= 0x20 else { throw failure("control character inside a string; it must be escaped (\\n, \\t, \\u00XX)") }
            if c == UInt8(ascii: "\\") {
                decoded?.append(contentsOf: json[run..<pos])
                try escape(into: &decoded)
                run = pos
            } else {
                pos += 1
            }
        }
        throw failure("unterminated string", at: start)
    }

    /// Parses the escape at `pos` (at its backslash), appending what it stands for to `decoded`.
    private mutating func escape(into decoded: inout [UInt8]?) throws {
        let start = pos
        pos += 1
        guard pos < json.count else { throw failure("unterminated escape", at: start) }
        let e = json[pos]
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
        default: throw failure("unknown escape in a string; JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX", at: start)
        }
        if let simple {
            decoded?.append(simple)
            return
        }
        var scalar = try hex4(escapeAt: start)
        if (0xD800..<0xDC00).contains(scalar), pos + 1 < json.count, json[pos] == UInt8(ascii: "\\"), json[pos + 1] == UInt8(ascii: "u") {
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
        guard pos + 4 <= json.count else { throw failure("\\u needs four hex digits", at: start) }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = json[pos]
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
        if json[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < json.count, ASCII.isDigit(json[pos]) else { throw failure("expected a digit in a number") }
        if json[pos] == UInt8(ascii: "0") { pos += 1 } else { skipDigits() }
        if pos < json.count && json[pos] == UInt8(ascii: ".") {
            pos += 1
            guard pos < json.count, ASCII.isDigit(json[pos]) else { throw failure("expected a digit after the decimal point") }
            skipDigits()
        }
        if pos < json.count && (json[pos] == UInt8(ascii: "e") || json[pos] == UInt8(ascii: "E")) {
            pos += 1
            if pos < json.count && (json[pos] == UInt8(ascii: "+") || json[pos] == UInt8(ascii: "-")) { pos += 1 }
            guard pos < json.count, ASCII.isDigit(json[pos]) else { throw failure("expected a digit in the exponent") }
            skipDigits()
        }
    }

    private mutating func skipDigits() {
        while pos < json.count && ASCII.isDigit(json[pos]) { pos += 1 }
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        let matches = pos + count <= json.count && word.withUTF8Buffer { json[pos..<(pos + count)].elementsEqual($0) }
        guard matches else { throw failure("expected a value (object, array, string, number, true, false or null)") }
        pos += count
    }

    private mutating func skipWhitespace() {
        while pos < json.count {
            switch json[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8, _ reason: String) throws {
        guard pos < json.count, json[pos] == byte else { throw failure(reason) }
        pos += 1
    }

    /// The error for a failure at `offset` (default: the current position); never quotes the data.
    private func failure(_ reason: String, at offset: Int? = nil) -> MaskingError {
        .invalidJSON(offset: offset ?? pos, reason: reason)
    }
}
