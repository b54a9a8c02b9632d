/// The names a rules file may use for a column's transform.
public enum TransformName: String, CaseIterable, Sendable {
    case keep, null, constant, hash, fpe, fake
    case shiftDate = "shift_date"
    case noise, partial, redact, json, template
}

/// The fake value kinds drawn from bundled dictionaries or generated with valid check digits.
public enum FakeKind: String, CaseIterable, Sendable, Codable {
    case firstName = "first_name"
    case lastName = "last_name"
    case fullName = "full_name"
    case email, username, phone, street, city, postcode, company, iban, card, ssn, ipv4, uuid
}

/// The kinds of personal data `redact` finds inside free text.
public enum RedactClass: String, CaseIterable, Sendable, Codable {
    case email, phone, card, iban, ssn
}

/// How `hash` renders its keyed digest.
public enum HashFormat: String, CaseIterable, Sendable, Codable {
    case hex, base32, number
}

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
}

/// One step inside a `json` transform: a path and what happens to the value found there.
public struct JSONPathRule: Sendable, Equatable {
    /// The path as written, e.g. `$.contact.email` or `$.items[*].name`.
    public var path: String
    /// The transform for the value; nil replaces it with JSON null.
    public var transform: TransformSpec?

    public init(path: String, transform: TransformSpec?) {
        self.path = path
        self.transform = transform
    }
}

/// A column's transform as written in a rules file, before it is keyed and compiled.
public indirect enum TransformSpec: Sendable, Equatable {
    case keep
    case null
    case constant(String)
    case hash(format: HashFormat, length: Int)
    case fpe(alphabet: FPEAlphabet)
    case fake(FakeKind)
    /// Shift dates by a keyed offset within ±`days`, the same for all rows sharing the `per` column's value.
    case shiftDate(days: Int, per: String?)
    /// Multiply numbers by (1 + r) with a keyed r in ±`relative`, keeping the value's decimal places.
    case noise(relative: Double)
    /// Keep the first and last characters, mask the rest with `mask`.
    case partial(keepFirst: Int, keepLast: Int, mask: Character)
    case redact([RedactClass])
    case json([JSONPathRule])
    /// Build a value from other (already masked) columns: `{first_name}.{last_name}@example.com`.
    case template(String)

    /// The transform's name as a rules file writes it.
    public var name: TransformName {
        switch self {
        case .keep: return .keep
        case .null: return .null
        case .constant: return .constant
        case .hash: return .hash
        case .fpe: return .fpe
        case .fake: return .fake
        case .shiftDate: return .shiftDate
        case .noise: return .noise
        case .partial: return .partial
        case .redact: return .redact
        case .json: return .json
        case .template: return .template
        }
    }

    /// A short human description for plans, evidence and reports, e.g. `fake:email` or `fpe:digits`.
    public var summary: String {
        switch self {
        case .keep, .null, .redact, .json, .template: return name.rawValue
        case .constant: return "constant"
        case .hash(let format, let length): return "hash:\(format.rawValue):\(length)"
        case .fpe(let alphabet):
            switch alphabet {
            case .digits: return "fpe:digits"
            case .lowerAlnum: return "fpe:lower_alnum"
            case .alnum: return "fpe:alnum"
            case .hex: return "fpe:hex"
            case .custom: return "fpe:custom"
            }
        case .fake(let kind): return "fake:\(kind.rawValue)"
        case .shiftDate(let days, _): return "shift_date:±\(days)d"
        case .noise(let r): return "noise:±\(r)"
        case .partial(let first, let last, _): return "partial:\(first)+\(last)"
        }
    }
}
