import CleanroomCore
import Testing

@testable import CleanroomMasking

/// `{ fpe: digits }` on phone numbers: the international prefix and country code are kept, the
/// national number's digits encrypted; numbers without one are encrypted whole, as before.
@Suite("Phone numbers under FF1")
struct PhoneFPETests {
    static let cipher = try! FormatPreservingCipher(key: Array(repeating: 0x3C, count: 32), alphabet: .digits)

    static func phone(_ value: String, doubleZero: Bool = true) throws -> String {
        var out: [UInt8] = []
        try cipher.encryptPhone(Array(value.utf8), allowingDoubleZero: doubleZero, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func whole(_ value: String) throws -> String {
        String(decoding: try cipher.encrypt(Array(value.utf8)), as: UTF8.self)
    }

    /// The value with every digit written as 9: its layout.
    static func layout(_ value: String) -> String { String(value.map { $0.isNumber ? "9" : $0 }) }

    @Test(
        "the prefix: + or 00, an assigned code of 1 to 3 digits, the national digits after it",
        arguments: [
            ("+44 7700 900123", true, "44", 3, 10),
            ("+1 (415) 555-0132", true, "1", 2, 10),
            ("+442079460958", true, "44", 3, 10),
            ("+358 40 1234567", true, "358", 4, 9),
            ("+7 912 345-67-89", true, "7", 2, 10),
            ("0049 30 901820", true, "49", 4, 8),
            ("00-1-212-555-0100", true, "1", 4, 10),
        ])
    func prefixes(value: String, doubleZero: Bool, code: String, bytes: Int, national: Int) {
        let prefix = InternationalPrefix.parse(Array(value.utf8), allowingDoubleZero: doubleZero)
        #expect(prefix?.countryCode == code)
        #expect(prefix?.byteCount == bytes)
        #expect(prefix?.nationalDigits == national)
        #expect(prefix?.form == (value.hasPrefix("+") ? .plus : .doubleZero))
    }

    @Test(
        "no prefix: national numbers, bare 00 identifiers, short 00 numbers, 00 where not allowed, no digits",
        arguments: [
            ("555-123-4567", true), ("(020) 7946 0958", true), ("0012345678", true), ("00 12 34", true),
            ("0049 30 901820", false), ("+", true), ("+ext", true), ("", true), ("0099 123 4567", true),
        ])
    func noPrefix(value: String, doubleZero: Bool) {
        #expect(InternationalPrefix.parse(Array(value.utf8), allowingDoubleZero: doubleZero) == nil)
    }

    @Test("a + number without an assigned code parses with no code", arguments: ["+0 123 456 789", "+28 1234567"])
    func unassigned(value: String) {
        let prefix = InternationalPrefix.parse(Array(value.utf8), allowingDoubleZero: true)
        #expect(prefix != nil && prefix?.countryCode == nil)
    }

    @Test("no assigned code is a prefix of another, so the first digits name at most one")
    func prefixFree() {
        let codes = CountryCallingCodes.assigned
        #expect(codes.count > 200 && codes.allSatisfy { (1...3).contains($0.count) })
        for a in codes {
            for b in codes where a != b { #expect(!b.hasPrefix(a), "\(a) is a prefix of \(b)") }
        }
        // Every digit sequence of 3 starts with at most one code, and 1 and 7 take all of theirs.
        func code(beginning digits: String) -> String? {
            InternationalPrefix.parse(Array(("+" + digits + "234567").utf8), allowingDoubleZero: false)?.countryCode
        }
        #expect(code(beginning: "1555") == "1")
        #expect(code(beginning: "7912") == "7")
        #expect(code(beginning: "2901") == "290")
        #expect(code(beginning: "2591") == nil)
        // Every assigned code, and every 1- to 3-digit number that is none, is read as such.
        for length in 1...3 {
            for number in 0..<[10, 100, 1000][length - 1] {
                let digits = String(number).count == length ? String(number) : nil
                guard let digits, digits.first != "0" || length == 1 else { continue }
                #expect(
                    CountryCallingCodes.isAssigned(number, length: length) == codes.contains(digits), "\(digits)")
            }
        }
    }

    @Test("+CC and 00CC stay, the national digits are encrypted in their layout and decrypt back")
    func keepsCountryCode() throws {
        for value in ["+44 7700 900123", "+1 (415) 555-0132", "+442079460958", "+353 87 123 4567", "0049 30 901820"] {
            let masked = try Self.phone(value)
            let prefix = try #require(InternationalPrefix.parse(Array(value.utf8), allowingDoubleZero: true))
            #expect(masked.prefix(prefix.byteCount) == value.prefix(prefix.byteCount), "\(value) → \(masked)")
            #expect(Self.layout(masked) == Self.layout(value))
            #expect(masked.dropFirst(prefix.byteCount) != value.dropFirst(prefix.byteCount))
            let back = try Self.cipher.decrypt(Array(masked.utf8), keeping: prefix.byteCount)
            #expect(String(decoding: back, as: UTF8.self) == value)
        }
    }

    @Test("the masked number keeps its country code and its national number's length, for every code length")
    func keepsNationalLength() throws {
        for value in [
            "+1 212 555 0100", "+7 495 123 45 67", "+44 7700 900123", "+49 30 901820", "+33 1 23 45 67 89",
            "+353 87 123 4567", "+290 22 1234", "+880 1712 345678", "00 44 20 7946 0958",
        ] {
            let original = try #require(InternationalPrefix.parse(Array(value.utf8), allowingDoubleZero: true))
            for key in [UInt8(0x3C), 0x5A, 0x77] {
                let cipher = try FormatPreservingCipher(key: Array(repeating: key, count: 32), alphabet: .digits)
                var out: [UInt8] = []
                try cipher.encryptPhone(Array(value.utf8), allowingDoubleZero: true, into: &out)
                let masked = try #require(InternationalPrefix.parse(out, allowingDoubleZero: true), "\(text(out))")
                #expect(masked.countryCode == original.countryCode, "\(value) → \(text(out))")
                #expect(masked.nationalDigits == original.nationalDigits, "\(value) → \(text(out))")
            }
        }
    }

    @Test("numbers without a country code are encrypted whole, exactly as before")
    func unchangedWithoutPrefix() throws {
        for value in ["14033335568", "555-123-4567", "(020) 7946 0958", "0012345678", "00 12 345", "ref 123456"] {
            #expect(try Self.phone(value) == Self.whole(value), "\(value)")
        }
        #expect(try Self.phone("0049 30 901820", doubleZero: false) == Self.whole("0049 30 901820"))
    }

    @Test("+ numbers with the same code and layout are permuted among themselves: distinct in, distinct out")
    func permutation() throws {
        let inputs = (0..<3000).map { "+44 7700 9\(String(100_000 + $0 * 7).suffix(5))" }
        let outputs = try inputs.map { try Self.phone($0) }
        #expect(Set(inputs).count == inputs.count)
        #expect(Set(outputs).count == outputs.count)
        #expect(outputs.allSatisfy { $0.hasPrefix("+44 ") && Self.layout($0) == "+99 9999 999999" })
    }

    @Test(
        "a + number with no assigned code or fewer than 6 digits after it is refused, never printing the value",
        arguments: ["+0 123 456 789", "+28 1234567", "+44 12345", "+290 2345"])
    func refused(value: String) throws {
        let error = #expect(throws: TransformFailure.self) { try Self.phone(value) }
        let reason = try #require(error?.reason)
        #expect(!reason.contains(value) && !reason.contains(String(value.suffix(4))), "\(reason)")
    }

    @Test("through the rules: fpe digits keeps +CC; with unique: true a 00 number is encrypted whole")
    func rules() throws {
        let rows: [[String?]] = [["1", nil, nil, "+44 7700 900123"], ["2", nil, nil, "0049 30 901820"]]
        let plain = try MaskingPlanTests.mask(
            MaskingPlanTests.plan(
                "      id: keep\n      email: keep\n      alias: keep\n      phone: { fpe: digits }\n"),
            rows)
        #expect(plain[0][3]?.hasPrefix("+44 ") == true && plain[0][3] != rows[0][3])
        #expect(plain[1][3]?.hasPrefix("0049 ") == true && plain[1][3] != rows[1][3])
        let unique = try MaskingPlanTests.mask(
            MaskingPlanTests.plan(
                "      id: keep\n      email: keep\n      alias: keep\n      phone: { fpe: digits, unique: true }\n"),
            rows)
        #expect(unique[0][3]?.hasPrefix("+44 ") == true)
        let key = MaskingPlanTests.key.ff1Key(domain: "main.people.phone")
        let cipher = try FormatPreservingCipher(key: key, alphabet: .digits)
        #expect(unique[1][3] == String(decoding: try cipher.encrypt(Array("0049 30 901820".utf8)), as: UTF8.self))
    }
}
