/// The country whose names, places and formats a fake follows (`{ fake: { kind: city, locale: de-DE } }`).
///
/// Without a locale, fakes come from the locale-free dictionaries (names of many cultures, US-style
/// streets, 5-digit postcodes), exactly as before locales existed. `auto` reads the locale from the
/// value itself where a value can show it: a postcode's national format (`WA1 1DP` is British,
/// `K1A 0B1` Canadian, `12345-6789` a US ZIP+4), a region's code or name (`BY` and `Bayern` are
/// German); for every other kind it means the locale-free dictionaries.
public enum FakeLocale: String, CaseIterable, Sendable, Codable {
    case enUS = "en-US"
    case enGB = "en-GB"
    case deDE = "de-DE"
    case frFR = "fr-FR"
    case enCA = "en-CA"
    case auto

    /// The locales with dictionaries of their own, in the order `auto` tries them for a region.
    static let countries: [FakeLocale] = [.enUS, .enCA, .deDE, .frFR, .enGB]

    /// The locale a country value names: an ISO 3166 code (`DE`, `DEU`), an English or native name
    /// (`Germany`, `Deutschland`) or a locale tag (`de-DE`, `de_DE`), in any case, surrounding
    /// spaces ignored; nil for any other country, or none.
    public init?(country value: some Collection<UInt8>) {
        let bytes = Array(value)
        let start = bytes.firstIndex { $0 != 0x20 } ?? bytes.endIndex
        let end = bytes.lastIndex { $0 != 0x20 }.map { $0 + 1 } ?? start
        guard start < end, let locale = Self.countryNames[CaseFold.lowercased(bytes[start..<end])] else { return nil }
        self = locale
    }

    /// Country values by their lower-case UTF-8 bytes.
    private static let countryNames: [[UInt8]: FakeLocale] = {
        let names: [FakeLocale: [String]] = [
            .enUS: ["us", "usa", "u.s.", "u.s.a.", "united states", "united states of america", "america"],
            .enGB: [
                "gb", "gbr", "uk", "u.k.", "united kingdom", "great britain", "britain", "england", "scotland", "wales",
                "northern ireland",
            ],
            .deDE: ["de", "deu", "germany", "deutschland", "bundesrepublik deutschland"],
            .frFR: ["fr", "fra", "france", "république française"],
            .enCA: ["ca", "can", "canada"],
        ]
        var table: [[UInt8]: FakeLocale] = [:]
        for (locale, spellings) in names {
            let tag = locale.rawValue.lowercased()
            for name in spellings + [tag, tag.replacingOccurrences(of: "-", with: "_")] {
                table[Array(name.utf8)] = locale
            }
        }
        return table
    }()

    /// The locale's dictionaries; nil for `auto`.
    var dictionary: LocaleDictionary? {
        switch self {
        case .enUS: return .enUS
        case .enGB: return .enGB
        case .deDE: return .deDE
        case .frFR: return .frFR
        case .enCA: return .enCA
        case .auto: return nil
        }
    }
}

/// The word lists behind one locale's fakes (files under `Dictionaries/Locales/`, each naming its
/// sources and their licences).
struct LocaleDictionary: Sendable {
    var names: PersonNames
    var cities: PackedWords
    /// Region codes (2–3 letters) and names: states, provinces, Länder, régions, nations and counties.
    var regionCodes: PackedWords
    var regionNames: PackedWords
    var street: StreetStyle
    var companySuffixes: PackedWords
}

/// How a locale writes a street line.
enum StreetStyle: Sendable {
    /// `1234 Elm Street`: a number 1–9999, a name and a suffix (US and Canada).
    case american(names: PackedWords, suffixes: PackedWords)
    /// `12 Station Road`: a number 1–299, a name and a suffix.
    case british(names: PackedWords, suffixes: PackedWords)
    /// `Lindenstraße 12`: a stem joined to a suffix, then a number 1–199, now and then with a letter.
    case german(stems: PackedWords, suffixes: PackedWords)
    /// `12 rue de la Gare`: a number 1–199, a kind of way and what it is named after.
    case french(ways: PackedWords, names: PackedWords)
}
