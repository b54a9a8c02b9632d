/// The public name and word lists that `redact`'s `name` class and the leak probe's token check read
/// (DESIGN §4, docs/rules.md "Names in free text").
///
/// Three lists ship as Swift source, lower-case, one entry a line: 15,798 given names (US Social
/// Security Administration), 40,000 surnames (US Census Bureau, 1990) and 40,131 common English words
/// (SCOWL size 35). Their provenance and licences are on each list. Entries are looked up by their
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

    /// Titles that precede a name.
    static let honorifics = [
        "mr", "mrs", "ms", "mx", "miss", "dr", "prof", "sir", "dame", "lady", "lord", "madam", "madame", "mme",
        "herr", "frau", "sr", "sra", "srta", "dott", "capt", "rev", "fr",
    ]

    /// Every entry, by its lower-cased UTF-8 bytes, built on first use.
    private static let entries: [[UInt8]: Entry] = {
        var table: [[UInt8]: Entry] = [:]
        table.reserveCapacity(90_000)
        func add(_ text: String, _ entry: Entry) {
            for line in text.utf8.split(separator: UInt8(ascii: "\n")) {
                let word = Array(line.drop { $0 == UInt8(ascii: " ") })
                if !word.isEmpty { table[word, default: []].insert(entry) }
            }
        }
        add(givenNamesText, .givenName)
        add(surnamesText, .surname)
        add(commonWordsText, .commonWord)
        for word in capitalisedWords { table[Array(word.utf8), default: []].insert(.commonWord) }
        for word in honorifics { table[Array(word.utf8), default: []].formUnion([.honorific, .commonWord]) }
        return table
    }()

    /// What the lists say of a lower-cased token (empty when they do not know it).
    public static func entry(_ lowercased: [UInt8]) -> Entry {
        entries[lowercased] ?? []
    }
}
