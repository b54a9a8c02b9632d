import CleanroomCore
import Yams

/// The YAML value under a transform's key in a rule (`{ hash: <this> }`), with what a transform
/// needs to read it and to point errors at the right line.
public struct TransformParameters {
    let node: Node
    let transform: String
    let path: String
    /// Reads a nested column rule (for `json` paths).
    let nestedRule: (Node) throws -> ColumnRule

    /// The node's location in the rules file.
    var location: SourceLocation { SourceLocation(file: path, line: node.mark?.line) }

    /// The error for a bad parameter, naming the file, line and transform.
    func error(_ message: String) -> MaskingError {
        .invalidParameter(location, transform: transform, message: message)
    }

    /// A scalar's text; nil for mappings, sequences and null.
    var string: String? { node.null != nil ? nil : node.string }
    var int: Int? { node.int }
    var float: Double? { node.float }
    var isNull: Bool { node.null != nil }

    /// The entries of a mapping in file order, or nil when the value is not a mapping.
    var entries: [(key: TransformParameters, value: TransformParameters)]? {
        node.mapping.map { $0.map { (child($0.key), child($0.value)) } }
    }

    /// The value at `key` of a mapping.
    subscript(key: String) -> TransformParameters? {
        node.mapping?[key].map(child)
    }

    /// The items of a sequence, or nil when the value is not a sequence.
    var items: [TransformParameters]? {
        node.sequence.map { $0.map(child) }
    }

    /// The value read as a column rule of its own, e.g. `{ fake: email }` under a JSON path.
    func columnRule() throws -> ColumnRule {
        try nestedRule(node)
    }

    private func child(_ node: Node) -> TransformParameters {
        TransformParameters(node: node, transform: transform, path: path, nestedRule: nestedRule)
    }
}
