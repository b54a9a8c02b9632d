import CleanroomCore

/// The run vocabulary (DESIGN §4, docs/rules.md "Names in free text"): every word of every source
/// value of a column masked as a person's name, e-mail local part, username or street, in any table
/// of the run, held as keyed 64-bit digests in a Bloom filter of bounded size.
///
/// `redact`'s `name` class replaces a word of free text found here even when no name list knows it
/// (a customer's unusual surname repeated in a note), and the leak probe fails a run in which such a
/// word reaches a kept or text-preserving output column. A false positive of the filter (about one in
/// a million lookups when full) makes `redact` replace one more word; it never lets one through.
///
/// The digests are deterministic under the masking key, so the same source redacts the same way in
/// every run. They are a non-cryptographic 64-bit hash seeded from `HMAC(key, "cleanroom:vocabulary")`:
/// the filter lives in memory only and tells nothing without the key.
public final class TokenVocabulary: Sendable {
    /// Words with fewer letters are not learnt.
    public static let minimumLetters = 2
    /// The filter's size bounds: 64 KiB to 16 MiB (about 32 bits per expected word).
    public static let minimumBytes = 64 << 10
    public static let maximumBytes = 16 << 20

    private let filter: BlockedBloomFilter
    private let seeds: (UInt64, UInt64, UInt64)

    /// An empty vocabulary keyed under `key`, sized for `expectedWords` words.
    public init(key: MaskingKey, expectedWords: Int) {
        filter = BlockedBloomFilter(
            bytes: BlockedBloomFilter.bytes(
                forKeys: expectedWords, bytesPerKey: 4, within: Self.minimumBytes...Self.maximumBytes))
        seeds = Self.seeds(key)
    }

    /// A vocabulary keyed under `key` holding the bits `withContents` showed of one learnt under the
    /// same key (the pre-pass of a sharded run, stored once for every process).
    /// - Precondition: `contents.count` is a positive multiple of 64.
    public init(key: MaskingKey, contents: UnsafeRawBufferPointer, learnt: Int) {
        filter = BlockedBloomFilter(contents: contents, inserted: learnt)
        seeds = Self.seeds(key)
    }

    /// What a word's keys are drawn with, from the key alone.
    private static func seeds(_ key: MaskingKey) -> (UInt64, UInt64, UInt64) {
        let digest = DigestReader(key.hasher(domain: "cleanroom:vocabulary").mac(of: Array("words".utf8)))
        return (digest.value(at: 0), digest.value(at: 8), digest.value(at: 16))
    }

