import CleanroomCore
import CleanroomMasking

/// A rule the draft proposes for a column.
public struct ProposedRule: Sendable, Equatable {
    public var transform: TransformSpec
    /// `unique: true`: proposed for e-mails and user names whose sampled values were all distinct.
    public var unique: Bool
    /// `domain:`: for a copy of another column's values, that column, so both mask alike.
    public var domain: String?

    public init(_ transform: TransformSpec, unique: Bool = false, domain: String? = nil) {
        self.transform = transform
        self.unique = unique
        self.domain = domain
    }

    public static let keep = ProposedRule(.keep)

    /// Whether the rule changes values.
    public var masks: Bool { transform != .keep }

    /// `fake:email` or `fake:email unique`, for reports.
    public var summary: String { transform.summary + (unique ? " unique" : "") }
}

/// What the draft knows of a column's table when it proposes the column's rule.
struct TableContext {
    /// The table holds direct identifiers (a person's row).
    var isPersonTable: Bool
    /// Other tables reference it and it holds no direct identifier: reference or catalogue data
    /// (films, products, categories), whose descriptions are written about things, not people.
    var isCatalogue: Bool
    /// Its text columns found to hold countries, in table order.
    var countryColumns: [String] = []

    /// The country column an address part follows: of the table's country columns, the one whose
    /// name shares the longest start with `column`'s (`BillingPostalCode` → `BillingCountry`).
    func countryColumn(for column: String) -> String? {
        let name = Array(column.lowercased())
        return countryColumns.max { a, b in
            Self.sharedStart(name, Array(a.lowercased())) < Self.sharedStart(name, Array(b.lowercased()))
        }
    }

    private static func sharedStart(_ a: [Character], _ b: [Character]) -> Int {
        zip(a, b).prefix { $0 == $1 }.count
    }
}

/// A proposed rule and the comment that explains it.
struct Proposal {
    var rule: ProposedRule
    var note: String
}

/// Proposes a column's own rule from its finding (foreign keys are aligned afterwards, by
/// ``DraftBuilder``). Every proposal passes ``TypeCompatibility`` for the column's kind, so the draft
/// validates as it is; when the preferred transform cannot write the type, `null` (nullable columns)
/// or `keep` with a REVIEW note stands in.
///
/// Policy for quasi-identifiers: a city, a region (state, district …) or a company is masked (`fake`)
/// only in a table that also holds direct identifiers (a person's address or employer) — a region
/// with the city, since a state can name the city (Dublin, Dublin); countries are kept as coarse, and
/// all of them are kept in tables without direct identifiers. Each policy decision is said in the note.
///
/// Address parts (street, city, postcode, region) of a table with a country column follow it
/// (`locale_from:`), so a German row gets a German street, city, postcode and Land; a region is
/// faked as a region (codes stay codes). A postcode column whose sampled values are all five digits
/// keeps `{ fake: postcode }`; any other, without a country column, gets `locale: auto`, which keeps
/// each value's national format.
enum RuleProposer {
    /// What `password` and other secret columns become.
    static let secretConstant = "not-a-real-secret"
    /// What a draft says wherever it proposes `redact`, so nobody takes it for more than it is.
    static let redactCaveat =
        "redact replaces the e-mails, phones, cards, IBANs, SSNs and names it finds (names by public name lists, "
        + "honorifics and the words of this run's masked name, e-mail, username and street columns) and keeps "
        + "every other word, so a name in lower case that no list and no masked column knows, a nickname or a "
        + "street name the run does not mask survives"
    /// The range of a date-of-birth shift, in days either way.
    static let birthShiftDays = 365

