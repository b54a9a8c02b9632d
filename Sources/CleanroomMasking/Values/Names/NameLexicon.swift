/// The public name and word lists that `redact`'s `name` class and the leak probe's token check read
/// (DESIGN §4, docs/rules.md "Names in free text").
///
/// Four lists ship as Swift source, lower-case, one entry a line: 15,798 given names (US Social
/// Security Administration), 40,000 surnames (US Census Bureau, 1990), 40,131 common English words
/// (SCOWL size 35) and 31,000 words of place names (GeoNames). Their provenance and licences are on each list. Entries are looked up by their
/// lower-cased UTF-8 bytes (see `CaseFold`).
public enum NameLexicon {
    /// What a lower-cased token is in the lists.
    public struct Entry: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// A given name of the SSA list.
        public static let givenName = Entry(rawValue: 1)
        /// A surname of the Census list.
        public static let surname = Entry(rawValue: 2)
        /// A common English word (lower-case in the dictionary), a weekday, a month or an honorific:
        /// on its own it does not mark a person.
        public static let commonWord = Entry(rawValue: 4)
        /// A title before a name: `Mr`, `Mrs`, `Dr`, …
        public static let honorific = Entry(rawValue: 8)
        /// A word of a place name (a city, a country, a US state): shared public vocabulary.
        public static let placeWord = Entry(rawValue: 16)

        /// Whether the lists know the token as a name.
        public var isName: Bool { !isDisjoint(with: [.givenName, .surname]) }
    }

    /// Words written with a capital that are not names, so a capitalised one next to a name is not
    /// taken for part of it.
    static let capitalisedWords = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
        "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "english", "american", "british", "french", "german", "spanish", "i", "ok",
    ]

    /// Words of country names that GeoNames no longer uses but catalogues and registers still write:
    /// former countries (`Soviet Union`, `Czechoslovakia`) and former names (`Czech Republic`, now
    /// Czechia; `Burma`): place words too.
    static let formerCountryWords = [
        "soviet", "ussr", "yugoslavia", "czechoslovakia", "czech", "zaire", "burma", "rhodesia", "prussia", "ceylon",
        "swaziland",
    ]

    /// Titles that precede a name.
    static let honorifics = [
        "mr", "mrs", "ms", "mx", "miss", "dr", "prof", "sir", "dame", "lady", "lord", "madam", "madame", "mme",
        "herr", "frau", "sr", "sra", "srta", "dott", "capt", "rev", "fr", "mlle", "master", "messrs", "col",
        "major", "countess", "jonkheer",
    ]

    /// Every entry, by its lower-cased UTF-8 bytes, built on first use.
    private static let entries: [[UInt8]: Entry] = {
        var table: [[UInt8]: Entry] = [:]
        table.reserveCapacity(120_000)
        func add(_ text: String, _ entry: Entry) {
            for line in text.utf8.split(separator: UInt8(ascii: "\n")) {
                let word = Array(line.drop { $0 == UInt8(ascii: " ") })
                if !word.isEmpty { table[word, default: []].insert(entry) }
            }
        }
        add(givenNamesText, .givenName)
        add(surnamesText, .surname)
        add(commonWordsText, .commonWord)
        add(placeWordsText, .placeWord)
        for word in formerCountryWords { table[Array(word.utf8), default: []].insert(.placeWord) }
        for word in capitalisedWords { table[Array(word.utf8), default: []].insert(.commonWord) }
        for word in honorifics { table[Array(word.utf8), default: []].formUnion([.honorific, .commonWord]) }
        return table
    }()

    /// What the lists say of a lower-cased token (empty when they do not know it).
    public static func entry(_ lowercased: [UInt8]) -> Entry {
        entries[lowercased] ?? []
    }

    /// The most words a value has to be taken for a place's name (`St George`, `Michoacán de Ocampo`).
    public static let placeNameWords = 4

    /// Whether `value` is public vocabulary rather than a person's value: a place's name
    /// (``isPlaceName(_:)``), or one common word that is no name (`Perfume`, `Action`; not `Rose`).
    /// Neither it nor its words are looked up by the leak probe.
    public static func isPublicValue(_ value: [UInt8]) -> Bool {
        isPlaceName(value) || isCommonWord(value)
    }

    /// Whether `value` is one word, a common word that is no given name or surname.
    private static func isCommonWord(_ value: [UInt8]) -> Bool {
        guard value.count <= 32 else { return false }
        var tokens = 0
        var whole = false
        value.withUnsafeBufferPointer { text in
            TextTokens.forEach(in: text) { token in
                tokens += 1
                whole = token.range == text.indices
            }
        }
        guard tokens == 1, whole else { return false }
        let entry = entry(CaseFold.lowercased(value))
        return entry.contains(.commonWord) && !entry.isName
    }

    /// The longest value read as a list of places.
    public static let placeListBytes = 1024

    /// Whether `value` reads as the name of a place, or as a comma-separated list of them (`Chicago,
    /// Illinois, US`; `United States, India, Jordan`): no digit, each part at most ``placeNameWords``
    /// words, every word of three or more letters a word of place names or a common word, one at
    /// least a word of place names. Such a value is shared public vocabulary, not a person's.
    public static func isPlaceName(_ value: [UInt8]) -> Bool {
        guard value.count <= placeListBytes, !value.contains(where: { $0 &- 0x30 < 10 }) else { return false }
        var place = false
        for part in value.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            guard let named = placeWords(in: part) else { return false }
            place = place || named
        }
        return place
    }

    /// Whether one part of a place list names a place (true), holds only short and common words
    /// (false: `US`), or is no place (nil: a word of neither kind, or too many words).
    private static func placeWords(in part: ArraySlice<UInt8>) -> Bool? {
        var words = 0
        var place = false
        var other = false
        part.withUnsafeBufferPointer { text in
            TextTokens.forEach(in: text) { token in
                words += 1
                guard !other, token.letters >= 3 else { return }
                let entry = entry(CaseFold.lowercased(text[token.range]))
                if entry.contains(.placeWord) {
                    place = true
                } else if !entry.contains(.commonWord) {
                    other = true
                }
            }
        }
        return other || words > placeNameWords ? nil : place
    }
}
