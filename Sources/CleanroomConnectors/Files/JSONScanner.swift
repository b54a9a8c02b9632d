/// A strict JSON (RFC 8259) scanner over bytes in memory: it checks syntax and reports where each
/// value lies, without building values, so key order and number spellings survive exactly.
struct JSONScanner {
    /// The kind of a scanned value.
    enum ValueType: Equatable {
        case null, boolean, integer, number, string, object, array
    }

    /// A member of a top-level object: the key and value as byte ranges of the scanned text.
    struct Member {
        /// The key's content, without its quotes.
        var key: Range<Int>
        var keyHasEscapes: Bool
        /// The whole value (a string with its quotes).
        var value: Range<Int>
        var type: ValueType
        /// For a string: whether it holds backslash escapes.
        var valueHasEscapes: Bool
    }

    /// A syntax error at `offset` (0-based) in the scanned text.
    struct SyntaxError: Error {
        var offset: Int
        var message: String
    }

    private let text: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var depth = 0
    /// Set by `string()`: whether the string just scanned had escapes.
    private var lastStringHadEscapes = false

    /// Deeper nesting is refused rather than risking the stack.
    private static let maximumDepth = 256

    private init(_ text: UnsafeBufferPointer<UInt8>) {
        self.text = text
    }

    /// Scans `text` as one JSON object (whitespace around it allowed) and calls `body` for each
    /// member in the order written.
    static func members(of text: UnsafeBufferPointer<UInt8>, _ body: (Member) throws -> Void) throws {
        var scanner = JSONScanner(text)
        scanner.skipWhitespace()
        try scanner.expect(UInt8(ascii: "{"), "a JSON object (a line must hold one object)")
        scanner.skipWhitespace()
        if scanner.peek == UInt8(ascii: "}") {
            scanner.i += 1
        } else {
            while true {
                scanner.skipWhitespace()
                let keyStart = scanner.i + 1
                guard scanner.peek == UInt8(ascii: "\"") else { throw scanner.failure("expected a quoted key") }
                try scanner.string()
                let key = keyStart..<(scanner.i - 1)
                let keyHasEscapes = scanner.lastStringHadEscapes
                scanner.skipWhitespace()
                try scanner.expect(UInt8(ascii: ":"), "':' after the key")
                scanner.skipWhitespace()
                let valueStart = scanner.i
                let type = try scanner.value()
                try body(
                    Member(
                        key: key, keyHasEscapes: keyHasEscapes, value: valueStart..<scanner.i, type: type,
                        valueHasEscapes: type == .string && scanner.lastStringHadEscapes))
                scanner.skipWhitespace()
                if scanner.peek == UInt8(ascii: ",") { scanner.i += 1; continue }
                try scanner.expect(UInt8(ascii: "}"), "',' or '}' after a value")
                break
            }
        }
        try scanner.expectEnd()
    }

    /// The type of `text` when it is exactly one JSON value (whitespace around it allowed), else nil.
    static func validate(_ text: UnsafeBufferPointer<UInt8>) -> ValueType? {
        var scanner = JSONScanner(text)
        scanner.skipWhitespace()
        guard let type = try? scanner.value(), (try? scanner.expectEnd()) != nil else { return nil }
        return type
    }

    /// Whether `text` is exactly a JSON number (`-0.5`, `12`, `1e-3`; not `+1`, `.5`, `01`, `NaN`).
    static func isNumber(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var scanner = JSONScanner(text)
        guard (try? scanner.number()) != nil else { return false }
        return scanner.i == text.count
    }

    // MARK: Grammar

    private var peek: UInt8? { i < text.count ? text[i] : nil }

    private mutating func value() throws -> ValueType {
        guard let first = peek else { throw failure("expected a value, found the end of the line") }
        switch first {
        case UInt8(ascii: "{"): try nested(close: UInt8(ascii: "}"), isObject: true); return .object
        case UInt8(ascii: "["): try nested(close: UInt8(ascii: "]"), isObject: false); return .array
        case UInt8(ascii: "\""): try string(); return .string
        case UInt8(ascii: "t"): try literal("true"); return .boolean
        case UInt8(ascii: "f"): try literal("false"); return .boolean
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number() ? .integer : .number
        default: throw failure("expected a value")
        }
    }

    /// An object or array, whose opening bracket is at `i`.
    private mutating func nested(close: UInt8, isObject: Bool) throws {
        depth += 1
        guard depth <= Self.maximumDepth else { throw failure("nested deeper than \(Self.maximumDepth) levels") }
        i += 1
        skipWhitespace()
        if peek == close {
            i += 1
        } else {
            while true {
                skipWhitespace()
                if isObject {
                    guard peek == UInt8(ascii: "\"") else { throw failure("expected a quoted key") }
                    try string()
                    skipWhitespace()
                    try expect(UInt8(ascii: ":"), "':' after the key")
                    skipWhitespace()
                }
                _ = try value()
                skipWhitespace()
                if peek == UInt8(ascii: ",") { i += 1; continue }
                try expect(close, "',' or '\(Character(Unicode.Scalar(close)))'")
                break
            }
        }
        depth -= 1
    }

    /// A string, whose opening quote is at `i`; sets `lastStringHadEscapes`.
    private mutating func string() throws {
        i += 1
        lastStringHadEscapes = false
        while let byte = peek {
            switch byte {
            case UInt8(ascii: "\""):
                i += 1
                return
            case UInt8(ascii: "\\"):
                lastStringHadEscapes = true
                i += 1
                switch peek {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 1
                case UInt8(ascii: "u"):
                    i += 1
                    for _ in 0..<4 {
                        guard let digit = peek, JSONText.hexValue(digit) != nil else {
                            throw failure("expected 4 hex digits after \\u")
                        }
                        i += 1
                    }
                default:
                    throw failure("invalid escape in a string")
                }
            case 0..<0x20:
                throw failure("a control character in a string (write it escaped, e.g. \\n)")
            default:
                i += 1
            }
        }
        throw failure("unterminated string")
    }

    /// A number at `i`; returns whether it is an integer (no fraction, no exponent).
    @discardableResult
    private mutating func number() throws -> Bool {
        if peek == UInt8(ascii: "-") { i += 1 }
        if peek == UInt8(ascii: "0") {
            i += 1
        } else {
            guard digits() > 0 else { throw failure("expected a digit") }
        }
        var isInteger = true
        if peek == UInt8(ascii: ".") {
            i += 1
            isInteger = false
            guard digits() > 0 else { throw failure("expected a digit after '.'") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            i += 1
            isInteger = false
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw failure("expected a digit in the exponent") }
        }
        return isInteger
    }

    private mutating func digits() -> Int {
        let start = i
        while let byte = peek, byte &- UInt8(ascii: "0") < 10 { i += 1 }
        return i - start
    }

    private mutating func literal(_ word: StaticString) throws {
        let bytes = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard i + bytes.count <= text.count, text[i..<i + bytes.count].elementsEqual(bytes) else {
            throw failure("expected \(word)")
        }
        i += bytes.count
    }

    private mutating func skipWhitespace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { i += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws {
        guard peek == byte else { throw failure("expected \(what)") }
        i += 1
    }

    private mutating func expectEnd() throws {
        skipWhitespace()
        guard i == text.count else { throw failure("unexpected text after the JSON value") }
    }

    private func failure(_ message: String) -> SyntaxError {
        SyntaxError(offset: i, message: message)
    }
}
