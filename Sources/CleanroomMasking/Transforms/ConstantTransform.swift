import CleanroomCore

/// `{ constant: "x" }`: writes the same value everywhere.
public struct ConstantTransform: Transform {
    public var value: String

    public static let name = "constant"
    public static let documentation = TransformDocumentation(
        syntax: "`{ constant: \"x\" }`", effect: "writes the same value everywhere",
        columnTypes: "any (checked against the type)")
    public static func parse(_ parameters: TransformParameters) throws -> ConstantTransform {
        guard let text = parameters.string else { throw parameters.error("takes a scalar value") }
        return ConstantTransform(value: text)
    }

    /// A constant fits a column when it parses as the column's kind.
    public func canProduce(into kind: ValueKind) -> Bool {
        switch kind {
        case .integer: return Int64(value) != nil
        case .numeric: return Double(value) != nil
        case .boolean: return ["t", "f", "true", "false", "0", "1"].contains(value.lowercased())
        default: return true
        }
    }

    public func fits(maximumLength: Int) -> Bool { value.unicodeScalars.count <= maximumLength }
    public var keepsEmpty: Bool { false }
    public var probeRole: ProbeRole { .synthesises }
    public func yaml(modifiers: String) -> String { "{ constant: \(YAMLFlow.quoted(value))\(modifiers) }" }
    public func compile(_ context: CompileContext) throws -> CompiledTransform {
        let bytes = Array(value.utf8)
        return .value { _, _, out in
            out += bytes
            return true
        }
    }
}

extension TransformSpec {
    /// `{ constant: value }`.
    public static func constant(_ value: String) -> TransformSpec { TransformSpec(ConstantTransform(value: value)) }
}
