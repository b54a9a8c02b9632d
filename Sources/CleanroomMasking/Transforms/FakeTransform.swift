import CleanroomCore
import CleanroomCrypto

/// The fake value kinds drawn from bundled dictionaries or generated with valid check digits.
public enum FakeKind: String, CaseIterable, Sendable, Codable {
    case firstName = "first_name"
    case lastName = "last_name"
    case fullName = "full_name"
    case email, username, phone, street, city, postcode, region, company, iban, card, ssn, ipv4, uuid

    /// Kinds whose output is shown in upper case when the input is.
    var followsInputCase: Bool {
        switch self {
        case .firstName, .lastName, .fullName, .street, .city, .region, .company: return true
        default: return false
        }
    }
}

/// `{ fake: KIND }`: a realistic value chosen by the keyed digest of the source value;
/// `{ fake: { kind: KIND, locale: de-DE } }` draws it from one locale's dictionaries and formats,
/// `{ fake: { kind: KIND, locale_from: COLUMN } }` from the locale the row's country column names.
public struct FakeTransform: Transform {
    public var kind: FakeKind
    /// The locale; with `localeFrom`, the locale of rows whose country names none (nil: `auto`).
    public var locale: FakeLocale?
    /// The column of the same row whose country value (`DE`, `Germany`, `de_DE`) picks the locale.
    public var localeFrom: String?

    public init(kind: FakeKind, locale: FakeLocale? = nil, localeFrom: String? = nil) {
        self.kind = kind
        self.locale = locale
        self.localeFrom = localeFrom
    }

    public static let name = "fake"
    public static let documentation = TransformDocumentation(
        syntax: "`{ fake: KIND }`, `{ fake: { kind: KIND, locale: LOCALE, locale_from: COLUMN } }`",
        effect: "a realistic value chosen by the keyed digest; kinds: "
            + FakeKind.allCases.map(\.rawValue).joined(separator: ", ")
            + "; `locale` (" + FakeLocale.allCases.map(\.rawValue).joined(separator: ", ")
            + ") picks the names, places and formats, `locale_from` reads it from the row's country column (`DE`, "
            + "`Germany`), `locale` then serving other countries; with a locale `postcode` writes the national format "
            + "(`WA1 1DP`; `auto`: the value's own), alone five digits; `region` writes codes for codes (`TX`), names "
            + "for names",
        columnTypes: "text; uuid/ipv4 also uuid/inet")

    public static func parse(_ parameters: TransformParameters) throws -> FakeTransform {
        let known = FakeKind.allCases.map(\.rawValue).joined(separator: ", ")
        if let kindName = parameters.string { return FakeTransform(kind: try kind(kindName, parameters, known)) }
        guard let entries = parameters.entries else { throw parameters.error("takes a kind: \(known)") }
        var fake = FakeTransform(kind: .firstName)
        var sawKind = false
        for (key, value) in entries {
            switch key.string {
            case "kind":
                guard let name = value.string else { throw value.error("kind is one of \(known)") }
                fake.kind = try kind(name, value, known)
                sawKind = true
            case "locale":
                let locales = FakeLocale.allCases.map(\.rawValue).joined(separator: ", ")
                guard let name = value.string, let locale = FakeLocale(rawValue: name) else {
                    throw value.error("unknown locale '\(value.string ?? "")'; known: \(locales)")
                }
                fake.locale = locale
            case "locale_from":
                guard let column = value.string, !column.isEmpty else {
                    throw value.error("locale_from takes the name of a column holding the row's country")
                }
                fake.localeFrom = column
            default:
                throw key.error("unknown parameter '\(key.string ?? "?")'; fake takes kind, locale and locale_from")
            }
        }
        guard sawKind else { throw parameters.error("takes a kind: \(known)") }
        return fake
    }

    private static func kind(_ name: String, _ parameters: TransformParameters, _ known: String) throws -> FakeKind {
        guard let kind = FakeKind(rawValue: name) else {
            throw parameters.error("unknown kind '\(name)'; known: \(known)")
        }
        return kind
    }

    public func canProduce(into kind: ValueKind) -> Bool {
        if kind == .text || kind == .other { return true }
        switch self.kind {
        case .uuid: return kind == .uuid
        case .ipv4: return kind == .inet
        default: return false
        }
    }

    /// Draws longer than the column re-draw, so a kind fits when at least 5 % of its values do
    /// (a thousand re-draws then all fail with odds below 10^-22), in every locale the rule can use:
    /// with `locale_from` each row draws in its own country's, so one that cannot fit would fail the
    /// run at that row, after the copy began. A region fits where a code of each locale does: a
    /// column that short holds codes.
    public func fits(maximumLength: Int) -> Bool {
        locales.allSatisfy { locale in
            let lengths = FakeLengths.sorted(kind, locale)
            let fitting = lengths.partitioningIndex { $0 > maximumLength }
            return fitting * 20 >= lengths.count
        }
    }

    /// The locales the rule draws in: its own, and with `locale_from` every country's.
    private var locales: [FakeLocale?] {
        guard localeFrom != nil else { return [locale] }
        return FakeLocale.countries + [locale ?? .auto]
    }

    /// Collisions re-draw deterministically, resolved before the copy from the column's values
    /// (`UniqueDraws`); a draw that depends on another column's country (`locale_from`) cannot be.
    public var supportsUnique: Bool { localeFrom == nil }
    public var probeRole: ProbeRole { .synthesises }

