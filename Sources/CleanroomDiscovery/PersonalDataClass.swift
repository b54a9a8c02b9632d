/// The kinds of personal data `cleanroom scan` recognises in a column, from its values, its name or
/// both.
public enum PersonalDataClass: String, Sendable, Codable, CaseIterable {
    case email
    /// Telephone and fax numbers, international (E.164) or national.
    case phone
    /// Payment card numbers that pass the Luhn check.
    case card
    /// IBANs whose mod-97 check digits are right.
    case iban
    /// Social security and other national identity numbers.
    case nationalID = "national_id"
    case ipAddress = "ip_address"
    /// Dates in a column whose name says birth.
    case dateOfBirth = "date_of_birth"
    case firstName = "first_name"
    case lastName = "last_name"
    case fullName = "full_name"
    /// A house number and a street (`47 MySakila Drive`), or a column named like an address line.
    case streetAddress = "street_address"
    case postcode
    /// The city of an address: a quasi-identifier, personal when it belongs to a person's address.
    case city
    /// State, province, county or district: a quasi-identifier that can name the city (Dublin).
    case region
    /// The country of an address: coarse, shared by many.
    case country
    /// An employer or company name: a quasi-identifier in a table about people.
    case company
    /// A login name or handle.
    case username
    /// Passwords, password hashes, tokens and keys.
    case secret
    /// Photos, pictures and avatars.
    case photo
    /// Free text with e-mail addresses, phone, card, IBAN or social security numbers inside it.
    case freeText = "free_text"
    /// JSON documents with personal data at some of their paths.
    case json

    /// Classes that identify a person by themselves or reach them directly; a table holding one of
    /// them is about people, which makes its quasi-identifiers (city, company) personal too.
    public var isDirectIdentifier: Bool {
        !isQuasiIdentifier && self != .freeText && self != .json
    }

    /// Places and employers: personal only together with something that points at a person.
    public var isQuasiIdentifier: Bool {
        switch self {
        case .city, .region, .country, .company: return true
        default: return false
        }
    }

    /// How comments and reports name the class.
    public var label: String {
        switch self {
        case .nationalID: return "national id"
        case .ipAddress: return "IP address"
        case .dateOfBirth: return "date of birth"
        case .firstName: return "first name"
        case .lastName: return "last name"
        case .fullName: return "full name"
        case .streetAddress: return "street address"
        case .freeText: return "free text with personal data"
        case .json: return "JSON with personal data"
        default: return rawValue
        }
    }
}

/// How sure a finding is.
public enum Confidence: String, Sendable, Codable, Comparable {
    /// Weak or contradicting evidence: reported for review, not masked.
    case low
    /// The values alone, or the column name alone: masked in the draft.
    case medium
    /// The values and the column name agree.
    case high

    public static func < (a: Confidence, b: Confidence) -> Bool {
        let order: [Confidence] = [.low, .medium, .high]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}
