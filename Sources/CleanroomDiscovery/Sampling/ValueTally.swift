import CleanroomMasking

/// Counts of what the sampled values of one column (or of one path inside its JSON documents)
/// looked like. It keeps counts and 64-bit hashes for the distinct test, never the values.
struct ValueTally {
    /// Non-empty values examined (surrounding spaces ignored).
    var values = 0
    var nulls = 0
    var empties = 0
    /// Values that are, as a whole, an instance of a class.
    var hits: [PersonalDataClass: Int] = [:]
    /// Values that hit any person-name class.
    var nameValues = 0
    /// Of those, the values with a word that is no common English word (`Mary`, `Okafor`; not
    /// `white`, `Green`): colours, tiers and job titles made of words that are also surnames hit a
    /// name class, but only names make these.
    var plainNameValues = 0
    /// Values of 7–15 digits and nothing else.
    var bareDigits = 0
    /// Values of exactly five digits (`02139`), the only postcodes `{ fake: postcode }` keeps the format of.
    var fiveDigitValues = 0
    /// Values shaped like a calendar date.
    var dates = 0
    /// Values with personal data inside them (not as a whole), and which kinds.
    var valuesWithEmbedded = 0
    var embedded: Set<RedactClass> = []
    /// Values that read as prose (``ValueShape/isProse``).
    var proseValues = 0
    /// The fewest digits `{ fpe: digits }` would encrypt in any value: all of them, or those after an
    /// international prefix (`+44`, `0044`), which it keeps; none for a `+` value it would refuse.
    var fewestDigits: Int?
    /// Values that were JSON objects or arrays, and what their paths held.
    var jsonDocuments = 0
    var paths: [String: JSONPathTally] = [:]
    /// 64-bit hashes of the distinct values (in this process only): the distinct test, and the
    /// overlap between columns (``ValueOverlap``).
    private(set) var hashes: Set<Int> = []
    /// 64-bit hashes of the lower-cased words of short values (one to four words, no digits): what a
    /// name column's values are made of, for ``ValueOverlap``'s composed copies.
    private(set) var wordHashes: Set<Int> = []
    /// The word hashes of each short value of two to four words, for the same.
    private(set) var phrases: [Set<Int>] = []
    /// For each login-shaped value (``ValueShape/isHandle``), the hashes of the words it could be
    /// built from, lower-cased: each run of letters when there are several (`john.smith`), and each
    /// run's endings of four letters or more short of the whole run (`sking` → `king`, `jsmith42` →
    /// `smith`), for ``ValueOverlap``'s logins derived from names.
    private(set) var handleParts: [Set<Int>] = []
    /// Values of one token shaped like a login.
    var handles: Int { handleParts.count }

    /// Whether every examined value differed from every other (and there were at least two).
    var allDistinct: Bool { values >= 2 && hashes.count == values }

    /// The most distinct JSON paths followed per column.
    static let maximumPaths = 256

    /// Counts one value; nil is NULL. `walkJSON` is false for strings inside JSON documents.
    mutating func observe(_ value: [UInt8]?, walkJSON: Bool = true) {
        guard let value else {
            nulls += 1
            return
        }
        let trimmed = Self.trimmed(value)
        guard !trimmed.isEmpty else {
            empties += 1
            return
        }
        values += 1
        var hasher = Hasher()
        trimmed.withUnsafeBytes { hasher.combine(bytes: $0) }
        hashes.insert(hasher.finalize())
        notePhrase(trimmed)
        if walkJSON, trimmed.first == UInt8(ascii: "{") || trimmed.first == UInt8(ascii: "[") {
            if JSONDocumentWalker.walk(trimmed, into: &paths, maximumPaths: Self.maximumPaths) {
                jsonDocuments += 1
                return
            }
        }
        let shape = ValueShape(trimmed)
        for found in shape.classes { hits[found, default: 0] += 1 }
        if !shape.classes.isDisjoint(with: [.firstName, .lastName, .fullName]) {
            nameValues += 1
            if PersonNameShape.hasPlainWord(trimmed) { plainNameValues += 1 }
        }
        if shape.isBareDigits { bareDigits += 1 }
        if trimmed.count == 5 && shape.digitCount == 5 { fiveDigitValues += 1 }
        if shape.isDate { dates += 1 }
        if shape.isHandle { handleParts.append(Self.handleParts(trimmed)) }
        if shape.isProse { proseValues += 1 }
        if !shape.embedded.isEmpty {
            valuesWithEmbedded += 1
            embedded.formUnion(shape.embedded)
        }
        let encrypted = Self.encryptedDigits(trimmed, of: shape.digitCount)
        fewestDigits = min(fewestDigits ?? encrypted, encrypted)
    }

    /// The hashes of the words a login could be built from (see ``handleParts``), hashed as
    /// ``wordHashes`` hashes words.
    private static func handleParts(_ value: ArraySlice<UInt8>) -> Set<Int> {
        let runs = CaseFold.lowercased(value).split { $0 &- 0x61 >= 26 && $0 < 0x80 }
        var parts: Set<Int> = []
        for run in runs {
            if runs.count > 1 { parts.insert(wordHash(Array(run))) }
            guard run.count > 4 else { continue }
            for start in run.index(after: run.startIndex)...(run.endIndex - 4) {
                parts.insert(wordHash(Array(run[start...])))
            }
        }
        return parts
    }

    /// The hash of one lower-cased word, as ``wordHashes`` holds it.
    private static func wordHash(_ word: [UInt8]) -> Int {
        var hasher = Hasher()
        hasher.combine(word)
        return hasher.finalize()
    }

    /// Records the words of a value of one to four words without digits.
    private mutating func notePhrase(_ value: ArraySlice<UInt8>) {
        guard value.count <= 128, !value.contains(where: { $0 &- 0x30 < 10 }) else { return }
        var words: Set<Int> = []
        var count = 0
        Array(value).withUnsafeBufferPointer { text in
            TextTokens.forEach(in: text) { token in
                count += 1
                words.insert(Self.wordHash(CaseFold.lowercased(text[token.range])))
            }
        }
        guard (1...4).contains(count) else { return }
        wordHashes.formUnion(words)
        if count >= 2 { phrases.append(words) }
    }

    /// How many of a value's `digits` FF1 encrypts under `{ fpe: digits }` (see `InternationalPrefix`).
    private static func encryptedDigits(_ value: ArraySlice<UInt8>, of digits: Int) -> Int {
        guard let prefix = InternationalPrefix.parse(value, allowingDoubleZero: true) else { return digits }
        return prefix.countryCode == nil ? 0 : prefix.nationalDigits
    }

    /// Counts a value read from a column of a kind whose values are not examined (numbers, dates,
    /// bytes): only NULL or not.
    mutating func observePresence(_ isNull: Bool) {
        if isNull { nulls += 1 } else { values += 1 }
    }

    private static func trimmed(_ value: [UInt8]) -> ArraySlice<UInt8> {
        let isSpace = { (c: UInt8) in c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        guard let first = value.firstIndex(where: { !isSpace($0) }), let last = value.lastIndex(where: { !isSpace($0) })
        else {
            return []
        }
        return value[first...last]
    }
}

/// What the values found at one JSON path looked like, and the member name that leads to them.
struct JSONPathTally {
    /// The last member name on the path (a hint like a column name); nil under an array.
    var memberName: String?
    var tally = ValueTally()
}
