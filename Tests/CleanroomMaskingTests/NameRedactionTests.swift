import TestSupport
import Testing

@testable import CleanroomMasking

@Suite("Names in free text: the name lists, honorifics and the run vocabulary")
struct NameRedactionTests {
    /// A vocabulary that learnt the words of `values`, as a masked name column's source values feed it.
    static func vocabulary(_ values: [String], feed: VocabularyFeed = .words) -> TokenVocabulary {
        let vocabulary = TokenVocabulary(key: Fixtures.key, expectedWords: 1000)
        var keys: [UInt64] = []
        for value in values {
            Array(value.utf8).withUnsafeBufferPointer { vocabulary.keys(of: $0, feed: feed, into: &keys) }
        }
        vocabulary.learn(keys)
        return vocabulary
    }

    /// The names found in `text`, as they are written there.
    static func names(_ text: String, _ vocabulary: TokenVocabulary? = nil) -> [String] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            NameScanner.scan(buffer, vocabulary: vocabulary).map { String(decoding: bytes[$0], as: UTF8.self) }
        }
    }

    /// `text` through `redact: [name]` compiled under the test key.
    static func redacted(_ text: String, _ vocabulary: TokenVocabulary? = nil) throws -> String {
        let redaction = try TextRedaction(key: Fixtures.key, classes: [.name], vocabulary: vocabulary)
        var out: [UInt8] = []
        redaction.redact(Array(text.utf8), into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test("names of the lists, the words next to them and names after an honorific are found")
    func listsAndNeighbours() {
        #expect(Self.names("customer Jane Qwertyson called twice") == ["Jane", "Qwertyson"])
        #expect(Self.names("Spoke to Mrs Zbrowski-Hale about the refund") == ["Zbrowski", "Hale"])
        #expect(Self.names("Dr. Amadi signed; J. Okafor countersigned") == ["Amadi", "J", "Okafor"])
        #expect(Self.names("Will Okafor asked whether the order will ship") == ["Will", "Okafor"])
    }

    @Test("common words, words in capitals and sentence starts are not names by their look")
    func notNames() {
        #expect(Self.names("Will you ship the Long Island order on Monday?").isEmpty)
        #expect(Self.names("RETURNED BY COURIER, SEE TICKET").isEmpty)
        #expect(Self.names("The package was left at the depot. Please call back.").isEmpty)
    }

    @Test("a word of the run vocabulary is found in any case, even when no list knows it")
    func vocabularyWords() {
        let vocabulary = Self.vocabulary(["Okonkwo-Baptiste", "Rose Xylander"])
        #expect(Self.names("handed to okonkwo-baptiste at the depot", vocabulary) == ["okonkwo", "baptiste"])
        #expect(Self.names("CALL XYLANDER", vocabulary) == ["XYLANDER"])
        // A learnt common word counts only where it is capitalised.
        #expect(Self.names("a rose by the door; Rose said no", vocabulary) == ["Rose"])
        #expect(Self.names("handed to okonkwo-baptiste at the depot").isEmpty)
    }

    @Test("an e-mail column teaches its local part, not the shared domain")
    func emailLocalPart() {
        let vocabulary = Self.vocabulary(["zed.quorringham@bigmail.example"], feed: .emailLocalPart)
        #expect(Self.names("quorringham wrote from bigmail", vocabulary) == ["quorringham"])
    }

    @Test("names are replaced word by word, keyed, in the word's case, never by a learnt word")
    func replacement() throws {
        let vocabulary = Self.vocabulary(["Jane Qwertyson", "Mary Okafor"])
        let once = try Self.redacted("Customer Jane Qwertyson: QWERTYSON's parcel", vocabulary)
        #expect(once == (try Self.redacted("Customer Jane Qwertyson: QWERTYSON's parcel", vocabulary)))
        #expect(!once.contains("Jane") && !once.lowercased().contains("qwertyson"))
        #expect(once.hasPrefix("Customer ") && once.hasSuffix("'s parcel"))
        let names = once.dropFirst("Customer ".count).prefix { $0 != ":" }
        let shouted = once.split(separator: ": ")[1].prefix { $0 != "'" }
        #expect(shouted == shouted.uppercased() && shouted.count > 1)
        for word in (names + " " + shouted).split(whereSeparator: { !$0.isLetter }) {
            #expect(!vocabulary.contains(Array(word.lowercased().utf8), common: false))
            #expect(!["jane", "qwertyson", "mary", "okafor"].contains(word.lowercased()))
        }
        let lower = try Self.redacted("jane.qwertyson@internalmail", vocabulary)
        let local = lower.prefix { $0 != "@" }
        #expect(local == local.lowercased() && lower.hasSuffix("@internalmail") && local.contains("."))
        #expect(!local.contains("jane") && !local.contains("qwertyson"))
    }
}
