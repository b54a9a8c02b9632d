/// Finds people's names in free text for `redact`'s `name` class (docs/rules.md "Names in free text").
///
/// A word is a name when:
/// - the run vocabulary (``TokenVocabulary``) learnt it from a masked name, e-mail, username or street
///   column of the run: in any case when it is not a common word, capitalised when it is (`Rose`);
/// - it is capitalised and a given name or surname of the shipped lists (``NameLexicon``) that is not
///   also a common word (`Okafor`, but not `Will` or `Long` on their own);
/// - it follows an honorific (`Mr`, `Dr.`, …), capitalised: the next one or two words;
/// - it stands next to a name (one space or hyphen apart) and is capitalised and not a common word, or
///   is a name of the lists that is also a common word, or an initial: `Jane Qwertyson`,
///   `Will Okafor`, `J. Okafor`, `Okonkwo-Baptiste`.
///
/// Words in capitals (`JANE`) count only through the vocabulary or an honorific: headings and codes in
/// capitals are not names by their look.
enum NameScanner {
    /// A word of the text, as the rules above see it.
    private struct Word {
        var token: TextToken
        var entry: NameLexicon.Entry
        var name: Bool
    }

    /// The byte ranges of the names in `text`, in order.
    static func scan(_ text: UnsafeBufferPointer<UInt8>, vocabulary: TokenVocabulary?) -> [Range<Int>] {
        var words: [Word] = []
        TextTokens.forEach(in: text) { token in
            let lowered = CaseFold.lowercased(text[token.range])
            let entry = NameLexicon.entry(lowered)
            let common = entry.contains(.commonWord)
            var name = token.shape == .title && entry.isName && !common
            if !name, let vocabulary, token.letters >= TokenVocabulary.minimumLetters {
                let capitalised = token.shape == .title || token.shape == .upper
                if common {
                    name = capitalised && vocabulary.contains(lowered, common: true)
                } else if capitalised || token.letters >= 3 {
                    name = vocabulary.contains(lowered, common: false)
                }
            }
            words.append(Word(token: token, entry: entry, name: name))
        }
        guard !words.isEmpty else { return [] }
        markAfterHonorifics(&words, text)
        var rounds = 0
        while rounds < 3 && spread(&words, text) { rounds += 1 }
        return words.filter(\.name).map(\.token.range)
    }

    /// The one or two capitalised words after an honorific are names.
    private static func markAfterHonorifics(_ words: inout [Word], _ text: UnsafeBufferPointer<UInt8>) {
        for i in words.indices.dropLast()
        where words[i].entry.contains(.honorific) && words[i].token.shape != .lower {
            var j = i + 1
            while j < words.count, j <= i + 2, adjacent(words[j - 1], words[j], text, afterTitle: j == i + 1),
                words[j].token.shape != .lower, !(j > i + 1 && isPlainWord(words[j]))
            {
                words[j].name = true
                j += 1
            }
        }
    }

    /// Marks the words next to a name that may be part of it; returns whether any was marked.
    private static func spread(_ words: inout [Word], _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var changed = false
        for i in words.indices where words[i].name {
            for j in [i - 1, i + 1] where j >= 0 && j < words.count && !words[j].name {
                let (left, right) = j < i ? (words[j], words[i]) : (words[i], words[j])
                guard adjacent(left, right, text, afterTitle: false), joinsName(words[j]) else { continue }
                words[j].name = true
                changed = true
            }
        }
        return changed
    }

    /// Whether a word next to a name is part of it.
    private static func joinsName(_ word: Word) -> Bool {
        switch word.token.shape {
        case .initial: return true
        case .title: return word.entry.isName || !word.entry.contains(.commonWord)
        case .lower, .upper: return false
        }
    }

    /// A capitalised common word that the name lists do not know (`The`, `Monday`).
    private static func isPlainWord(_ word: Word) -> Bool {
        word.entry.contains(.commonWord) && !word.entry.isName
    }

    /// Whether two words are one space or hyphen apart (or `. ` after an initial or an honorific).
    private static func adjacent(
        _ left: Word, _ right: Word, _ text: UnsafeBufferPointer<UInt8>, afterTitle: Bool
    ) -> Bool {
        let gap = text[left.token.range.upperBound..<right.token.range.lowerBound]
        if gap.count == 1 { return gap.first == UInt8(ascii: " ") || gap.first == UInt8(ascii: "-") }
        let dotted = left.token.shape == .initial || afterTitle
        return dotted && gap.elementsEqual(". ".utf8)
    }
}
