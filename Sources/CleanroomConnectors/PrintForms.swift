import CleanroomCore

/// How a store prints the values of its column types as COPY text, named so that two stores can be
/// compared: stores whose forms have the same name print every value of a type the same way.
///
/// A table's digest can then be taken from the rows as written, without reading them back: a kept
/// value was printed by the same type's output function, and a transformed one is checked against
/// the printed form of its type (`PrintForm`).
public struct PrintForms: Sendable, Equatable {
    /// Names the way of printing, e.g. `postgres`.
    public let name: String
    private let form: @Sendable (Column) -> PrintForm

    /// Forms called `name`, given per column by `form`.
    public init(name: String, form: @escaping @Sendable (Column) -> PrintForm) {
        self.name = name
        self.form = form
    }

    /// The form the store prints a value of `column` in.
    public func form(of column: Column) -> PrintForm { form(column) }

    public static func == (a: PrintForms, b: PrintForms) -> Bool { a.name == b.name }
}

/// Whether a value written as COPY text is printed back as written.
public enum PrintForm: Equatable, Sendable {
    /// Prints back as written.
    case verbatim
    /// Prints back as written when each value has this shape (checked value by value).
    case checked(PrintShape)
    /// Not known to print back as written.
    case unknown
}

/// The printed shape of a type's values (as PostgreSQL prints them, the one store with `PrintForms`
/// so far): what a written value must look like to print back as written.
public enum PrintShape: Equatable, Sendable {
    /// `character varying(n)`: a value longer than n loses trailing spaces instead of failing.
    case noTrailingSpace
    case date, timestamp, timestamptz, integer
    /// `numeric`, with the column's scale when it has one.
    case numeric(scale: Int?)

    /// Whether a COPY text field (`\N` for NULL) of this shape prints back byte for byte.
    public func matches(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        if CopyText.isNull(field) { return true }
        var text = Bytes(field)
        switch self {
        case .noTrailingSpace:
            return field.last != UInt8(ascii: " ")
        case .date, .timestamp, .timestamptz:
            if text.equals("infinity") || text.equals("-infinity") { return true }
            _ = text.dropSuffix(" BC")
            if self == .timestamptz && !text.dropSuffix("+00") { return false }
            guard text.date() else { return false }
            if self == .date { return text.isEmpty }
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
            return field.first != UInt8(ascii: "-")
                || field.contains { $0 >= UInt8(ascii: "1") && $0 <= UInt8(ascii: "9") }
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
