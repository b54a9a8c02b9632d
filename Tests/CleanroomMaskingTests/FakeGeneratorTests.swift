import Testing

@testable import CleanroomMasking

@Suite("Fake values")
struct FakeGeneratorTests {
    static let sampleCount = 10_000

    /// Every value of `kind` over the shared reproducible digests, as text.
    static func samples(_ kind: FakeKind, count: Int = sampleCount) -> [String] {
        TestDigests(count: count).map { text(FakeGenerator.generate(kind, digest: $0)) }
    }

    /// RFC 5322 `dot-atom-text`: atoms of atext joined by single dots.
    static func isDotAtom(_ s: Substring) -> Bool {
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~")
        let atoms = s.split(separator: ".", omittingEmptySubsequences: false)
        return !atoms.isEmpty && atoms.allSatisfy { !$0.isEmpty && $0.allSatisfy(atext.contains) }
    }

    @Test("the same digest always gives the same value, for every kind")
    func deterministic() {
        for digest in TestDigests(count: 200) {
            for kind in FakeKind.allCases {
                let a = FakeGenerator.generate(kind, digest: digest)
                #expect(!a.isEmpty)
                #expect(a == FakeGenerator.generate(kind, digest: digest), "\(kind)")
            }
        }
    }

    @Test("names spread over the dictionaries: 10,000 digests give > 900 distinct first and last names")
    func nameSpread() {
        #expect(Set(Self.samples(.firstName)).count > 900)
        #expect(Set(Self.samples(.lastName)).count > 900)
        #expect(Set(Self.samples(.fullName)).count > 9900)
        #expect(Set(Self.samples(.city)).count > 250)
        #expect(Set(Self.samples(.street)).count > 9900)
        #expect(Set(Self.samples(.company)).count > 9000)
    }

    @Test("a full name is the first and last name of the same digest")
    func fullName() {
        for digest in TestDigests(count: 500) {
            let first = text(FakeGenerator.generate(.firstName, digest: digest))
            let last = text(FakeGenerator.generate(.lastName, digest: digest))
            #expect(text(FakeGenerator.generate(.fullName, digest: digest)) == "\(first) \(last)")
        }
    }

