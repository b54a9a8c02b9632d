import CleanroomCore

/// The kinds of personal data `redact` finds inside free text.
public enum RedactClass: String, CaseIterable, Sendable, Codable {
    case email, phone, card, iban, ssn
    /// People's names: by the shipped name lists, honorifics and the run vocabulary (`NameScanner`).
    case name

    /// The classes found by their pattern alone: everything but names.
    public static let patterns: Set<RedactClass> = [.email, .phone, .card, .iban, .ssn]
}

/// `redact`: finds personal data of the given classes inside free text and replaces only those
/// with keyed fakes of the same kind; the rest of the text is kept.
public struct RedactTransform: Transform {
    public var classes: [RedactClass]

    public static let name = "redact"
    public static let documentation = TransformDocumentation(
        syntax: "`redact`, `{ redact: [" + RedactClass.allCases.map(\.rawValue).joined(separator: ", ") + "] }`",
        effect:
            "finds those inside free text and replaces only them with keyed fakes of the same kind, names by public "
            + "name lists, honorifics and the run vocabulary; the rest of the text is kept (use `filler` when the "
            + "text itself is personal)",
        columnTypes: "text, json")
    public static let bare: RedactTransform? = RedactTransform(classes: RedactClass.allCases)

    public static func parse(_ parameters: TransformParameters) throws -> RedactTransform {
        let known = RedactClass.allCases.map(\.rawValue).joined(separator: ", ")
        if parameters.string == "all" || parameters.isNull { return RedactTransform(classes: RedactClass.allCases) }
        guard let items = parameters.items else { throw parameters.error("takes a list of: \(known), or `all`") }
        return RedactTransform(
            classes: try items.map { item in
                guard let text = item.string, let c = RedactClass(rawValue: text) else {
                    throw item.error("unknown class '\(item.string ?? "?")'; known: \(known)")
                }
                return c
            })
    }

    public func canProduce(into kind: ValueKind) -> Bool { kind == .text || kind == .other || kind == .json }
    public var probeRole: ProbeRole { .carriesText }
    public func yaml(modifiers: String) -> String {
        if Set(classes) == Set(RedactClass.allCases) {
            return modifiers.isEmpty ? "redact" : "{ redact: all\(modifiers) }"
        }
        return "{ redact: [\(classes.map(\.rawValue).joined(separator: ", "))]\(modifiers) }"
    }

    public func compile(_ context: CompileContext) throws -> CompiledTransform {
        let replacer = try TextRedaction(key: context.key, classes: Set(classes), vocabulary: context.vocabulary)
        return .value { value, _, out in
            replacer.redact(value, into: &out)
            return true
        }
    }
}

extension TransformSpec {
    /// `{ redact: [classes] }`.
    public static func redact(_ classes: [RedactClass]) -> TransformSpec {
        TransformSpec(RedactTransform(classes: classes))
    }
}
