import CleanroomCore

/// `{ partial: { first: N, last: N, mask: "*" } }`: keeps the first and last characters and masks
/// the rest.
public struct PartialTransform: Transform {
    public var keepFirst: Int
    public var keepLast: Int
    public var mask: Character

    public static let name = "partial"
    public static let documentation = TransformDocumentation(
        syntax: "`{ partial: { first: 2, last: 2, mask: \"*\" } }`", effect: "keeps both ends, masks the middle",
        columnTypes: "text")

    public static func parse(_ parameters: TransformParameters) throws -> PartialTransform {
        guard parameters.entries != nil else { throw parameters.error("takes `{ first: N, last: N, mask: \"*\" }`") }
        let first = parameters["first"]?.int ?? 0
        let last = parameters["last"]?.int ?? 0
        let mask = parameters["mask"]?.string ?? "*"
        guard first >= 0, last >= 0, mask.count == 1, let maskCharacter = mask.first else {
            throw parameters.error("`first`/`last` are non-negative and `mask` one character")
        }
        return PartialTransform(keepFirst: first, keepLast: last, mask: maskCharacter)
    }

    public func canProduce(into kind: ValueKind) -> Bool { kind == .text || kind == .other }
    public var probeRole: ProbeRole { .carriesText }
    public var summary: String { "partial:\(keepFirst)+\(keepLast)" }
    public func yaml(modifiers: String) -> String {
        "{ partial: { first: \(keepFirst), last: \(keepLast), mask: \(YAMLFlow.quoted(String(mask))) }\(modifiers) }"
    }

    public func compile(_ context: CompileContext) throws -> CompiledTransform {
        let (first, last, mask) = (keepFirst, keepLast, self.mask)
        return .value { value, _, out in
            out += Partial.apply(value, keepFirst: first, keepLast: last, mask: mask)
            return true
        }
    }
}

extension TransformSpec {
    /// `{ partial: { first:, last:, mask: } }`.
    public static func partial(keepFirst: Int, keepLast: Int, mask: Character) -> TransformSpec {
        TransformSpec(PartialTransform(keepFirst: keepFirst, keepLast: keepLast, mask: mask))
    }
}
