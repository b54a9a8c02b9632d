import CleanroomMasking

/// Street addresses: a house number and a street word in one value, in either order
/// (`47 MySakila Drive`, `1600 Amphitheatre Pkwy`, `Theodor-Heuss-Straße 34`, `4, Rue Milton`).
///
/// A house number is a word that starts with a digit and is at most 8 bytes (`12`, `12b`, `9/506`).
/// A street word is a suffix from the bundled street dictionary (`Street`, `Drive` …), a common
/// abbreviation or a word for street in another language (`Rue`, `Calle`, `Via` …), or a word ending
/// in a glued street suffix (`…straße`, `…straat`, `…katu`).
enum StreetAddressShape {
    static func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var number = false
        var street = false
        var words = 0
        for word in text.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ",") }) {
            words += 1
            var trimmed = word[...]
            while let last = trimmed.last, last == UInt8(ascii: ".") || last == UInt8(ascii: ";") {
                trimmed = trimmed.dropLast()
            }
            guard let first = trimmed.first else { continue }
            if first &- 0x30 < 10 {
                number = number || trimmed.count <= 8
            } else if !street {
                street = isStreetWord(trimmed)
            }
        }
        return words >= 2 && number && street
    }

    private static func isStreetWord(_ word: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        if DictionaryLookup.contains(word, in: .streetSuffixes) { return true }
        let folded = CaseFold.lowercased(word)
        return streetWords.contains(folded)
            || gluedSuffixes.contains { folded.count > $0.count && folded.ends(with: $0) }
    }

    /// Abbreviations and words for street in other languages, lower case.
    private static let streetWords: Set<[UInt8]> = Set(
        [
            "st", "ave", "av", "rd", "ln", "dr", "blvd", "pl", "ct", "hwy", "pkwy", "sq", "ter", "cres",
            "rue", "chemin", "allée", "allee", "impasse", "via", "viale", "corso", "piazza", "vicolo", "calle",
            "avenida",
            "carrera", "paseo", "camino", "plaza", "rua", "travessa", "praça", "largo", "straße", "strasse", "str",
            "weg",
            "platz", "gasse", "ring", "damm", "ulica", "ul", "utca", "laan", "plein", "gracht", "vej", "gade",
        ].map { Array($0.utf8) })

    /// Street words written together with the street's name (`Tauentzienstraße`, `Lijnbaansgracht`).
    private static let gluedSuffixes: [[UInt8]] = [
        "straße", "strasse", "str", "straat", "gracht", "weg", "gasse", "platz", "laan", "katu", "gatan", "vägen",
        "vej", "gade", "veien", "allee",
    ].map { Array($0.utf8) }
}

private extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