    /// The filter's bits (keyed digests of words, no word), to store them; once every word is learnt.
    public func withContents<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try filter.withUnsafeBytes(body)
    }

    /// The filter's size in bytes.
    public var bytes: Int { filter.bytes }
    /// Words added (with repetitions).
    public var learnt: Int { filter.inserted }

    /// Whether a lower-cased word was learnt. `common` says whether it is a common word of the
    /// shipped list (`NameLexicon`): those are learnt apart, so that `redact` can treat a learnt
    /// common word (`Rose`, `Long`) as a name only where it is capitalised.
    public func contains(_ lowercased: [UInt8], common: Bool) -> Bool {
        lowercased.withUnsafeBufferPointer { filter.mayContain(key($0, common: common)) }
    }

    /// Adds keys made by ``keys(of:feed:into:)``.
    public func learn(_ keys: [UInt64]) {
        filter.insert(keys)
    }

    /// Appends the keys of the words of `value`, a source value of a column fed as `feed`, to `keys`.
    public func keys(of value: UnsafeBufferPointer<UInt8>, feed: VocabularyFeed, into keys: inout [UInt64]) {
        Self.forEachWord(of: value, feed: feed) { word, common in
            keys.append(word.withUnsafeBufferPointer { key($0, common: common) })
        }
    }

    /// Calls `body` with each word the vocabulary learns from `value`, lower-cased, and whether it is a
    /// common word.
    public static func forEachWord(
        of value: UnsafeBufferPointer<UInt8>, feed: VocabularyFeed, _ body: (_ word: [UInt8], _ common: Bool) -> Void
    ) {
        var text = value
        if feed == .emailLocalPart, let at = value.firstIndex(of: UInt8(ascii: "@")) {
            text = UnsafeBufferPointer(rebasing: value[..<at])
        }
        TextTokens.forEach(in: text) { token in
            guard token.letters >= minimumLetters else { return }
            let word = CaseFold.lowercased(text[token.range])
            body(word, NameLexicon.entry(word).contains(.commonWord))
        }
    }

    /// The words of an output value that the word-level leak probe looks up, lower-cased: three or
    /// more letters and ``isProbedWord(_:inShortValue:fakes:)``.
    public static func probedWords(in value: [UInt8], fakes: Bool = false) -> [[UInt8]] {
        var words = 0
        var looked: [[UInt8]] = []
        value.withUnsafeBufferPointer { text in
            TextTokens.forEach(in: text) { token in
                words += 1
                if token.letters >= 3 { looked.append(CaseFold.lowercased(text[token.range])) }
            }
        }
        return looked.filter { isProbedWord($0, inShortValue: words <= NameLexicon.placeNameWords, fakes: fakes) }
    }

    /// The words of three or more letters of an output value (how many were looked up), and those the
    /// vocabulary holds that ``isProbedWord(_:inShortValue:fakes:)`` accepts. A word of ASCII letters is
    /// keyed straight from the text, folded as it is read; its lookup goes through `memo` (the filter's
    /// answers for the keys the caller saw last); only the rare hits are copied and judged against the
    /// lists.
    public func flaggedWords(
        in value: [UInt8], fakes: Bool, memo: inout LookupMemo
    ) -> (
        checked: Int, flagged: [[UInt8]]
    ) {
        var words = 0
        var checked = 0
        var hits: [[UInt8]] = []
        var scratch: [UInt8] = []
        value.withUnsafeBufferPointer { text in
            TextTokens.forEach(in: text) { token in
                words += 1
                guard token.letters >= 3 else { return }
                checked += 1
                let key: UInt64
                if let ascii = asciiKey(text, token.range) {
                    key = ascii
                } else {
                    CaseFold.lowercase(text[token.range], into: &scratch)
                    key = scratch.withUnsafeBufferPointer { self.key($0, common: false) }
                }
                if memo.answer(key, filter) { hits.append(CaseFold.lowercased(text[token.range])) }
            }
        }
        let short = words <= NameLexicon.placeNameWords
        return (checked, hits.filter { Self.isProbedWord($0, inShortValue: short, fakes: fakes) })
    }

    /// Whether the word probe counts a lower-cased word of an output value: not a common word; not a
    /// word of place names in a value of at most `NameLexicon.placeNameWords` words (a district, a
    /// city); and, in the output of a transform that writes fakes into text (`redact`, `json`,
    /// `template`: `fakes` true), not a first or last name of the fake dictionaries — a fake e-mail
    /// `mary.okafor417@example.org` written there shares `mary` with a real customer's address by
    /// chance.
    public static func isProbedWord(_ word: [UInt8], inShortValue: Bool, fakes: Bool) -> Bool {
        let entry = NameLexicon.entry(word)
        if entry.contains(.commonWord) || (inShortValue && entry.contains(.placeWord)) { return false }
        return !fakes
            || !(DictionaryLookup.contains(word, in: .firstNames) || DictionaryLookup.contains(word, in: .lastNames))
    }

    /// A word's key: its bytes mixed 8 at a time with the seeds (SplitMix64 finaliser between words).
    private func key(_ word: UnsafeBufferPointer<UInt8>, common: Bool) -> UInt64 {
        key(word, 0..<word.count, common: common, foldingASCII: false).key
    }

    /// ``key(_:common:)`` (not common) of the word at `range` of `text` lower-cased, or nil when the
    /// word is not ASCII (it must be folded first). A token's ASCII bytes are letters and `'`, so
    /// setting bit 5 of each lower-cases it.
    @inline(__always)
    private func asciiKey(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64? {
        let (key, ascii) = key(text, range, common: false, foldingASCII: true)
        return ascii ? key : nil
    }

    /// The key of the bytes at `range` of `text`, read from `text` itself 8 at a time (bit 5 of each
    /// set when `foldingASCII`), and whether they were all ASCII.
    @inline(__always)
    private func key(
        _ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, common: Bool, foldingASCII: Bool
    ) -> (key: UInt64, ascii: Bool) {
        var h = seeds.0 ^ UInt64(range.count) &* 0x9E37_79B9_7F4A_7C15 ^ (common ? 0xA5A5_A5A5 : 0)
        var high: UInt64 = 0
        var i = range.lowerBound
        while i < range.upperBound {
            let left = range.upperBound - i
            var chunk: UInt64
            if i + 8 <= text.count {
                chunk = UInt64(
                    littleEndian: UnsafeRawPointer(text.baseAddress!).loadUnaligned(fromByteOffset: i, as: UInt64.self))
            } else {
                chunk = 0
                for k in 0..<min(8, left) { chunk |= UInt64(text[i + k]) << (8 * UInt64(k)) }
            }
            let bytes: UInt64 = left >= 8 ? ~0 : (1 << (8 * UInt64(left))) - 1
            chunk &= bytes
            high |= chunk
            if foldingASCII { chunk |= 0x2020_2020_2020_2020 & bytes }
            h = BlockedBloomFilter.mix(h ^ chunk) &+ seeds.1
            i += 8
        }
        return (BlockedBloomFilter.mix(h ^ seeds.2), high & 0x8080_8080_8080_8080 == 0)
    }

    /// A worker's memory of the vocabulary's answers for the keys it looked up last: a direct-mapped
    /// table of `slots` keys, so the words a column repeats in every row (a JSON document's keys,
    /// `true`, a tier) cost no cache miss in a filter of megabytes. The answers are the filter's own
    /// for the same key, so the probe finds exactly what it would without it.
    public struct LookupMemo: Sendable {
        static let slots = 4096
        private var keys = [UInt64](repeating: 0, count: slots)
        /// Per slot: 0 empty, 1 not held, 2 held.
        private var answers = [UInt8](repeating: 0, count: slots)

        public init() {}

        /// The filter's answer for `key`, remembered.
        @inline(__always)
        mutating func answer(_ key: UInt64, _ filter: BlockedBloomFilter) -> Bool {
            let slot = Int(truncatingIfNeeded: key) & (Self.slots - 1)
            if answers[slot] != 0 && keys[slot] == key { return answers[slot] == 2 }
            let held = filter.mayContain(key)
            keys[slot] = key
            answers[slot] = held ? 2 : 1
            return held
        }
    }
}

