import CleanroomMasking

/// What `cleanroom scan` concluded about one column (or one path inside its JSON documents), with
/// the evidence: counts and the name hint, never a sampled value.
public struct ColumnFinding: Sendable, Codable, Equatable {
    /// The kind of personal data found.
    public var dataClass: PersonalDataClass
    public var confidence: Confidence
    /// Non-empty sampled values that showed the class (for free text: that held some inside; for
    /// JSON: documents read); 0 when the finding rests on the name alone.
    public var valueHits: Int
    /// Non-empty values sampled.
    public var sampledValues: Int
    /// What the column's name said, if anything.
    public var nameHint: NameHint?
    /// For free text: the kinds found inside the values.
    public var embedded: [RedactClass]
    /// For JSON: the paths with personal data.
    public var paths: [JSONPathFinding]
    /// Every sampled value differed from every other.
    public var valuesDistinct: Bool
    /// The fewest digits `fpe: digits` would encrypt in a sampled value, after any country code it
    /// keeps (phone numbers: enough for FF1's minimum of 6?).
    public var fewestDigits: Int?
    /// Sampled values of exactly five digits: a postcode column of nothing else keeps
    /// `{ fake: postcode }`, any other gets national formats (nil where not counted).
    public var fiveDigitValues: Int?
    /// The personal column (`public.customers.company_name`) whose sampled values this column's
    /// repeat: a denormalised copy, personal with that column's class whatever its own name says.
    public var overlaps: String?
    /// The name columns (`main.customers.first_name`, `main.customers.last_name`) whose words make up
    /// this column's sampled values: a name composed from them, personal whatever its own name says.
    public var composedOf: [String]?

    /// `valueHits / sampledValues`, nil without sampled values.
    public var hitRate: Double? {
        sampledValues > 0 ? Double(valueHits) / Double(sampledValues) : nil
    }

    /// The evidence in one line, e.g. `email, high: 599 of 599 sampled values (100%), name hint "email"`.
    public var evidence: String {
        var parts: [String] = []
        if let composedOf, let rate = hitRate {
            let made = dataClass == .username ? "are logins built from words of" : "are made of words of"
            parts.append(
                "\(valueHits) of \(sampledValues) sampled values \(made) "
                    + "\(composedOf.joined(separator: ", ")) (\(Self.percent(rate)))")
        } else if let overlaps, let rate = hitRate {
            parts.append(
                "\(valueHits) of \(sampledValues) distinct sampled values equal values of \(overlaps) (\(Self.percent(rate)))"
            )
        } else if let rate = hitRate, valueHits > 0 {
            let share = "\(valueHits) of \(sampledValues) sampled values"
            switch dataClass {
            case .json: parts.append("\(share) are JSON documents (\(Self.percent(rate)))")
            case .username: parts.append("\(share) are distinct logins, no domain (\(Self.percent(rate)))")
            case .freeText:
                parts.append(
                    "\(share) hold \(embedded.map(\.rawValue).joined(separator: ", ")) (\(Self.percent(rate)))")
            default: parts.append("\(share) (\(Self.percent(rate)))")
            }
        } else if !dataClass.hasValueTest {
            parts.append("by name only (values cannot show it; \(sampledValues) sampled)")
        } else if sampledValues > 0 {
            parts.append("no value of \(sampledValues) sampled shows it")
        } else {
            parts.append("no non-empty value sampled")
        }
        if let nameHint { parts.append("name hint \"\(nameHint.keyword)\"") }
        return "\(dataClass.label), \(confidence.rawValue): " + parts.joined(separator: ", ")
    }

    /// Medium or high: the draft acts on it (masks the column, or keeps it by a policy it states);
    /// low findings are only reported for review.
    public var isActionable: Bool { confidence >= .medium }

    static func percent(_ rate: Double) -> String {
        "\(Int((rate * 100).rounded()))%"
    }
}

/// A JSON path inside a column and what it holds.
public struct JSONPathFinding: Sendable, Codable, Equatable {
    /// The path as a `json` rule writes it, e.g. `$.contact.email`.
    public var path: String
    public var finding: ColumnFinding
}
