import CleanroomMasking

/// Person names, ignoring case: a single word that is a first name or a last name of the bundled fake
/// dictionaries, or two to four words from such a first name to such a last name (`MARY SMITH`,
/// `Luís Gonçalves`); or two or three title-case words, none a common word, at least one a given
/// name or surname of the public lists (`NameLexicon`: `Priya Raman`, `Derek Albright`); or a name
/// written the way registers and passenger lists write them: capitalised words with an honorific
/// (`Braund, Mr. Owen Harris`, `Cumings, Mrs. John Bradley (Florence Briggs Thayer)`,
/// `O'Dwyer, Miss. Ellen "Nellie"`), or surname first (`Albright, Derek`). Words are letters (any
/// script), apostrophes, hyphens and dots; a value with digits or other symbols is no name, and
/// one with two commas or more is a list (`Bridgerule, Devon, England`), not a name.
enum PersonNameShape {
    static func classes(of value: ArraySlice<UInt8>) -> Set<PersonalDataClass> {
        guard value.allSatisfy(isNameByte) else { return [] }
        let commas = value.count { $0 == UInt8(ascii: ",") }
        guard commas < 2 else { return [] }
        if value.contains(where: isQuoteOrParenthesis) {
            return isTitledName(words(of: value.filter { !isQuoteOrParenthesis($0) }[...])[...]) ? [.fullName] : []
        }
        let words = words(of: value)
        if words.count >= 2, isTitledName(words[...]) { return [.fullName] }
        if commas == 1, let comma = value.firstIndex(of: UInt8(ascii: ",")),
            value[..<comma].allSatisfy({ $0 != UInt8(ascii: " ") })
        {
            // `Surname, Given Names`: the surname first, then what reads as a name on its own.
            let given = words.dropFirst()
            return (1...3).contains(given.count) && isListedFullName(words) ? [.fullName] : []
        }
        switch words.count {
        case 1:
            var found: Set<PersonalDataClass> = []
            if DictionaryLookup.contains(words[0], in: .firstNames) { found.insert(.firstName) }
            if DictionaryLookup.contains(words[0], in: .lastNames) { found.insert(.lastName) }
            return found
        case 2...4:
            let full =
                DictionaryLookup.contains(words[0], in: .firstNames)
                && DictionaryLookup.contains(words[words.count - 1], in: .lastNames)
            return full || isListedFullName(words) ? [.fullName] : []
        default:
            return []
        }
    }

    /// Whether one of the value's words is no common English word (`NameLexicon`), as most names have.
    static func hasPlainWord(_ value: ArraySlice<UInt8>) -> Bool {
        words(of: value).contains { !NameLexicon.entry(CaseFold.lowercased($0)).contains(.commonWord) }
    }

    /// A value's words, a trailing comma or dot dropped from each.
    private static func words(of value: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        value.split(separator: UInt8(ascii: " ")).map { word in
            word.last == UInt8(ascii: ",") || word.last == UInt8(ascii: ".") ? word.dropLast() : word
        }
    }

    /// The most words a titled name has: surname, honorific, given names, a maiden name.
    static let titledNameWords = 10

    /// An honorific (`Mr`, `Mrs.`, `Miss`, `Dr`) among two to ten words that are otherwise all
    /// capitalised (initials and particles such as `de`, `van`, `y` allowed): `Mr. Owen Harris`.
    private static func isTitledName(_ words: ArraySlice<ArraySlice<UInt8>>) -> Bool {
        guard (2...titledNameWords).contains(words.count) else { return false }
        var honorific = false
        var capitalised = 0
        for word in words {
            let entry = NameLexicon.entry(CaseFold.lowercased(word))
            if entry.contains(.honorific), isCapitalised(word) {
                honorific = true
            } else if isCapitalised(word) {
                capitalised += 1
            } else if word.count > 3 {
                return false  // a lower-case word of four letters or more: prose, not a particle
            }
        }
        return honorific && capitalised > 0
    }

    /// Two or three title-case words, none a common word unless a name; and one at least a listed name
    /// that is no common word, or every one a listed name. `Derek Albright` and `Rose Hill` are names;
    /// `Sales Rep` (a job title) is not: `Sales` is a surname of the lists but also a common word, and
    /// no list knows `Rep`.
    private static func isListedFullName(_ words: [ArraySlice<UInt8>]) -> Bool {
        guard words.count <= 3 else { return false }
        var plainName = false
        var allNames = true
        for word in words {
            guard isCapitalised(word), word.dropFirst().contains(where: { $0 &- 0x61 < 26 }) else { return false }
            let entry = NameLexicon.entry(CaseFold.lowercased(word))
            if entry.contains(.commonWord) && !entry.isName { return false }
            plainName = plainName || (entry.isName && !entry.contains(.commonWord))
            allNames = allNames && entry.isName
        }
        return plainName || allNames
    }

    /// Whether a word starts with a capital letter (or a letter beyond ASCII, whose case is not read).
    private static func isCapitalised(_ word: ArraySlice<UInt8>) -> Bool {
        guard let first = word.first else { return false }
        return first &- 0x41 < 26 || first >= 0x80
    }

    /// The quotes around a nickname and the parentheses around a maiden name.
    private static func isQuoteOrParenthesis(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "\"") || c == UInt8(ascii: "(") || c == UInt8(ascii: ")")
    }

    /// Letters of any script (bytes from 0x80 up), and the space, apostrophe, hyphen, comma, dot,
    /// quotes and parentheses that names are written with.
    private static func isNameByte(_ c: UInt8) -> Bool {
        (c | 0x20) &- 0x61 < 26 || c >= 0x80 || c == UInt8(ascii: " ") || c == UInt8(ascii: "'")
            || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: ",") || isQuoteOrParenthesis(c)
    }
}
