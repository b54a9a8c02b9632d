import CleanroomCore

/// `keep`: copies the value byte for byte.
public struct KeepTransform: Transform {
    public static let name = "keep"
    public static let documentation = TransformDocumentation(
        syntax: "`keep`", effect: "copies the value byte for byte", columnTypes: "any")
    public static let bare: KeepTransform? = KeepTransform()
    public static func parse(_ parameters: TransformParameters) throws -> KeepTransform { KeepTransform() }

    public func canProduce(into kind: ValueKind) -> Bool { true }
    /// Keeping is the identity permutation.
    public var supportsUnique: Bool { true }
    public var probeRole: ProbeRole { .keeps }
    public var printBack: PrintBack { .source }
    public func yaml(modifiers: String) -> String { modifiers.isEmpty ? "keep" : "{ keep: true\(modifiers) }" }
    public func compile(_ context: CompileContext) throws -> CompiledTransform { .copy }
}

extension TransformSpec {
    /// `keep`.
    public static let keep = TransformSpec(KeepTransform())
}
