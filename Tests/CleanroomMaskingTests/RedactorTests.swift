import Testing

@testable import CleanroomMasking

@Suite("Redacting personal data in free text")
struct RedactorTests {
    static let all = RedactClass.patterns

    /// The text with each finding replaced by `[CLASS]`.
    static func tagged(_ input: String, _ classes: Set<RedactClass> = all) -> String {
        text(Redactor.redact(bytes(input), classes: classes) { kind, _ in bytes("[\(kind.rawValue.uppercased())]") })
    }

    /// The classes and matched texts found in `input`.
    static func found(_ input: String, _ classes: Set<RedactClass> = all) -> [String] {
        let b = bytes(input)
        return Redactor.findings(b, classes: classes).map { "\($0.0.rawValue):\(text(b[$0.1]))" }
    }

    @Test("a support note: only the address and phone numbers change, every other byte stays")
    func supportNote() {
        let note = """
            Hi team, please contact Mary Okafor at mary.okafor@example.com or call (555) 123-4567 before 5 pm.
            Her backup number is +44 20 7946 0958; in the US try 555-123-4567 or 1-555-987-6543.
            The invoice total was $1,299.99 for 3 items in 2024, order #48213, due 2024-03-31.
            """
        #expect(
            Self.tagged(note) == """
                Hi team, please contact Mary Okafor at [EMAIL] or call [PHONE] before 5 pm.
                Her backup number is [PHONE]; in the US try [PHONE] or [PHONE].
                The invoice total was $1,299.99 for 3 items in 2024, order #48213, due 2024-03-31.
                """)
    }

    @Test("card numbers with spaces or dashes are found only when they pass Luhn")
    func cards() {
        let text =
            "Paid with 4111 1111 1111 1111 (exp 12/27); refund to 5555-5555-5555-4444, not 4111 1111 1111 1112. Amex 378282246310005."
        #expect(
            Self.found(text) == [
                "card:4111 1111 1111 1111", "card:5555-5555-5555-4444", "card:378282246310005",
            ])
    }

    @Test("IBANs are found in paper and electronic form; a wrong check digit or the next word is left alone")
    func ibans() {
        let text =
            "Transfer to DE89 3704 0044 0532 0130 00 EUR by Friday, or GB82WEST12345698765432. Not DE89 3704 0044 0532 0130 01, and GB29 NWBK 6016 1331 9268 19 ABCD is fine."
        #expect(
            Self.found(text, [.iban]) == [
                "iban:DE89 3704 0044 0532 0130 00", "iban:GB82WEST12345698765432", "iban:GB29 NWBK 6016 1331 9268 19",
            ])
        // The mistyped IBAN's 18 digits pass Luhn, so card detection still redacts them.
        #expect(Self.found("Not DE89 3704 0044 0532 0130 01.") == ["card:3704 0044 0532 0130 01"])
    }

    @Test("social security numbers only in assigned ranges")
    func ssns() {
        let text =
            "SSN 078-05-1120 on file; 000-12-3456, 666-12-3456, 900-12-3456, 123-00-4567 and 123-45-0000 are never issued; part 123-456-789."
        #expect(Self.found(text) == ["ssn:078-05-1120"])
    }

    @Test("ordinary numbers are not personal data: years, prices, versions, dates, times, addresses, ISBNs")
    func noFalsePositives() {
        let text = """
            In 2023 revenue grew 12.5% to $4,512,300.75 (up from €3,900,000). Version 10.2.3 shipped on 2024-01-15 at 10:30,
            and on 15.01.2024 10 units were sold at 19.99 each; 2019 2020 2021 were slower. Server 192.168.100.200 handles
            1,000,000 requests a day. ISBN 978-3-16-148410-0, room 1204, flight BA 2490, zip 90210, build 20240115.
            Scores: 0.50 0.25 0.125 0.75; times 09.30 10.45 12.00; page 100-2000; order 12345678901234567890.
            """
        #expect(Self.found(text) == [])
        #expect(Self.tagged(text) == text)
    }

    @Test("overlapping matches go to the earlier class: email, iban, card, ssn, phone")
    func precedence() {
        #expect(
            Self.found("write to 5551234567.4111111111111111@example.com now") == [
                "email:5551234567.4111111111111111@example.com"
            ])
        #expect(Redactor.precedence == [.email, .iban, .card, .ssn, .phone, .name])
        // An international number of 13+ digits is a phone even when its digits pass Luhn.
        let phone = "+49 30 1234 56789 4"
        #expect(Checksums.luhnIsValid(bytes("49301234567894")))
        #expect(Self.found("call \(phone) today") == ["phone:\(phone)"])
        // 16 digits in 4-4-4-4 groups are too long for a phone: only the card matches.
        #expect(Self.found("card 4111 1111 1111 1111 only") == ["card:4111 1111 1111 1111"])
    }

    @Test("only the requested classes are replaced")
    func classSubset() {
        let text = "mary@example.com, (555) 123-4567, 4111111111111111"
        #expect(Self.tagged(text, [.email]) == "[EMAIL], (555) 123-4567, 4111111111111111")
        #expect(Self.tagged(text, [.phone, .card]) == "mary@example.com, [PHONE], [CARD]")
        #expect(Self.tagged(text, []) == text)
    }

    @Test("matches never start or end inside a word, and a sentence's final dot stays outside")
    func boundaries() {
        #expect(Self.found("id abc4111111111111111 and 4111111111111111xyz") == [])
        #expect(Self.found("user@host and @example.com and a@b.c and x@-bad.com") == [])
        #expect(Self.found("Mail .john.doe@sub.example.co.uk.") == ["email:john.doe@sub.example.co.uk"])
        #expect(Self.found("tel:555-0147, ext.") == ["phone:555-0147"])
        #expect(Self.found("Zoë – mary-ann_o+tag@example-mail.org») ok") == ["email:mary-ann_o+tag@example-mail.org"])
    }

    @Test("the replacement closure sees the matched bytes and non-ASCII text around them survives")
    func closureAndUnicode() {
        let input = "Grüße an José: jose@example.es ☎ +34 912 345 678 — danke!"
        let out = Redactor.redact(bytes(input), classes: Self.all) { kind, matched in
            bytes("<\(kind.rawValue) \(matched.count)>")
        }
        #expect(text(out) == "Grüße an José: <email 15> ☎ <phone 15> — danke!")
    }

    @Test("every fake email, phone, card, IBAN and SSN is found exactly, inside a sentence")
    func fakesAreFound() {
        let kinds: [(FakeKind, RedactClass)] = [
            (.email, .email), (.phone, .phone), (.card, .card), (.iban, .iban), (.ssn, .ssn),
        ]
        for digest in TestDigests(count: 2000) {
            for (kind, redactClass) in kinds {
                let value = text(FakeGenerator.generate(kind, digest: digest))
                #expect(Self.found("Customer data: \(value). Thanks!") == ["\(redactClass.rawValue):\(value)"])
            }
        }
    }

    @Test("text without personal data comes back as the same bytes")
    func untouched() {
        let text = bytes("Nothing to see here: 42 apples, 7 pears, 2025.")
        #expect(Redactor.redact(text, classes: Self.all) { _, _ in [] } == text)
    }

    @Test("on random text the findings stay in bounds, ordered and disjoint, and identity replacement changes nothing")
    func randomText() {
        let alphabet = bytes("0123456789 -.+()@_xAZDEGB\n4")
        var rng = TestDigests(count: 0, seed: 7)
        for _ in 0..<5000 {
            let input = (0..<Int(rng.nextWord() % 60)).map { _ in alphabet[Int(rng.nextWord() % UInt64(alphabet.count))]
            }
            let found = Redactor.findings(input, classes: Self.all)
            var previousEnd = 0
            for (_, range) in found {
                #expect(range.lowerBound >= previousEnd && range.upperBound <= input.count && !range.isEmpty)
                previousEnd = range.upperBound
            }
            #expect(Redactor.redact(input, classes: Self.all) { _, matched in Array(matched) } == input)
        }
    }
}
