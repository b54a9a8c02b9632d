/// A value found at a rule's path, handed to the rule's transform by ``JSONRewriter``.
public struct JSONToken: Sendable {
    /// The JSON type of a value.
    public enum Kind: Sendable, Equatable {
        case object, array, string, number, bool, null
    }

    /// The value's type.
    public let kind: Kind
    /// The value's raw JSON bytes exactly as they appear in the document (for a string, with its quotes
    /// and escapes).
    public let raw: ArraySlice<UInt8>
    /// For a string, its content as UTF-8 with escapes resolved; nil for other kinds.
    public let string: [UInt8]?

    /// A token as the rewriter hands it over; also for testing transforms on their own.
    public init(kind: Kind, raw: ArraySlice<UInt8>, string: [UInt8]?) {
        self.kind = kind
        self.raw = raw
        self.string = string
    }
}