    /// `fake:city`, `fake:city[de-DE]`, `fake:city[from country]` or `fake:city[from country, else en-US]`.
    public var summary: String {
        var choice: [String] = []
        if let localeFrom { choice.append("from \(localeFrom)") }
        if let locale { choice.append(localeFrom == nil ? locale.rawValue : "else \(locale.rawValue)") }
        return "fake:\(kind.rawValue)" + (choice.isEmpty ? "" : "[\(choice.joined(separator: ", "))]")
    }

    public func yaml(modifiers: String) -> String {
        guard locale != nil || localeFrom != nil else { return "{ fake: \(kind.rawValue)\(modifiers) }" }
        let localeText = locale.map { ", locale: \($0.rawValue)" } ?? ""
        let fromText = localeFrom.map { ", locale_from: \(YAMLFlow.key($0))" } ?? ""
        return "{ fake: { kind: \(kind.rawValue)\(localeText)\(fromText) }\(modifiers) }"
    }

    public func problems(in table: Table, at location: SourceLocation) -> [MaskingError] {
        guard let localeFrom, table.column(named: localeFrom) == nil else { return [] }
        return [problem(location, "locale_from: \(localeFrom) is not a column of \(table.name)")]
    }

    public func compile(_ context: CompileContext) throws -> CompiledTransform {
        let kind = self.kind
        guard let localeFrom else {
            let locale = self.locale
            return context.keyedDraw { digest, input, out in
                Self.render(kind, locale, digest, input, into: &out)
            }
        }
        // Validation has refused a column the table lacks.
        let column = context.columnIndex[localeFrom] ?? -1
        let all = FakeLocale.allCases
        let fallback = UInt8(all.firstIndex(of: locale ?? .auto)!)
        return context.keyedDraw(
            variants: all.count,
            variant: { row in
                guard column >= 0 else { return fallback }
                let field = row.fields[column]
                if CopyText.isNull(field) { return fallback }
                let country = field.contains(UInt8(ascii: "\\")) ? CopyText.decode(field) ?? [] : Array(field)
                return FakeLocale(country: country).flatMap { all.firstIndex(of: $0) }.map(UInt8.init) ?? fallback
            },
            render: { digest, input, variant, out in Self.render(kind, all[Int(variant)], digest, input, into: &out) })
    }

    /// Appends the fake, in upper case where the kind follows an upper-case input.
    private static func render(
        _ kind: FakeKind, _ locale: FakeLocale?, _ digest: DigestReader, _ input: [UInt8], into out: inout [UInt8]
    ) {
        let start = out.count
        FakeGenerator.generate(kind, digest, locale: locale, input: input, into: &out)
        if kind.followsInputCase && LetterCase.isUpper(input) { LetterCase.upper(&out, from: start) }
    }
}

extension TransformSpec {
    /// `{ fake: kind }`, or with a locale or a country column `{ fake: { kind:, locale:, locale_from: } }`.
    public static func fake(_ kind: FakeKind, locale: FakeLocale? = nil, localeFrom: String? = nil) -> TransformSpec {
        TransformSpec(FakeTransform(kind: kind, locale: locale, localeFrom: localeFrom))
    }
}

/// The lengths, in characters, of 1024 values of each fake kind drawn from fixed digests, sorted:
/// how many of a kind's values fit a length limit. Kinds whose format follows the input are drawn
/// for an empty input (a postcode's national format, a region's name), and regions once more for a
/// two-letter code.
enum FakeLengths {
    /// The sorted lengths of `kind` in `locale` (nil: the locale-free fakes).
    static func sorted(_ kind: FakeKind, _ locale: FakeLocale?) -> [Int] {
        table[LocaleKey(locale: locale)]?[kind] ?? []
    }

    private struct LocaleKey: Hashable {
        var locale: FakeLocale?
    }

    private static let table: [LocaleKey: [FakeKind: [Int]]] = {
        var digests = SHA256Hasher.digest(Array("cleanroom fake lengths".utf8))
        var samples: [[UInt8]] = []
        for _ in 0..<1024 {
            samples.append(digests)
            digests = SHA256Hasher.digest(digests)
        }
        var table: [LocaleKey: [FakeKind: [Int]]] = [:]
        for locale in [nil] + FakeLocale.allCases {
            var lengths: [FakeKind: [Int]] = [:]
            for kind in FakeKind.allCases {
                let inputs: [[UInt8]] = kind == .region ? [[], Array("AA".utf8)] : [[]]
                lengths[kind] = inputs.flatMap { input in
                    samples.map { digest in
                        var out: [UInt8] = []
                        FakeGenerator.generate(kind, DigestReader(digest), locale: locale, input: input, into: &out)
                        return UTF8Text.characterCount(out)
                    }
                }.sorted()
            }
            table[LocaleKey(locale: locale)] = lengths
        }
        return table
    }()
}

extension Array where Element == Int {
    /// The first index whose element satisfies `predicate`, which is false then true along the array.
    func partitioningIndex(where predicate: (Int) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if predicate(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

/// Case folding for fakes that follow an upper-case input (Sakila-style `MARY SMITH`).
enum LetterCase {
    static func isUpper(_ bytes: [UInt8]) -> Bool {
        var sawLetter = false
        for b in bytes {
            if b >= 0x61 && b <= 0x7A { return false }
            if b >= 0x41 && b <= 0x5A { sawLetter = true }
        }
        return sawLetter
    }

    /// Upper-cases the bytes of `out` from `start` on.
    static func upper(_ out: inout [UInt8], from start: Int) {
        if out[start...].allSatisfy({ $0 < 0x80 }) {
            for i in start..<out.count where ASCII.isLower(out[i]) { out[i] -= 32 }
        } else {
            out.replaceSubrange(start..., with: String(decoding: out[start...], as: UTF8.self).uppercased().utf8)
        }
    }
}
