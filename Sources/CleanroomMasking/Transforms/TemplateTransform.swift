import CleanroomCore

/// `{ template: "{a}.{b}@example.com" }`: builds a value from other columns' masked values.
public struct TemplateTransform: Transform {
    public var template: String

    public static let name = "template"
    public static let documentation = TransformDocumentation(
        syntax: "`{ template: \"{a}.{b}@example.com\" }`", effect: "builds a value from other columns' masked values",
        columnTypes: "text")

    public static func parse(_ parameters: TransformParameters) throws -> TemplateTransform {
        guard let text = parameters.string, !text.isEmpty else {
            throw parameters.error("takes a string such as \"{first_name}.{last_name}@example.com\"")
        }
        return TemplateTransform(template: text)
    }

    public func canProduce(into kind: ValueKind) -> Bool { kind == .text || kind == .other }
    public var keepsEmpty: Bool { false }
    public var probeRole: ProbeRole { .carriesText }
    public func yaml(modifiers: String) -> String { "{ template: \(YAMLFlow.quoted(template))\(modifiers) }" }

    public func problems(in table: Table, at location: SourceLocation) -> [MaskingError] {
        TemplatePart.references(in: template).filter { table.column(named: $0) == nil }.map {
            problem(location, "{\($0)} is not a column of \(table.name)")
        }
    }

    public func compile(_ context: CompileContext) throws -> CompiledTransform {
        // Column names resolve to indexes once; validation has refused names the table lacks.
        let parts = TemplatePart.parse(template).map { part -> ResolvedPart in
            switch part {
            case .literal(let bytes): return .literal(bytes)
            case .column(let name): return .index(context.columnIndex[name] ?? -1)
            }
        }
        return .afterRow { _, row, out in
            for part in parts {
                switch part {
                case .literal(let bytes): out += bytes
                case .index(let index): if index >= 0, let value = row.outputs[index] { out += value }
                }
            }
            return true
        }
    }
}

extension TransformSpec {
    /// `{ template: "…" }`.
    public static func template(_ template: String) -> TransformSpec {
        TransformSpec(TemplateTransform(template: template))
    }
}

/// A template piece with its column resolved to an index of the row.
private enum ResolvedPart: Sendable {
    case literal([UInt8])
    case index(Int)
}
