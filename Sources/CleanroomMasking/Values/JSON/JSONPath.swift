/// A path to values inside a JSON document, as `json` rules write it: `$.contact.email`,
/// `$.items[*].name`, `$['first name']`, `$.phones[0]`.
///
/// Grammar: `$` (the whole document) followed by steps — `.name` or `['name']` / `["name"]` (an object
/// member; quoted names may use `\'`, `\"` and `\\`), `[3]` (an array element, from 0), and `[*]` or
/// `.*` (every member or element). Two paths are equal when their steps are, whichever notation they use.
public struct JSONPath: Sendable, Equatable, CustomStringConvertible {
    /// One step from a value to some of its children.
    public enum Step: Sendable, Equatable {
        /// The object member with this name (UTF-8, escapes resolved).
        case member([UInt8])
        /// The array element at this zero-based index.
        case index(Int)
        /// Every member of an object and every element of an array.
        case wildcard
    }

    /// The path as written.
    public let text: String
    /// The steps after `$`; empty for the whole document.
    public let steps: [Step]

    /// The largest array index a path may name.
    public static let maximumIndex = 1_000_000_000

    /// Parses `text`; throws ``MaskingError/malformedJSONPath(_:path:reason:)`` naming what is wrong and where.
    public init(parsing text: String) throws {
        self.text = text
        var parser = JSONPathParser(text)
        steps = try parser.parse()
    }

    public var description: String { text }

    /// Paths are equal when their steps are: `$.a[*]` equals `$['a'].*`.
    public static func == (a: JSONPath, b: JSONPath) -> Bool { a.steps == b.steps }
}

/// The recursive-descent parser behind ``JSONPath/init(parsing:)``.
private struct JSONPathParser {
    let text: String
    let bytes: [UInt8]
    var pos = 0

    init(_ text: String) {
        self.text = text
        bytes = Array(text.utf8)
    }

    mutating func parse() throws -> [JSONPath.Step] {
        guard bytes.first == UInt8(ascii: "$") else {
            throw failure(
                bytes.isEmpty
                    ? "the path is empty; start it with '$' (the document root)"
                    : "a path must start with '$' (the document root)")
        }
        pos = 1
        var steps: [JSONPath.Step] = []
        while pos < bytes.count {
            switch bytes[pos] {
            case UInt8(ascii: "."): steps.append(try dotStep())
            case UInt8(ascii: "["): steps.append(try bracketStep())
            default: throw failure("unexpected '\(character(at: pos))' at \(position(pos)); expected '.' or '['")
            }
        }
        return steps
    }

    /// `.name` or `.*`, with `pos` at the dot.
    private mutating func dotStep() throws -> JSONPath.Step {
        let dot = pos
        pos += 1
        guard pos < bytes.count else { throw failure("trailing '.' at \(position(dot)) with no member name after it") }
        switch bytes[pos] {
        case UInt8(ascii: "*"):
            pos += 1
            return .wildcard
        case UInt8(ascii: "."):
            throw failure("'..' at \(position(dot)): recursive descent is not supported; name each level")
        case UInt8(ascii: "["):
            throw failure("empty member name at \(position(dot)); write .name or ['name']")
        default:
            let start = pos
            while pos < bytes.count && bytes[pos] != UInt8(ascii: ".") && bytes[pos] != UInt8(ascii: "[") {
                let c = bytes[pos]
                guard
                    ASCII.isAlnum(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-") || c == UInt8(ascii: "$")
                        || c >= 0x80
                else {
                    throw failure(
                        "'\(character(at: pos))' at \(position(pos)) cannot appear in a .name; write ['…'] for such names"
                    )
                }
                pos += 1
            }
            return .member(Array(bytes[start..<pos]))
        }
    }

    /// `['name']`, `["name"]`, `[3]` or `[*]`, with `pos` at the bracket.
    private mutating func bracketStep() throws -> JSONPath.Step {
        let open = pos
        pos += 1
        guard pos < bytes.count else { throw unterminated(open) }
        let step: JSONPath.Step
        switch bytes[pos] {
        case UInt8(ascii: "*"):
            pos += 1
            step = .wildcard
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            step = .member(try quotedName())
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            step = .index(try index())
        case UInt8(ascii: "-"):
            throw failure("negative index at \(position(pos)); indices count from 0 at the start of the array")
        default:
            throw failure("expected a quoted name, an index or '*' after '[' at \(position(open))")
        }
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: "]") else { throw unterminated(open) }
        pos += 1
        return step
    }

    /// The name inside matching quotes, with `pos` at the opening quote.
    private mutating func quotedName() throws -> [UInt8] {
        let quote = bytes[pos]
        let start = pos
        pos += 1
        var name: [UInt8] = []
        while pos < bytes.count && bytes[pos] != quote {
            if bytes[pos] == UInt8(ascii: "\\") {
                pos += 1
                guard pos < bytes.count else { break }
                let e = bytes[pos]
                guard e == UInt8(ascii: "\\") || e == UInt8(ascii: "'") || e == UInt8(ascii: "\"") else {
                    throw failure(
                        "unknown escape '\\\(character(at: pos))' at \(position(pos - 1)); only \\', \\\" and \\\\ are allowed"
                    )
                }
            }
            name.append(bytes[pos])
            pos += 1
        }
        guard pos < bytes.count else { throw failure("unterminated quoted name starting at \(position(start))") }
        pos += 1
        guard !name.isEmpty else { throw failure("empty member name at \(position(start))") }
        return name
    }

    /// The decimal digits at `pos`.
    private mutating func index() throws -> Int {
        let start = pos
        var value = 0
        while pos < bytes.count && ASCII.isDigit(bytes[pos]) {
            value = value * 10 + ASCII.digitValue(bytes[pos])
            guard value <= JSONPath.maximumIndex else {
                throw failure("index at \(position(start)) is larger than \(JSONPath.maximumIndex)")
            }
            pos += 1
        }
        return value
    }

    private func unterminated(_ open: Int) -> MaskingError {
        failure("unterminated '[' at \(position(open)); expected ']'")
    }

    /// "character N" (1-based, counting Unicode characters) for the byte at `offset`.
    private func position(_ offset: Int) -> String {
        "character \(String(decoding: bytes[..<offset], as: UTF8.self).count + 1)"
    }

    /// The character starting at byte `offset`, for messages.
    private func character(at offset: Int) -> String {
        let rest = String(decoding: bytes[offset...], as: UTF8.self)
        return rest.first.map(String.init) ?? ""
    }

    private func failure(_ reason: String) -> MaskingError {
        .malformedJSONPath(nil, path: text, reason: reason)
    }
}