    /// The rule and note for `column` of `table`.
    /// - Parameters:
    ///   - sampledValues: non-empty values examined (for the note of a column with no finding).
    ///   - context: what the table is about.
    ///   - proseValues: how many sampled values read as prose, when most of them do.
    static func propose(
        _ finding: ColumnFinding?, column: Column, table: Table, sampledValues: Int, context: TableContext,
        proseValues: Int?
    ) -> Proposal {
        if column.isGenerated { return Proposal(rule: .keep, note: "generated column: the target computes it") }
        if let proseValues, !context.isCatalogue,
            let proposal = freeText(finding, column: column, prose: proseValues, of: sampledValues)
        {
            return proposal
        }
        guard let finding else {
            let examined = TableSampler.examinedKinds.contains(column.kind)
            return Proposal(
                rule: .keep,
                note: examined
                    ? "nothing personal in \(sampledValues) sampled values, no name hint"
                    : "\(column.kind.rawValue) column, no name hint")
        }
        guard finding.isActionable else {
            return Proposal(rule: .keep, note: "REVIEW \(finding.evidence); kept")
        }
        let single = table.primaryKey.count == 1 && table.primaryKey[0] != column.name ? table.primaryKey[0] : nil
        let country = context.countryColumn(for: column.name)
        if let copied = finding.overlaps {
            // A copy of a personal column's values is personal wherever it sits: masked like it.
            guard
                case .mask(var rule, _) = preferred(
                    finding, kind: column.kind, isNullable: column.isNullable, per: single,
                    isPersonTable: true, country: country)
            else { return Proposal(rule: .keep, note: finding.evidence) }
            rule.unique = false
            rule.domain = copied
            if fits(rule, column) {
                return Proposal(rule: rule, note: "\(finding.evidence); masked in its domain, so both mask alike")
            }
        }
        switch preferred(
            finding, kind: column.kind, isNullable: column.isNullable, per: single,
            isPersonTable: context.isPersonTable,
            country: country
        ) {
        case .keep(let policy):
            return Proposal(rule: .keep, note: "\(finding.evidence); \(policy)")
        case .mask(let rule, let policy):
            let suffix = policy.map { "; \($0)" } ?? ""
            if fits(rule, column) { return Proposal(rule: rule, note: finding.evidence + suffix) }
            if let fake = rule.transform.transform as? FakeTransform, fake.localeFrom != nil {
                // Some country's values are longer than the column (a British postcode in varchar(5)).
                let oneFormat = ProposedRule(.fake(fake.kind), unique: rule.unique, domain: rule.domain)
                if fits(oneFormat, column) {
                    return Proposal(
                        rule: oneFormat,
                        note: "\(finding.evidence); not every country's \(fake.kind.rawValue) fits \(column.typeName): "
                            + "one format for all rows")
                }
            }
            if column.isNullable, fits(ProposedRule(.null), column) {
                return Proposal(
                    rule: ProposedRule(.null),
                    note: "\(finding.evidence); \(rule.transform.summary) cannot write \(column.typeName), so null")
            }
            return Proposal(
                rule: .keep,
                note: "REVIEW \(finding.evidence); no transform fits \(column.typeName) (NOT NULL): mask it by hand")
        }
    }

    /// Prose outside catalogue tables: notes, comments, tickets and biographies are written about
    /// people and repeat their names, which no pattern finds, so the whole text is replaced — unless
    /// the column's own finding is a stronger, actionable class (an address column with long lines).
    private static func freeText(_ finding: ColumnFinding?, column: Column, prose: Int, of sampled: Int) -> Proposal? {
        if let finding, finding.isActionable, finding.dataClass != .freeText { return nil }
        guard fits(ProposedRule(.filler), column) else { return nil }
        let evidence = finding.map { "; \($0.evidence)" } ?? ""
        return Proposal(
            rule: ProposedRule(.filler),
            note: "free text: \(prose) of \(sampled) sampled values are prose\(evidence); filler replaces the whole "
                + "text, names in it included; where the rest of the text matters, `redact` is the opt-in: \(redactCaveat)"
        )
    }

    /// What a finding calls for, before the column type is considered.
    enum Choice {
        case mask(ProposedRule, policy: String?)
        case keep(policy: String)
    }

