import CleanroomMasking

/// Person names by the bundled first- and last-name dictionaries, ignoring case: a single word that
/// is a first name or a last name, or two to four words from a first name to a last name
/// (`MARY SMITH`, `Luís Gonçalves`). Words are letters (any script), apostrophes, hyphens and dots;
/// a value with digits or other symbols is no name.
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
            return full ? [.fullName] : []
        default:
            return []
        }
    }

    /// Letters of any script (bytes from 0x80 up), and the space, apostrophe, hyphen, comma and dot
    /// that names are written with.
    private static func isNameByte(_ c: UInt8) -> Bool {
        (c | 0x20) &- 0x61 < 26 || c >= 0x80 || c == UInt8(ascii: " ") || c == UInt8(ascii: "'")
            || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: ",")
    }
}
