import CleanroomCore

/// One transform a rules file can name (DESIGN §4): every fact about it lives in its own file under
/// `Transforms/`, and ``TransformRegistry/all`` lists them.
///
/// A conforming type's value is the transform with its parameters, as parsed from a rule such as
/// `{ hash: { format: hex, length: 16 } }`. The pipeline asks it what it can write, whether the leak
/// probe looks at it, and how its output prints back; `cleanroom scan` asks it for its YAML; the
/// masking plan asks it to compile under a key.
public protocol Transform: Sendable, Equatable {
    /// The key a rules file writes, e.g. `fake` or `shift_date`.
    static var name: String { get }
    /// Its line in docs/rules.md and in `cleanroom transforms`.
    static var documentation: TransformDocumentation { get }
    /// What the bare name means (`hash` alone), or nil when the transform needs parameters.
    static var bare: Self? { get }
    /// Reads the value under the transform's key; errors carry the file and line.
    static func parse(_ parameters: TransformParameters) throws -> Self

    /// Whether its values are accepted by a column of `kind` (`fake: email` only into text, `fpe:
    /// digits` also into integers).
    func canProduce(into kind: ValueKind) -> Bool
    /// Whether its values can fit a column that holds at most `maximumLength` characters
    /// (`varchar(15)`): false when every value is longer (a 16-character hash), true when enough
    /// values fit for keyed draws to re-draw into the limit, or the output keeps the source's length.
    func fits(maximumLength: Int) -> Bool
    /// Whether distinct inputs can be kept distinct (`unique: true`).
    var supportsUnique: Bool { get }
    /// Whether an empty string stays empty: it holds nothing to mask. False for transforms that
    /// write something regardless of the input (`constant`, `null`, `template`).
    var keepsEmpty: Bool { get }
    /// What the leak probe does with the column (see ``ProbeRole``).
    var probeRole: ProbeRole { get }
    /// Where the written value's text comes from, which decides whether it prints back unchanged.
    var printBack: PrintBack { get }
    /// A short description for plans, evidence and reports, e.g. `fake:email`.
    var summary: String { get }
    /// The rule as flow YAML that the parser reads back to an equal transform; `modifiers` is
    /// `""` or text such as `, unique: true` to place inside the mapping.
    func yaml(modifiers: String) -> String
    /// Problems only the table can show (a template naming a missing column).
    func problems(in table: Table, at location: SourceLocation) -> [MaskingError]
    /// The transform keyed for one column.
    func compile(_ context: CompileContext) throws -> CompiledTransform
}

extension Transform {
    public static var bare: Self? { nil }
    public func fits(maximumLength: Int) -> Bool { true }
    public var supportsUnique: Bool { false }
    public var keepsEmpty: Bool { true }
    public var printBack: PrintBack { .synthesised }
    public var summary: String { Self.name }
    public func problems(in table: Table, at location: SourceLocation) -> [MaskingError] { [] }

    /// The error for a bad value found at validation time, naming the transform.
    func problem(_ location: SourceLocation, _ message: String) -> MaskingError {
        .invalidParameter(location, transform: Self.name, message: message)
    }

    func isEqual(to other: any Transform) -> Bool {
        (other as? Self) == self
    }
}

/// How the leak probe treats a column's transform; it applies to text-like columns only.
public enum ProbeRole: Sendable {
    /// Copies the source (`keep`): the output is looked up among masked source values, and scanned
    /// for personal-data patterns.
    case keeps
    /// Lets some source text through (`redact`, `json`, `partial`, `template`): source values are
    /// recorded and outputs looked up.
    case carriesText
    /// Writes values of its own (`fake`, `hash`, `fpe`, `constant`, `null`, `filler`): source values
    /// are recorded, outputs are not looked up (a realistic fake may equal another person's value by
    /// chance, which reveals nothing about this row).
    case synthesises
    /// Moves the source value slightly (`shift_date`, `noise`): neither, since another row's
    /// shifted date equal to this row's source date is no leak.
    case perturbs
}

/// Where the text a transform writes comes from, for deciding whether the target prints it back
/// byte for byte (which lets a table's digest be taken from the stream).
public enum PrintBack: Sendable {
    /// The source's own text, printed by the source type (`keep`).
    case source
    /// Always NULL (`null`).
    case null
    /// The source document with values replaced by JSON strings or null, escaped as `jsonb`
    /// prints them (`json`).
    case sourceDocument
    /// Text the transform writes itself; it prints back only if it has the type's printed shape.
    case synthesised
}

/// A transform's entry in the documentation, as Markdown.
public struct TransformDocumentation: Sendable {
    /// How a rule writes it, e.g. `` `{ fake: KIND }` ``.
    public var syntax: String
    /// What it does.
    public var effect: String
    /// The column types it writes.
    public var columnTypes: String

    public init(syntax: String, effect: String, columnTypes: String) {
        self.syntax = syntax
        self.effect = effect
        self.columnTypes = columnTypes
    }
}