    static func preferred(
        _ finding: ColumnFinding, kind: ValueKind, isNullable: Bool, per: String?, isPersonTable: Bool,
        country: String? = nil
    ) -> Choice {
        let distinct = finding.valuesDistinct
        switch finding.dataClass {
        case .email: return .mask(ProposedRule(.fake(.email), unique: distinct), policy: nil)
        case .phone:
            if (finding.fewestDigits ?? 0) >= 6 {
                return .mask(
                    ProposedRule(.fpe(alphabet: .digits)),
                    policy: "every sampled value has 6+ digits: FF1 keeps length and punctuation")
            }
            return .mask(
                ProposedRule(.fake(.phone)), policy: "some values have under 6 digits (below FF1's minimum), so a fake")
        case .card: return .mask(ProposedRule(.fake(.card)), policy: nil)
        case .iban: return .mask(ProposedRule(.fake(.iban)), policy: nil)
        case .nationalID: return .mask(ProposedRule(.fake(.ssn)), policy: nil)
        case .ipAddress: return .mask(ProposedRule(.fake(.ipv4)), policy: nil)
        case .dateOfBirth: return .mask(ProposedRule(.shiftDate(days: birthShiftDays, per: per)), policy: nil)
        case .firstName: return .mask(ProposedRule(.fake(.firstName)), policy: nil)
        case .lastName: return .mask(ProposedRule(.fake(.lastName)), policy: nil)
        case .fullName: return .mask(ProposedRule(.fake(.fullName)), policy: nil)
        case .streetAddress:
            return .mask(ProposedRule(.fake(.street, localeFrom: country)), policy: country.map(followsCountry))
        case .postcode: return postcode(finding, country: country)
        case .username: return .mask(ProposedRule(.fake(.username), unique: distinct), policy: nil)
        case .secret: return .mask(ProposedRule(.constant(secretConstant)), policy: nil)
        case .photo: return .mask(ProposedRule(isNullable ? .null : .constant("")), policy: nil)
        case .freeText:
            // Notes repeat the names of the people they are about, which no pattern finds: the text
            // is replaced as a whole. Only a JSON column, which filler cannot write, keeps redact.
            if kind == .json { return .mask(ProposedRule(.redact(RedactClass.allCases)), policy: redactCaveat) }
            return .mask(
                ProposedRule(.filler),
                policy: "filler replaces the whole text, names in it included; "
                    + "where the rest of the text matters, `redact` is the opt-in: \(redactCaveat)")
        case .city:
            let follows = country.map { "; " + followsCountry($0) } ?? ""
            return isPersonTable
                ? .mask(
                    ProposedRule(.fake(.city, localeFrom: country)),
                    policy: "masked by policy: the city of a person's address" + follows)
                : .keep(policy: "kept by policy: no direct identifier in this table")
        case .company:
            return isPersonTable
                ? .mask(ProposedRule(.fake(.company)), policy: "masked by policy: a person's employer")
                : .keep(policy: "kept by policy: no direct identifier in this table")
        case .region:
            let follows = country.map { "; " + followsCountry($0) } ?? "; codes stay codes"
            return isPersonTable
                ? .mask(
                    ProposedRule(.fake(.region, localeFrom: country)),
                    policy: "masked by policy with the city: a state or district can name it" + follows)
                : .keep(policy: "kept by policy: no direct identifier in this table")
        case .country:
            return .keep(policy: "kept by policy: a country is coarse; mask it too where few people share one")
        case .json:
            let rules = finding.paths.compactMap { jsonRule($0) }
            guard !rules.isEmpty else { return .keep(policy: "no path needs masking") }
            return .mask(ProposedRule(.json(rules)), policy: nil)
        }
    }

    /// A postcode in the row's country's format where the table has a country column; else five
    /// digits where every sampled value is five digits, each value's own format otherwise.
    private static func postcode(_ finding: ColumnFinding, country: String?) -> Choice {
        if let country {
            return .mask(ProposedRule(.fake(.postcode, localeFrom: country)), policy: followsCountry(country))
        }
        let five = finding.fiveDigitValues ?? 0
        if finding.sampledValues == 0 || five == finding.sampledValues {
            return .mask(ProposedRule(.fake(.postcode)), policy: nil)
        }
        return .mask(
            ProposedRule(.fake(.postcode, locale: .auto)),
            policy: "\(finding.sampledValues - five) of \(finding.sampledValues) sampled values are not five digits: "
                + "each keeps its national format")
    }

    private static func followsCountry(_ column: String) -> String {
        "in the country of the row's \(column) (locale_from)"
    }

    /// The rule for one JSON path: secrets and photos become JSON null; countries stay.
    private static func jsonRule(_ path: JSONPathFinding) -> JSONPathRule? {
        guard path.finding.isActionable else { return nil }
        switch path.finding.dataClass {
        case .secret, .photo: return JSONPathRule(path: path.path, transform: nil)
        default:
            guard
                case .mask(let rule, _) = preferred(
                    path.finding, kind: .text, isNullable: true, per: nil, isPersonTable: true)
            else { return nil }
            return JSONPathRule(path: path.path, transform: rule.transform)
        }
    }

    /// Whether a rule validates on `column`: the transform can write its kind and length, `unique` is possible,
    /// and `null` goes only into a nullable column.
    static func fits(_ rule: ProposedRule, _ column: Column) -> Bool {
        TypeCompatibility.canWrite(rule.transform, into: column)
            && (!rule.unique || TypeCompatibility.supportsUnique(rule.transform))
            && (rule.transform != .null || column.isNullable)
    }
}
