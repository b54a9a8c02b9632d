import CleanroomCore
import CleanroomMasking
import Testing

@testable import CleanroomDiscovery

@Suite("Value shapes and column classification")
struct ValueShapeTests {
    private func shape(_ text: String) -> ValueShape {
        ValueShape(Array(text.utf8)[...])
    }

    @Test(
        "whole values of each class",
        arguments: [
            ("mary.smith@sakilacustomer.org", PersonalDataClass.email), ("tammy.bryant@internalmail", .email),
            ("root@localhost", .email),
            ("+55 (12) 3923-5555", .phone), ("+14155552671", .phone), ("(020) 7946 0958", .phone),
            ("4111 1111 1111 1111", .card), ("DE89 3704 0044 0532 0130 00", .iban), ("123-45-6789", .nationalID),
            ("192.0.2.17", .ipAddress), ("2001:db8::1", .ipAddress), ("10.0.0.0/8", .ipAddress),
            ("8cb2237d0679ca88db6464eac60da96345513964", .secret),
            ("$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW", .secret),
            ("47 MySakila Drive", .streetAddress), ("Theodor-Heuss-Straße 34", .streetAddress),
            ("4, Rue Milton", .streetAddress),
            ("1600 Amphitheatre Pkwy", .streetAddress), ("35200", .postcode), ("H2G 1A7", .postcode),
            ("MARY", .firstName), ("smith", .lastName), ("Mary Smith", .fullName),
            ("Albright, Mr. Derek John", .fullName), ("Raman, Mrs. Arjun (Priya Devi Nair)", .fullName),
            ("O'Brien, Miss. Maeve \"Molly\"", .fullName), ("Dr. Ellen van der Berg", .fullName),
            ("Albright, Derek", .fullName), ("Derek Albright", .fullName), ("Priya Raman", .fullName),
            ("Rose Hill", .fullName),
        ])
    func wholeValues(text: String, expected: PersonalDataClass) {
        #expect(shape(text).classes.contains(expected), "\(expected)")
    }

    @Test(
        "values that are no personal data",
        arguments: [
            "ACADEMY DINOSAUR",
            "A Epic Drama of a Feminist And a Mad Scientist who must Battle a Teacher in The Canadian Rockies",
            "2024-01-15", "PG-13", "{Trailers,\"Deleted Scenes\"}", "1b4e28ba-2fa1-4d2e-883f-0016d3cca427",
            "4111 1111 1111 1112",
            "999.1.1.1", "Action", "12.50", "Kingsbridge, Devon, England", "Lake Louise, Alberta, Canada",
            "Mr. and Mrs. are titles", "(Unknown)", "@handle", "meet@noon.", "a@b@c", "user@-host", "123@456",
            // Job titles (classicmodels' employees): `Sales` is a listed surname but a common word too.
            "Sales Rep", "VP Sales", "Sales Manager (APAC)", "President", "VP Marketing",
        ])
    func nothingPersonal(text: String) {
        let found = shape(text).classes.subtracting([.postcode])
        #expect(found.isEmpty, "\(found)")
        #expect(shape(text).embedded.isEmpty)
    }

    @Test("digits-only values, dates and embedded data")
    func markers() {
        #expect(shape("14033335568").isBareDigits)
        #expect(!shape("1403").isBareDigits)
        #expect(shape("1962-02-18 00:00:00").isDate && shape("18.02.1962").isDate && shape("2/18/1962").isDate)
        #expect(!shape("2024-1").isDate)
        let note = shape("call me at +44 20 7946 0958 or write to jo@example.com")
        #expect(note.embedded == [.phone, .email])
        #expect(note.classes.isEmpty)
    }

    @Test("dictionary lookups ignore the case of Latin letters")
    func dictionaryCase() {
        #expect(DictionaryLookup.contains(Array("MARY".utf8), in: .firstNames))
        #expect(DictionaryLookup.contains(Array("mary".utf8), in: .firstNames))
        #expect(CaseFold.lowercased(Array("ÉLODIE ŁUKASZ ŽOFIE".utf8)) == Array("élodie łukasz žofie".utf8))
        #expect(DictionaryLookup.contains(Array("street".utf8), in: .streetSuffixes))
        #expect(!DictionaryLookup.contains(Array("dinosaur".utf8), in: .lastNames))
    }

    private func tally(_ values: [String?]) -> ValueTally {
        var tally = ValueTally()
        for value in values { tally.observe(value.map { Array($0.utf8) }) }
        return tally
    }