/// How a masked column's source values feed the run vocabulary.
public enum VocabularyFeed: Sendable, Equatable {
    /// Every word of the value (names, usernames, street lines).
    case words
    /// The words before the `@` of an e-mail address (the domain is shared by many people).
    case emailLocalPart

    /// How `column`'s source values feed the vocabulary, or nil when they do not: text columns whose
    /// transform changes them and that hold names, e-mail addresses, usernames or street lines, known
    /// from a `fake` kind or, for other transforms, from the column's name.
    public static func of(_ column: PlannedColumn) -> VocabularyFeed? {
        guard column.column.kind == .text || column.column.kind == .other else { return nil }
        let transform = column.rule.transform.transform
        switch transform.probeRole {
        case .keeps, .perturbs: return nil
        case .carriesText, .synthesises: break
        }
        if let fake = transform as? FakeTransform {
            switch fake.kind {
            case .firstName, .lastName, .fullName, .username, .street: return .words
            case .email: return .emailLocalPart
            default: return nil
            }
        }
        guard !(transform is FillerTransform) else { return nil }
        return byName(column.column.name)
    }

    /// A column name's hint: `first_name`, `LastName`, `contact_name`, `email`, `login`, `address1`, …
    static func byName(_ name: String) -> VocabularyFeed? {
        let words = ColumnNameWords.split(name).map { String(decoding: $0, as: UTF8.self) }
        if words.contains(where: { $0 == "email" || $0 == "mail" }) || name.lowercased().contains("email") {
            return .emailLocalPart
        }
        let personal: Set<String> = ["surname", "forename", "firstname", "lastname", "username", "login", "street"]
        if words.contains(where: personal.contains) { return .words }
        if words.last == "name", let first = words.first,
            [
                "first", "last", "full", "given", "middle", "family", "contact", "customer", "employee", "person",
                "user", "maiden", "nick",
            ].contains(first)
        {
            return .words
        }
        if words.contains(where: { $0.hasPrefix("address") }) && !words.contains(where: { ["ip", "mac"].contains($0) })
        {
            return .words
        }
        return nil
    }
}
