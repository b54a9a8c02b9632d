import CleanroomCore
import CleanroomMasking
import Foundation

/// Whether the COPY text the pipeline writes for a column is exactly what the target prints for it
/// when read back, so that a table's digest can be taken from the stream instead of a second read.
///
/// It holds between a PostgreSQL source and a PostgreSQL target whose sessions pin every setting that
/// changes how values print (`PostgresConnection`): a kept value was printed by the same type's output
/// function, and a transformed value is checked against the printed form of its type. Anything not
/// known to print back unchanged — `character(n)` padding, `name` truncation, floats, money, uuids,
/// other types written by a transform — makes the table fall back to the read-back.
enum OutputForm: Equatable {
    /// Prints back as written.
    case verbatim
    /// Prints back as written when each value has this shape (checked value by value).
    case checked(Shape)
    /// Not known to print back as written.
    case unknown

    enum Shape: Equatable {
        /// `character varying(n)`: a value longer than n loses trailing spaces instead of failing.
        case noTrailingSpace
        case date, timestamp, timestamptz, integer
        /// `numeric`, with the column's scale when it has one.
        case numeric(scale: Int?)
    }

    /// The form of a planned column's output.
    static func of(_ planned: PlannedColumn) -> OutputForm {
        let type = planned.column.typeName
        switch planned.rule.transform.transform.printBack {
        case .source: return type == "money" ? .unknown : .verbatim
        case .null: return .verbatim
        case .sourceDocument where type == "jsonb":
            // The rewriter replaces values with JSON strings or null, escaped as jsonb prints them,
            // inside a document printed by jsonb: key order and spacing stay jsonb's own.
            return .verbatim
        case .sourceDocument, .synthesised: break
        }
        switch planned.column.kind {
        case .text:
            if type == "name" || type == "\"char\"" || type == "character" || type.hasPrefix("character(") { return .unknown }
            // A length limit (of `character varying(n)`, or of a domain over it: qualified names are
            // domains and enums) cuts trailing spaces where it would otherwise refuse the value.
            return type.hasPrefix("character varying(") || type.contains(".") ? .checked(.noTrailingSpace) : .verbatim
        case .json: return type == "json" ? .verbatim : .unknown
        case .date: return .checked(.date)
        case .timestamp: return .checked(.timestamp)
        case .timestamptz: return .checked(.timestamptz)
        case .integer: return .checked(.integer)
        case .numeric:
            guard type == "numeric" || type.hasPrefix("numeric(") else { return .unknown }
            let scale = type.split(whereSeparator: { $0 == "," || $0 == ")" }).dropFirst().first.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            return .checked(.numeric(scale: type == "numeric" ? nil : scale ?? 0))
        default: return .unknown
        }
    }

    /// Whether a COPY text field (`\N` for NULL) of this shape prints back byte for byte.
    static func matches(_ shape: Shape, _ field: UnsafeBufferPointer<UInt8>) -> Bool {
        if CopyText.isNull(field) { return true }
        var text = Bytes(field)
        switch shape {
        case .noTrailingSpace:
            return field.last != UInt8(ascii: " ")
        case .date, .timestamp, .timestamptz:
            if text.equals("infinity") || text.equals("-infinity") { return true }
            _ = text.dropSuffix(" BC")
            if shape == .timestamptz && !text.dropSuffix("+00") { return false }
            guard text.date() else { return false }
            if shape == .date { return text.isEmpty }
            return text.drop(" ") && text.time() && text.isEmpty
        case .integer:
            return text.integer() && text.isEmpty && !Bytes(field).equals("-0")
        case .numeric(let scale):
            if text.equals("NaN") { return true }
            guard text.integer() else { return false }
            var fraction = 0
            if text.drop(".") {
                fraction = text.digits()
                guard fraction > 0 else { return false }
            }
            guard text.isEmpty, scale.map({ $0 == fraction }) ?? true else { return false }
            // PostgreSQL prints no negative zero.
            return field.first != UInt8(ascii: "-") || field.contains { $0 >= UInt8(ascii: "1") && $0 <= UInt8(ascii: "9") }
        }
    }

    /// A cursor over a field's bytes that the shape checks consume from the front.
    private struct Bytes {
        var rest: Slice<UnsafeBufferPointer<UInt8>>

        init(_ field: UnsafeBufferPointer<UInt8>) { rest = field[...] }

        var isEmpty: Bool { rest.isEmpty }

        func equals(_ text: StaticString) -> Bool {
            rest.elementsEqual(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        /// Removes `suffix` from the end if it is there.
        mutating func dropSuffix(_ suffix: StaticString) -> Bool {
            let tail = UnsafeBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount)
            guard rest.count >= tail.count, rest.suffix(tail.count).elementsEqual(tail) else { return false }
            rest = rest.dropLast(tail.count)
            return true
        }

        /// Removes `byte` from the front if it is there.
        mutating func drop(_ byte: Unicode.Scalar) -> Bool {
            guard rest.first == UInt8(ascii: byte) else { return false }
            rest = rest.dropFirst()
            return true
        }

        /// Removes the leading digits; returns how many there were.
        mutating func digits() -> Int {
            let count = rest.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
            rest = rest.dropFirst(count)
            return count
        }

        /// Exactly `n` digits.
        mutating func digits(_ n: Int) -> Bool { digits() == n }

        /// `YYYY-MM-DD` with a year of four or more digits.
        mutating func date() -> Bool {
            digits() >= 4 && drop("-") && digits(2) && drop("-") && digits(2)
        }

        /// `HH:MM:SS` with an optional fraction of 1–6 digits that does not end in 0.
        mutating func time() -> Bool {
            guard digits(2) && drop(":") && digits(2) && drop(":") && digits(2) else { return false }
            guard drop(".") else { return true }
            let end = rest
            let count = digits()
            return (1...6).contains(count) && end[end.startIndex + count - 1] != UInt8(ascii: "0")
        }

        /// An optional minus and digits without a leading zero (a lone 0 aside).
        mutating func integer() -> Bool {
            _ = drop("-")
            let first = rest.first
            let count = digits()
            return count == 1 || (count > 1 && first != UInt8(ascii: "0"))
        }
    }
}
