import CleanroomMasking
import TestSupport
import Testing

@Suite("The word probe's lookups: keyed from the text, folded as read, remembered per worker")
struct WordLookupTests {
    /// Words of every length around the 8-byte steps of the key, with an apostrophe, and non-ASCII ones
    /// (keyed after folding).
    static let learnt = [
        "Abe", "Qwerty", "Zbrowsky", "Okonkwoya", "Vandersloot", "Quintanilla-Okafor", "Wolfeschlegelstein",
        "O'Brien", "Müller", "ŁUKASZEWICZ", "Ñandúez",
    ]

    static func flagged(
        _ text: String, _ vocabulary: TokenVocabulary, memo: inout TokenVocabulary.LookupMemo
    )
        -> [String]
    {
        vocabulary.flaggedWords(in: Array(text.utf8), fakes: false, memo: &memo).flagged.map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    @Test("each learnt word is flagged in any case, at the start, inside and at the very end of a value")
    func everyPlace() {
        let vocabulary = NameRedactionTests.vocabulary(Self.learnt)
        var memo = TokenVocabulary.LookupMemo()
        let words = Self.learnt.flatMap { $0.split(separator: "-").map(String.init) }
        for word in words where word.count >= 3 {
            let folded = String(decoding: CaseFold.lowercased(Array(word.utf8)), as: UTF8.self)
            for form in [word, word.uppercased(), folded] {
                for text in [form, "\(form) wrote in", "a note from \(form)", "from \(form), twice: \(form)."] {
                    let found = Self.flagged(text, vocabulary, memo: &memo)
                    #expect(found.contains(folded), "\(folded) in \(text)")
                    #expect(found.allSatisfy { $0 == folded }, "only \(folded) in \(text): \(found)")
                }
            }
        }
    }

    @Test("words the vocabulary never learnt are looked up and not flagged, whatever the memo holds")
    func notLearnt() {
        let vocabulary = NameRedactionTests.vocabulary(Self.learnt)
        var memo = TokenVocabulary.LookupMemo()
        let text = "Zbrowskz Qwertz Okonkwoyb Mueller Vanderslooth O'Briens Abel"
        for _ in 0..<3 {
            let result = vocabulary.flaggedWords(in: Array(text.utf8), fakes: false, memo: &memo)
            #expect(result.checked == 7)
            #expect(result.flagged.isEmpty)
        }
        #expect(Self.flagged("and Zbrowsky", vocabulary, memo: &memo) == ["zbrowsky"])
    }
}
