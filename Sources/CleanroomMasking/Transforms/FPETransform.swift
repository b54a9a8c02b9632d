import CleanroomCore

/// The character set FF1 permutes; characters outside it are kept in place.
public enum FPEAlphabet: Sendable, Equatable, Codable {
    case digits
    case lowerAlnum
    case alnum
    case hex
    case custom(String)

    /// The alphabet's characters in numeral order.
    public var characters: [Character] {
        switch self {
        case .digits: return Array("0123456789")
        case .lowerAlnum: return Array("0123456789abcdefghijklmnopqrstuvwxyz")
        case .alnum: return Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        case .hex: return Array("0123456789abcdef")
        case .custom(let s): return Array(s)
        }
    }

    /// Parses the names used in rules files: digits, alnum, lower_alnum, hex, or a literal set.
    public init(name: String) {
        switch name {
        case "digits": self = .digits
        case "alnum": self = .alnum
        case "lower_alnum": self = .lowerAlnum
        case "hex": self = .hex
        default: self = .custom(name)
        }
    }

    /// The name a rules file writes (a custom set as its characters).
    var name: String {
        switch self {
        case .digits: return "digits"
        case .lowerAlnum: return "lower_alnum"
        case .alnum: return "alnum"
        case .hex: return "hex"
        case .custom(let characters): return characters
        }
    }
}

/// `{ fpe: ALPHABET }`: NIST SP 800-38G FF1 format-preserving encryption over an alphabet.
public struct FPETransform: Transform {
    public var alphabet: FPEAlphabet

    public static let name = "fpe"
    public static let documentation = TransformDocumentation(
        syntax: "`{ fpe: digits\\|alnum\\|lower_alnum\\|hex\\|\"<characters>\" }`",
        effect: "NIST SP 800-38G FF1 over the alphabet, other characters kept in place; a value whose alphabet part is "
            + "shorter than the minimum domain (radix^n ≥ 10^6, e.g. 6 digits) is refused; `digits` keeps a phone "
            + "number's country code (`+44 …`, `0044 …`) and encrypts the digits after it",
        columnTypes: "text; `digits` also integer/numeric")

    public static func parse(_ parameters: TransformParameters) throws -> FPETransform {
        let alphabetName = parameters["alphabet"]?.string ?? parameters.string
        guard let alphabetName, !alphabetName.isEmpty else {
            throw parameters.error("takes an alphabet: digits, alnum, lower_alnum, hex or a string of characters")
        }
        let alphabet = FPEAlphabet(name: alphabetName)
        let characters = alphabet.characters
        guard characters.count >= 2, characters.count <= 62, Set(characters).count == characters.count else {
            throw parameters.error("an alphabet needs 2 to 62 distinct characters")
        }
        return FPETransform(alphabet: alphabet)
    }

    public func canProduce(into kind: ValueKind) -> Bool {
        kind == .text || kind == .other || ((kind == .integer || kind == .numeric) && alphabet == .digits)
    }

    /// FF1 is a permutation.
    public var supportsUnique: Bool { true }
    public var probeRole: ProbeRole { .synthesises }
    public var summary: String {
        if case .custom = alphabet { return "fpe:custom" }
        return "fpe:\(alphabet.name)"
    }

    public func yaml(modifiers: String) -> String {
        let name = if case .custom = alphabet { YAMLFlow.quoted(alphabet.name) } else { alphabet.name }
        return "{ fpe: \(name)\(modifiers) }"
    }

    public func compile(_ context: CompileContext) throws -> CompiledTransform {
        let fpe = try FormatPreservingCipher(key: context.key.ff1Key(domain: context.domain), alphabet: alphabet)
        guard alphabet == .digits else {
            return .value { value, _, out in
                try fpe.encrypt(value, into: &out)
                return true
            }
        }
        // Digits are most often phone numbers: their country code is kept (see `InternationalPrefix`).
        let allowingDoubleZero = !context.unique
        return .value { value, _, out in
            try fpe.encryptPhone(value, allowingDoubleZero: allowingDoubleZero, into: &out)
            return true
        }
    }
}

extension TransformSpec {
    /// `{ fpe: alphabet }`.
    public static func fpe(alphabet: FPEAlphabet) -> TransformSpec { TransformSpec(FPETransform(alphabet: alphabet)) }
}