    @Test("name and values agreeing give high confidence; either alone medium; a contradicted name low")
    func confidence() throws {
        let emails = (0..<20).map { "person\($0)@example.com" }
        let both = try #require(ColumnClassifier.classify(name: "email", kind: .text, tally: tally(emails)))
        #expect(both.dataClass == .email && both.confidence == .high && both.valueHits == 20 && both.valuesDistinct)
        let values = try #require(ColumnClassifier.classify(name: "contact", kind: .text, tally: tally(emails)))
        #expect(values.dataClass == .email && values.confidence == .medium && values.nameHint == nil)
        let name = try #require(ColumnClassifier.classify(name: "username", kind: .text, tally: tally(["a", "b"])))
        #expect(name.dataClass == .username && name.confidence == .medium)
        let contradicted = try #require(
            ColumnClassifier.classify(
                name: "email_status", kind: .text, tally: tally(Array(repeating: "sent", count: 20))))
        #expect(contradicted.confidence == .low && !contradicted.isActionable)
        #expect(
            ColumnClassifier.classify(name: "title", kind: .text, tally: tally(["ACADEMY DINOSAUR", "ACE GOLDFINGER"]))
                == nil)
    }

    @Test("an e-mail column of intranet addresses (a domain of one label) is an e-mail column, high")
    func intranetAddresses() throws {
        let addresses = ["tammy.bryant", "roy.white", "gary.jenkins", "victor.morris"].map { "\($0)@internalmail" }
        let found = try #require(
            ColumnClassifier.classify(
                name: "email_address", kind: .text, tally: tally(addresses + addresses.map { "x" + $0 })))
        #expect(found.dataClass == .email && found.confidence == .high && found.valueHits == 8)
    }

    @Test("an e-mail column of distinct logins (Oracle HR's SKING) is a username column, medium, masked unique")
    func loginsUnderEmailName() throws {
        let logins = [
            "SKING", "NYANG", "LDEHAAN", "AHUNOLD", "BERNST", "DAUSTIN", "VPATABAL", "DLORENTZ", "NGREENBE", "DFAVIET",
        ]
        let found = try #require(ColumnClassifier.classify(name: "email", kind: .text, tally: tally(logins)))
        #expect(found.dataClass == .username && found.confidence == .medium && found.valueHits == 10)
        #expect(found.evidence.contains("10 of 10 sampled values are distinct logins, no domain"), "\(found.evidence)")
        let choice = RuleProposer.preferred(found, kind: .text, isNullable: false, per: nil, isPersonTable: true)
        guard case .mask(let rule, _) = choice else {
            Issue.record("expected a masking rule, got \(choice)")
            return
        }
        #expect(rule == ProposedRule(.fake(.username), unique: true))
        // Repeated words under an e-mail name (a status, a department mailbox) stay a low finding.
        let repeated = try #require(
            ColumnClassifier.classify(
                name: "email", kind: .text, tally: tally(Array(logins.prefix(5) + logins.prefix(5)))))
        #expect(repeated.confidence == .low && repeated.dataClass == .email)
        let spaced = try #require(
            ColumnClassifier.classify(name: "email", kind: .text, tally: tally(logins.map { "ask \($0)" })))
        #expect(spaced.confidence == .low)
    }

    @Test("by values alone, words that are surnames and common words (colours) make no name column; surnames do")
    func coloursAreNoSurnames() throws {
        // Oracle customer_orders' product JSON: `$.colour` of black, grey, brown, green, white (all surnames).
        let colours = ["black", "grey", "brown", "green", "white", "red", "blue", "black", "grey", "brown"]
        let colour = ColumnClassifier.classify(name: "colour", kind: .text, tally: tally(colours))
        #expect(colour?.isActionable != true, "\(String(describing: colour))")
        let surnames = [
            "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Garcia", "Wilson", "White",
        ]
        let found = try #require(ColumnClassifier.classify(name: "x", kind: .text, tally: tally(surnames)))
        #expect(found.dataClass == .lastName && found.confidence == .medium)
    }

    @Test("phones written as bare digits count only under a phone name")
    func bareDigitPhones() throws {
        let numbers = (0..<20).map { "1403333\(5500 + $0)" }
        let phone = try #require(ColumnClassifier.classify(name: "phone", kind: .text, tally: tally(numbers)))
        #expect(phone.confidence == .high && phone.fewestDigits == 11)
        #expect(ColumnClassifier.classify(name: "reference_number", kind: .text, tally: tally(numbers)) == nil)
    }

    /// The transform the draft proposes for a finding in a person table's text column.
    private func proposed(_ finding: ColumnFinding) -> TransformSpec? {
        let choice = RuleProposer.preferred(finding, kind: .text, isNullable: true, per: nil, isPersonTable: true)
        if case .mask(let rule, _) = choice { return rule.transform }
        return nil
    }

    @Test("the digits counted for fpe are those after a kept country code; a + value without a code counts none")
    func digitsAfterCountryCode() throws {
        let british = (0..<20).map { "+44 7700 9001\(10 + $0)" }
        let gb = try #require(ColumnClassifier.classify(name: "phone", kind: .text, tally: tally(british)))
        #expect(gb.fewestDigits == 10 && proposed(gb) == .fpe(alphabet: .digits))
        let shortNational = try #require(
            ColumnClassifier.classify(name: "phone", kind: .text, tally: tally(british + ["+290 22345"])))
        #expect(shortNational.fewestDigits == 5)
        #expect(proposed(shortNational) == .fake(.phone), "FF1 would refuse 5 digits after +290")
        let noCode = try #require(
            ColumnClassifier.classify(name: "phone", kind: .text, tally: tally(british + ["+0 123 456 789"])))
        #expect(noCode.fewestDigits == 0 && proposed(noCode) == .fake(.phone))
    }

    @Test("free text and JSON paths; no member name that looks like data")
    func textAndJSON() throws {
        let notes = ["please call +44 20 7946 0958", "ok", "mail jo@example.com", "nothing here"]
        let text = try #require(ColumnClassifier.classify(name: "notes", kind: .text, tally: tally(notes)))
        #expect(text.dataClass == .freeText && text.valueHits == 2 && text.embedded == [.email, .phone])

        let documents = (0..<10).map { i in
            #"{"contact": {"email": "p\#(i)@example.com", "phones": ["+1 (555) 123-45\#(10 + i)"]}, "plan": "gold", "p\#(i)@example.org": 1, "Mary Smith": "+1 (555) 765-43\#(10 + i)"}"#
        }
        let json = try #require(ColumnClassifier.classify(name: "profile", kind: .json, tally: tally(documents)))
        #expect(json.dataClass == .json && json.valueHits == 10)
        #expect(
            json.paths.map(\.path) == ["$.*", "$.contact.email", "$.contact.phones[*]"],
            "member names that look like data become *")
        #expect(json.paths.map(\.finding.dataClass) == [.phone, .email, .phone])
        #expect(json.paths.map(\.finding.confidence) == [.medium, .high, .high])
    }
}
