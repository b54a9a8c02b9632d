import TestSupport
import Testing

@testable import CleanroomMasking

@Suite("Check digits")
struct ChecksumsTests {
    struct Vectors: Decodable {
        struct Case: Decodable {
            var kind: String
            var number: String?
            var iban: String?
            var iban_electronic: String?
            var valid: Bool
        }
        var cases: [Case]
    }

    @Test("every Luhn and IBAN case of checksums.json is reproduced, valid and invalid")
    func standardVectors() throws {
        let vectors = try TestPaths.vectors("checksums.json", as: Vectors.self)
        #expect(vectors.cases.filter { $0.kind == "luhn" }.count >= 10)
        #expect(vectors.cases.filter { $0.kind == "iban" }.count >= 7)
        for c in vectors.cases {
            switch c.kind {
            case "luhn":
                let number = try #require(c.number)
                #expect(Checksums.luhnIsValid(bytes(number)) == c.valid, "\(number)")
            case "iban":
                let paper = try #require(c.iban)
                let electronic = try #require(c.iban_electronic)
                #expect(Checksums.ibanIsValid(bytes(paper)) == c.valid, "\(paper)")
                #expect(Checksums.ibanIsValid(bytes(electronic)) == c.valid, "\(electronic)")
            default:
                Issue.record("unknown case kind \(c.kind)")
            }
        }
    }

    @Test("the Luhn check digit completes valid numbers and every other digit is rejected")
    func luhnCheckDigit() {
        #expect(Checksums.luhnCheckDigit(bytes("7992739871")) == UInt8(ascii: "3"))
        #expect(Checksums.luhnCheckDigit(bytes("411111111111111")) == UInt8(ascii: "1"))
        #expect(Checksums.luhnCheckDigit(bytes("41x1")) == nil)
        var rng = TestDigests(count: 0)
        for _ in 0..<2000 {
            let payload = (0..<Int(rng.nextWord() % 18 + 1)).map { _ in UInt8(ascii: "0") + UInt8(rng.nextWord() % 10) }
            let check = Checksums.luhnCheckDigit(payload)!
            #expect(Checksums.luhnIsValid(payload + [check]))
            for other in UInt8(ascii: "0")...UInt8(ascii: "9") where other != check {
                #expect(!Checksums.luhnIsValid(payload + [other]))
            }
        }
    }

    @Test("Luhn refuses separators, letters and too-short input")
    func luhnRejectsNonDigits() {
        #expect(!Checksums.luhnIsValid(bytes("4111 1111 1111 1111")))
        #expect(!Checksums.luhnIsValid(bytes("4111-1111-1111-1111")))
        #expect(!Checksums.luhnIsValid(bytes("")))
        #expect(!Checksums.luhnIsValid(bytes("0")))
        #expect(Checksums.luhnIsValid(bytes("00")))
    }

    @Test("IBAN check digits computed from the BBAN reproduce the published specimens")
    func ibanCheckDigits() {
        #expect(Checksums.ibanCheckDigits(countryCode: bytes("DE"), bban: bytes("370400440532013000")) == bytes("89"))
        #expect(Checksums.ibanCheckDigits(countryCode: bytes("GB"), bban: bytes("WEST12345698765432")) == bytes("82"))
        #expect(
            Checksums.ibanCheckDigits(countryCode: bytes("FR"), bban: bytes("20041010050500013M02606")) == bytes("14"))
        #expect(Checksums.ibanCheckDigits(countryCode: bytes("de"), bban: bytes("370400440532013000")) == nil)
        #expect(Checksums.ibanCheckDigits(countryCode: bytes("DE"), bban: bytes("3704-0044")) == nil)
    }

    @Test("IBAN validation refuses wrong structure even when nothing else is wrong")
    func ibanStructure() {
        #expect(!Checksums.ibanIsValid(bytes("de89370400440532013000")))
        #expect(!Checksums.ibanIsValid(bytes("DE8937040044")))
        #expect(!Checksums.ibanIsValid(bytes("D189370400440532013000")))
        #expect(!Checksums.ibanIsValid(bytes("DE89-3704-0044-0532-0130-00")))
        #expect(Checksums.ibanIsValid(bytes("  DE89 3704 0044 0532 0130 00 ")))
    }
}