    @Test("every e-mail is a lower-case ASCII dot-atom at a reserved example domain, and they rarely repeat")
    func emails() {
        let emails = Self.samples(.email)
        for email in emails {
            let parts = email.split(separator: "@", omittingEmptySubsequences: false)
            #expect(parts.count == 2, "\(email)")
            guard parts.count == 2 else { continue }
            #expect(Self.isDotAtom(parts[0]) && Self.isDotAtom(parts[1]), "\(email)")
            #expect(parts[0].allSatisfy { $0.isASCII && !$0.isUppercase }, "\(email)")
            #expect(
                ["example.com", "example.org", "example.net"].contains {
                    parts[1] == $0 || parts[1].hasSuffix("." + $0)
                })
        }
        #expect(Set(emails).count > 9900)
        #expect(emails.contains { $0.contains(".") && $0.split(separator: "@")[0].contains(".") })
    }

    @Test("user names are lower-case ASCII letters, digits, '_' and '.'")
    func usernames() {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_.")
        let names = Self.samples(.username)
        for name in names { #expect(!name.isEmpty && name.allSatisfy(allowed.contains), "\(name)") }
        #expect(Set(names).count > 9000)
    }

    @Test("phones are (NXX) 555-01XX with a plausible area code")
    func phones() {
        for phone in Self.samples(.phone) {
            let b = Array(phone.utf8)
            #expect(b.count == 14, "\(phone)")
            guard b.count == 14 else { continue }
            #expect(phone.hasPrefix("(") && text(b[4..<12]) == ") 555-01", "\(phone)")
            #expect((UInt8(ascii: "2")...UInt8(ascii: "9")).contains(b[1]) && b[2] != UInt8(ascii: "9"))
            #expect(!(b[2] == UInt8(ascii: "1") && b[3] == UInt8(ascii: "1")), "N11 area code \(phone)")
            #expect(b[12...].allSatisfy(ASCII.isDigit))
        }
    }

    @Test("streets are 'number name suffix', post codes five digits")
    func addresses() {
        let suffixes = Set(WordLists.streetSuffixes.map(text))
        for street in Self.samples(.street, count: 2000) {
            let words = street.split(separator: " ")
            #expect(words.count >= 3, "\(street)")
            #expect(Int(words[0]).map { (1...9999).contains($0) } == true, "\(street)")
            #expect(suffixes.contains(String(words.last!)), "\(street)")
        }
        for postcode in Self.samples(.postcode, count: 2000) {
            #expect(
                postcode.utf8.count == 5 && Int(postcode).map { (1000...99999).contains($0) } == true, "\(postcode)")
        }
    }

    @Test("every fake card is 16 digits, Luhn-valid, with a test-card prefix")
    func cards() {
        let prefixes = ["424242", "400000", "411111", "555555", "520082", "222300", "601111"]
        let cards = Self.samples(.card)
        for card in cards {
            #expect(card.utf8.count == 16 && card.utf8.allSatisfy(ASCII.isDigit), "\(card)")
            #expect(Checksums.luhnIsValid(Array(card.utf8)), "\(card)")
            #expect(prefixes.contains { card.hasPrefix($0) }, "\(card)")
        }
        #expect(Set(cards).count > 9990)
        #expect(Set(cards.map { $0.prefix(6) }).count == prefixes.count)
    }

    @Test("every fake IBAN is a mod-97-valid DE or GB IBAN of the right structure")
    func ibans() {
        var countries: Set<String> = []
        for iban in Self.samples(.iban) {
            let b = Array(iban.utf8)
            #expect(Checksums.ibanIsValid(b), "\(iban)")
            #expect(b.count == 22, "\(iban)")
            countries.insert(String(iban.prefix(2)))
            if iban.hasPrefix("DE") {
                #expect(b[4...].allSatisfy(ASCII.isDigit) && (UInt8(ascii: "1")...UInt8(ascii: "8")).contains(b[4]))
            } else {
                #expect(b[4..<8].allSatisfy(ASCII.isUpper) && b[8...].allSatisfy(ASCII.isDigit), "\(iban)")
            }
        }
        #expect(countries == ["DE", "GB"])
    }

    @Test("every fake SSN avoids area 000, 666 and 9xx, group 00 and serial 0000")
    func ssns() {
        for ssn in Self.samples(.ssn) {
            let parts = ssn.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            #expect(parts.map(\.count) == [3, 2, 4], "\(ssn)")
            guard parts.count == 3, let area = Int(parts[0]), let group = Int(parts[1]), let serial = Int(parts[2])
            else {
                Issue.record("not AAA-GG-SSSS: \(ssn)")
                continue
            }
            #expect(area != 0 && area != 666 && area < 900 && group != 0 && serial != 0, "\(ssn)")
        }
    }

    @Test("every fake IPv4 address lies in a documentation network, never a network or broadcast address")
    func ipv4() {
        var networks: Set<String> = []
        for ip in Self.samples(.ipv4) {
            let octets = ip.split(separator: ".").compactMap { Int($0) }
            #expect(octets.count == 4, "\(ip)")
            guard octets.count == 4 else { continue }
            let network = octets[0..<3].map(String.init).joined(separator: ".")
            networks.insert(network)
            #expect((1...254).contains(octets[3]), "\(ip)")
        }
        #expect(networks == ["192.0.2", "198.51.100", "203.0.113"])
    }

    @Test("every fake UUID has the version-4 layout and they do not repeat")
    func uuids() {
        let hex = Set("0123456789abcdef")
        let uuids = Self.samples(.uuid)
        for uuid in uuids {
            let groups = uuid.split(separator: "-", omittingEmptySubsequences: false)
            #expect(groups.map(\.count) == [8, 4, 4, 4, 12], "\(uuid)")
            #expect(groups.allSatisfy { $0.allSatisfy(hex.contains) })
            #expect(groups.count == 5 && groups[2].first == "4" && "89ab".contains(groups[3].first!), "\(uuid)")
        }
        #expect(Set(uuids).count == uuids.count)
    }
}
