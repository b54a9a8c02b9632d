import CleanroomMasking

/// Person names, ignoring case: a single word that is a first name or a last name of the bundled fake
/// dictionaries, or two to four words from such a first name to such a last name (`MARY SMITH`,
/// `Luís Gonçalves`); or two or three title-case words, none a common word, at least one a given
/// name or surname of the public lists (`NameLexicon`: `Priya Raman`, `Derek Albright`). Words are
/// letters (any script), apostrophes, hyphens and dots; a value with digits or other symbols is no
/// name.
enum PersonNameShape {
    static func classes(of value: ArraySlice<UInt8>) -> Set<PersonalDataClass> {
        guard value.allSatisfy(isNameByte) else { return [] }
        let words = value.split(separator: UInt8(ascii: " ")).map { word in
            word.last == UInt8(ascii: ",") || word.last == UInt8(ascii: ".") ? word.dropLast() : word
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

    /// Two or three title-case words, none a common word unless a name, one at least a listed name.
    private static func isListedFullName(_ words: [ArraySlice<UInt8>]) -> Bool {
        guard words.count <= 3 else { return false }
        var listed = false
        for word in words {
            guard let first = word.first, first &- 0x41 < 26 || first >= 0x80,
                word.dropFirst().contains(where: { $0 &- 0x61 < 26 })
            else { return false }
            let entry = NameLexicon.entry(CaseFold.lowercased(word))
            if entry.contains(.commonWord) && !entry.isName { return false }
            listed = listed || entry.isName
        }
        return listed
    }

    /// Letters of any script (bytes from 0x80 up), and the space, apostrophe, hyphen, comma and dot
    /// that names are written with.
    private static func isNameByte(_ c: UInt8) -> Bool {
        (c | 0x20) &- 0x61 < 26 || c >= 0x80 || c == UInt8(ascii: " ") || c == UInt8(ascii: "'")
            || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: ",")
    }
}
