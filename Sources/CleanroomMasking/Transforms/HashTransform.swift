import CleanroomCore

/// How `hash` renders its keyed digest.
public enum HashFormat: String, CaseIterable, Sendable, Codable {
    case hex, base32, number
}

/// `hash`: a keyed HMAC of the value rendered as text.
public struct HashTransform: Transform {
    public var format: HashFormat
    public var length: Int

    public static let name = "hash"
    public static let documentation = TransformDocumentation(
        syntax: "`hash`, `{ hash: { format: hex\\|base32\\|number, length: 16 } }`",
        effect: "keyed HMAC rendered as text",
        columnTypes: "text; `number` also integer/numeric")
    public static let bare: HashTransform? = HashTransform(format: .hex, length: 16)

    public static func parse(_ parameters: TransformParameters) throws -> HashTransform {
        var format = HashFormat.hex
        var length = 16
        let formatError = "format is hex, base32 or number"
        if let name = parameters.string, !name.isEmpty {
            guard let f = HashFormat(rawValue: name) else { throw parameters.error(formatError) }
            format = f
        } else if parameters.entries != nil {
            if let f = parameters["format"] {
                guard let parsed = f.string.flatMap(HashFormat.init(rawValue:)) else { throw f.error(formatError) }
                format = parsed
            }
            if let l = parameters["length"] {
                guard let parsed = l.int else { throw l.error("length is a whole number") }
                length = parsed
            }
        }
        let maximum = format == .number ? 18 : (format == .hex ? 64 : 52)
        guard (4...maximum).contains(length) else {
            throw parameters.error("length for \(format.rawValue) is 4 to \(maximum)")
        }
        return HashTransform(format: format, length: length)
    }

    public func canProduce(into kind: ValueKind) -> Bool {
        kind == .text || kind == .other || ((kind == .integer || kind == .numeric) && format == .number)
    }

    public func fits(maximumLength: Int) -> Bool { length <= maximumLength }
    /// Collisions re-draw deterministically.
    public var supportsUnique: Bool { true }
    public var probeRole: ProbeRole { .synthesises }
    public var summary: String { "hash:\(format.rawValue):\(length)" }
    public func yaml(modifiers: String) -> String {
        "{ hash: { format: \(format.rawValue), length: \(length) }\(modifiers) }"
    }

    public func compile(_ context: CompileContext) throws -> CompiledTransform {
        let (format, length) = (self.format, self.length)
        return context.keyedDraw { digest, _, out in
            HashRendering.render(digest, format: format, length: length, into: &out)
        }
    }
}

extension TransformSpec {
    /// `{ hash: { format:, length: } }`.
    public static func hash(format: HashFormat, length: Int) -> TransformSpec {
        TransformSpec(HashTransform(format: format, length: length))
    }
}
