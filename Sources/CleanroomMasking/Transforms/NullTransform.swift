import CleanroomCore

/// `null`: writes NULL.
public struct NullTransform: Transform {
    public static let name = "null"
    public static let documentation = TransformDocumentation(
        syntax: "`null`", effect: "writes NULL (refused on NOT NULL columns)", columnTypes: "any")
    public static let bare: NullTransform? = NullTransform()
    public static func parse(_ parameters: TransformParameters) throws -> NullTransform { NullTransform() }

    public func canProduce(into kind: ValueKind) -> Bool { true }
    public var keepsEmpty: Bool { false }
    public var probeRole: ProbeRole { .synthesises }
    public var printBack: PrintBack { .null }
    public func yaml(modifiers: String) -> String { modifiers.isEmpty ? "null" : "{ null: true\(modifiers) }" }
    public func compile(_ context: CompileContext) throws -> CompiledTransform { .value { _, _, _ in false } }
}

extension TransformSpec {
    /// `null`.
    public static let null = TransformSpec(NullTransform())
}
