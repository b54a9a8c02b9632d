import CleanroomCore
import CleanroomMasking

/// Turns a column's tally and name into a finding.
///
/// - The name and the values agree (the values show the hinted class at least at its agreement
///   rate): **high**.
/// - The name alone (its class has no value test, nothing non-empty was sampled, or only a few
///   values showed it), or the values alone above the class's threshold: **medium**.
/// - Weak value evidence, or a name the values contradict (e-mail, phone, card, IBAN or IP address
///   hinted but none of at least ten values is one): **low**, reported but not masked. An e-mail name
///   whose values are all distinct logins (`SKING`) is a **medium** username instead: mailbox names
///   spell their owners' names.
///
/// JSON documents are classified path by path, the member name standing in for the column name.
enum ColumnClassifier {
    /// The fewest sampled values that can contradict a name.
    static let contradictingSample = 10

    static func classify(name: String, kind: ValueKind, tally: ValueTally) -> ColumnFinding? {
        let hint = ColumnNameHints.hint(for: name, kind: kind)
        if kind == .json || (tally.jsonDocuments > 0 && tally.jsonDocuments * 2 >= tally.values) {
            if let json = jsonFinding(tally, hint: hint) { return json }
        }
        if let hint {
            return hinted(hint, kind: kind, tally: tally)
        }
        if let best = bestValueClass(tally), best.rate >= valueThreshold(best.class), byValuesAlone(best.class, tally) {
            return finding(best.class, .medium, hits: best.hits, tally)
        }
        if tally.valuesWithEmbedded > 0 {
            return finding(
                .freeText, tally.valuesWithEmbedded >= 2 ? .medium : .low, hits: tally.valuesWithEmbedded, tally)
        }
        if let best = bestValueClass(tally), best.rate >= 0.1 {
            return finding(best.class, .low, hits: best.hits, tally)
        }
        return nil
    }

    private static func hinted(_ hint: NameHint, kind: ValueKind, tally: ValueTally) -> ColumnFinding {
        let hits = self.hits(hint.kind, kind: kind, tally: tally)
        let n = tally.values
        let contradictable: Set<PersonalDataClass> = [.email, .phone, .card, .iban, .ipAddress]
        if contradictable.contains(hint.kind), n >= contradictingSample, hits == 0 {
            if let best = bestValueClass(tally), best.rate >= valueThreshold(best.class) {
                return finding(best.class, .medium, hits: best.hits, tally, hint: hint)
            }
            if hint.kind == .email, tally.handles == n, tally.allDistinct {
                // Distinct logins where the name says e-mail: the local parts of a company's addresses
                // (`SKING` for Steven King), which spell their owners' names.
                return finding(.username, .medium, hits: n, tally, hint: hint)
            }
            return finding(hint.kind, .low, hits: 0, tally, hint: hint)
        }
        let agrees = hint.kind.hasValueTest && n > 0 && Double(hits) >= agreementRate(hint.kind) * Double(n)
        return finding(hint.kind, agrees ? .high : .medium, hits: hits, tally, hint: hint)
    }

    /// A JSON column's finding: its paths with personal data, most confident first.
    private static func jsonFinding(_ tally: ValueTally, hint: NameHint?) -> ColumnFinding? {
        let paths = tally.paths.sorted { $0.key < $1.key }.compactMap { path, entry -> JSONPathFinding? in
            classify(name: entry.memberName ?? "", kind: .text, tally: entry.tally).map {
                JSONPathFinding(path: path, finding: $0)
            }
        }
        guard let confidence = paths.map(\.finding.confidence).max() else { return nil }
        var found = finding(.json, confidence, hits: tally.jsonDocuments, tally, hint: hint)
        found.paths = paths
        return found
    }

    /// Hits of `dataClass` in the tally; a date-typed column's values are all dates.
    private static func hits(_ dataClass: PersonalDataClass, kind: ValueKind, tally: ValueTally) -> Int {
        switch dataClass {
        case .phone: return tally.hits[.phone, default: 0] + tally.bareDigits
        case .firstName, .lastName, .fullName: return tally.nameValues
        case .dateOfBirth: return [.date, .timestamp, .timestamptz].contains(kind) ? tally.values : tally.dates
        default: return tally.hits[dataClass, default: 0]
        }
    }

    /// The class most sampled values showed by themselves, among those a value can prove.
    private static func bestValueClass(_ tally: ValueTally) -> (class: PersonalDataClass, hits: Int, rate: Double)? {
        guard tally.values > 0 else { return nil }
        var candidates: [(PersonalDataClass, Int)] = [
            .email, .card, .iban, .nationalID, .ipAddress, .phone, .secret, .streetAddress,
        ]
        .map { ($0, tally.hits[$0, default: 0]) }
        if let name = [PersonalDataClass.fullName, .firstName, .lastName].max(by: {
            tally.hits[$0, default: 0] < tally.hits[$1, default: 0]
        }) {
            candidates.append((name, tally.nameValues))
        }
        guard let best = candidates.max(by: { $0.1 < $1.1 }), best.1 > 0 else { return nil }
        return (best.0, best.1, Double(best.1) / Double(tally.values))
    }

    /// Whether values alone may prove `dataClass`: for a name class, the values with a word that is no
    /// common word must reach the threshold too. A column of colours (`black`, `grey`, `brown`: all
    /// Census surnames) is no surname column.
    private static func byValuesAlone(_ dataClass: PersonalDataClass, _ tally: ValueTally) -> Bool {
        guard [.firstName, .lastName, .fullName].contains(dataClass) else { return true }
        return Double(tally.plainNameValues) >= valueThreshold(dataClass) * Double(tally.values)
    }

    /// The share of values that lets the values alone prove a class.
    private static func valueThreshold(_ dataClass: PersonalDataClass) -> Double {
        switch dataClass {
        case .secret: return 0.8
        case .firstName, .lastName, .fullName: return 0.4
        default: return 0.5
        }
    }

    /// The share of values that makes them agree with a name. Dictionaries know only part of all
    /// names and street words, so those agree at lower rates.
    private static func agreementRate(_ dataClass: PersonalDataClass) -> Double {
        switch dataClass {
        case .firstName, .lastName, .fullName: return 0.15
        case .streetAddress: return 0.2
        default: return 0.3
        }
    }

    private static func finding(
        _ dataClass: PersonalDataClass, _ confidence: Confidence, hits: Int, _ tally: ValueTally,
        hint: NameHint? = nil
    ) -> ColumnFinding {
        ColumnFinding(
            dataClass: dataClass, confidence: confidence, valueHits: hits, sampledValues: tally.values, nameHint: hint,
            embedded: RedactClass.allCases.filter(tally.embedded.contains), paths: [],
            valuesDistinct: tally.allDistinct, fewestDigits: tally.fewestDigits, fiveDigitValues: tally.fiveDigitValues)
    }
}

extension PersonalDataClass {
    /// Whether sampled values can show the class by themselves (else only a name can).
    var hasValueTest: Bool {
        switch self {
        case .username, .city, .region, .country, .company, .photo: return false
        default: return true
        }
    }
}
