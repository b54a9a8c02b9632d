/// Every transform a rules file can name, in documentation order: the one list the parser, the
/// docs table and `cleanroom transforms` read.
public enum TransformRegistry {
    public static let all: [any Transform.Type] = [
        KeepTransform.self, NullTransform.self, ConstantTransform.self, HashTransform.self, FPETransform.self,
        FakeTransform.self, FillerTransform.self, ShiftDateTransform.self, NoiseTransform.self,
        PartialTransform.self, RedactTransform.self, JSONTransform.self, TemplateTransform.self,
    ]

    /// The transform a rules file calls `name`.
    public static func named(_ name: String) -> (any Transform.Type)? {
        all.first { $0.name == name }
    }

    /// Every name, for messages.
    public static var names: [String] { all.map { $0.name } }

    /// The transform table of docs/rules.md.
    public static var markdownTable: String {
        let rows = all.map { type in
            let doc = type.documentation
            return "| \(doc.syntax) | \(doc.effect) | \(doc.columnTypes) |"
        }
        return (["| rule | what it does | column types |", "| --- | --- | --- |"] + rows).joined(separator: "\n")
    }
}
