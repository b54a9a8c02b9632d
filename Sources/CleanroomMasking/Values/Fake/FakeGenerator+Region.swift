/// States, provinces, Länder, régions and counties: as codes where the source holds codes.
extension FakeGenerator {
    /// Appends a region of `locale` chosen by `d`: one of its codes (`TX`, `BY`, `IDF`) when `input`
    /// is a code (2–3 ASCII letters; lower-case codes in lower case; en-GB and fr-FR codes have three
    /// letters, the others two), else one of its names. Without a
    /// locale, and for `auto`, the locale is the first (en-US, en-CA, de-DE, fr-FR, en-GB) whose codes
    /// or names include `input` in any case, else en-US: a Canadian province stays Canadian.
    static func region(_ d: DigestReader, locale: FakeLocale?, input: [UInt8], into out: inout [UInt8]) {
        let isCode = (2...3).contains(input.count) && input.allSatisfy(ASCII.isLetter)
        let dictionary = locale?.dictionary ?? regionLocale(of: input, isCode: isCode)
        guard isCode else {
            out += d.pick(dictionary.regionNames, at: 0)
            return
        }
        let start = out.count
        out += d.pick(dictionary.regionCodes, at: 0)
        if input.allSatisfy(ASCII.isLower) {
            for i in start..<out.count { out[i] = ASCII.lowercased(out[i]) }
        }
    }

    private static func regionLocale(of input: [UInt8], isCode: Bool) -> LocaleDictionary {
        let folded = CaseFold.lowercased(input)
        let locale = (isCode ? RegionIndex.codes : RegionIndex.names)[folded] ?? .enUS
        // Only `auto` lacks a dictionary, and the index holds none of it.
        return locale.dictionary ?? .enUS
    }
}

/// Which locale each region code and name belongs to, lower-cased; the first locale listing one wins.
private enum RegionIndex {
    static let codes = index(\.regionCodes)
    static let names = index(\.regionNames)

    private static func index(_ list: KeyPath<LocaleDictionary, PackedWords>) -> [[UInt8]: FakeLocale] {
        var index: [[UInt8]: FakeLocale] = [:]
        for locale in FakeLocale.countries {
            guard let entries = locale.dictionary?[keyPath: list] else { continue }
            for entry in entries where index[CaseFold.lowercased(entry)] == nil {
                index[CaseFold.lowercased(entry)] = locale
            }
        }
        return index
    }
}
