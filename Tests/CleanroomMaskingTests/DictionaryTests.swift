import Foundation
import Testing

@testable import CleanroomMasking

@Suite("Bundled dictionaries")
struct DictionaryTests {
    static let lists: [(name: String, entries: PackedWords, minimum: Int)] = [
        ("first names", WordLists.firstNames, 1000),
        ("last names", WordLists.lastNames, 1000),
        ("street names", WordLists.streetNames, 200),
        ("street suffixes", WordLists.streetSuffixes, 10),
        ("city names", WordLists.cityNames, 200),
        ("company prefixes", WordLists.companyPrefixes, 200),
        ("company industries", WordLists.companyIndustries, 50),
        ("company suffixes", WordLists.companySuffixes, 5),
        ("e-mail domains", WordLists.emailDomains, 3),
    ]

    @Test("each list is large enough, has no repeats and holds clean one-line UTF-8 entries")
    func sizesAndHygiene() {
        for list in Self.lists {
            #expect(list.entries.count >= list.minimum, "\(list.name): \(list.entries.count)")
            #expect(Set(list.entries.map(Array.init)).count == list.entries.count, "\(list.name) repeats an entry")
            for entry in list.entries.map(Array.init) {
                let s = text(entry)
                #expect(Array(s.utf8) == entry, "\(list.name): not UTF-8")
                #expect(s == s.trimmingCharacters(in: .whitespaces) && !s.isEmpty)
                #expect(
                    !s.unicodeScalars.contains { $0.value < 0x20 || $0 == "\"" || $0 == "\\" }, "\(list.name): \(s)")
            }
        }
    }

    @Test("company-name parts together exceed 200 words")
    func companyParts() {
        #expect(
            WordLists.companyPrefixes.count + WordLists.companyIndustries.count + WordLists.companySuffixes.count >= 200
        )
    }

    @Test("every name folds to lower-case ASCII, and every accented letter used has a folding")
    func namesFold() {
        for name in (WordLists.firstNames.map(Array.init) + WordLists.lastNames.map(Array.init)) {
            let folded = ASCIIFold.alnum(name)
            #expect(!folded.isEmpty && folded.allSatisfy { ASCII.isDigit($0) || ASCII.isLower($0) }, "\(text(name))")
            for scalar in text(name).unicodeScalars where !scalar.isASCII {
                #expect(
                    !ASCIIFold.alnum(bytes(String(scalar))).isEmpty, "no ASCII folding for \(scalar) in \(text(name))")
            }
        }
        #expect(text(ASCIIFold.alnum(bytes("Øyvind O'Brien-Weiß"))) == "oyvindobrienweiss")
        #expect(text(ASCIIFold.alnum(bytes("ŁUKASZ Dąbrowski"))) == "lukaszdabrowski")
    }

    @Test("e-mail domains are only the reserved example domains and their subdomains")
    func reservedDomains() {
        for domain in WordLists.emailDomains.map({ text(Array($0)) }) {
            let reserved = ["example.com", "example.org", "example.net"].contains {
                domain == $0 || domain.hasSuffix("." + $0)
            }
            #expect(reserved, "\(domain)")
        }
    }
}
