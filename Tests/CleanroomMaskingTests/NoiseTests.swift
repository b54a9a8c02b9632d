import CleanroomMasking
import Testing

@Suite("Numeric noise")
struct NoiseTests {
    static func noisy(_ value: String, _ digest: [UInt8], _ relative: Double = 0.1) -> String? {
        Noise.apply(bytes(value), digest: digest, relative: relative).map { text($0) }
    }

    /// The number of digits after the decimal point.
    static func decimals(_ s: String) -> Int {
        s.split(separator: ".").dropFirst().first?.count ?? 0
    }

    @Test("results stay within ±relative, keep their decimal places and spread to both sides")
    func bounds() throws {
        // The last two are too coarse for 10 % noise to move often; they still must keep form and bounds.
        let values = ["1000", "12.50", "-3.14159", "0.0500", "+700", "987654321.123", "-250", "0.05", "+7"]
        for value in values {
            var above = 0
            var below = 0
            for digest in TestDigests(count: 2000) {
                let out = try #require(Self.noisy(value, digest))
                #expect(Self.decimals(out) == Self.decimals(value), "\(value) → \(out)")
                #expect(out.hasPrefix("+") == value.hasPrefix("+"))
                let x = try #require(Double(value))
                let y = try #require(Double(out))
                let halfUnit = 0.5 * Self.pow10(-Self.decimals(value))
                #expect(abs(y - x) <= abs(x) * 0.1 + halfUnit + 1e-9, "\(value) → \(out)")
                if y > x { above += 1 }
                if y < x { below += 1 }
            }
            let fine = !["0.05", "+7"].contains(value)
            #expect(!fine || (above > 500 && below > 500), "\(value): \(above) above, \(below) below")
        }
    }

    @Test("the same digest gives the same result; different digests differ")
    func deterministic() {
        let digests = Array(TestDigests(count: 500))
        let outs = digests.map { Self.noisy("123456.78", $0) }
        #expect(outs == digests.map { Self.noisy("123456.78", $0) })
        #expect(Set(outs).count > 490)
    }

    @Test("exact on long numbers: no noise leaves every digit in place, up to 38 digits")
    func exact() throws {
        let digest = try #require(Array(TestDigests(count: 1)).first)
        let long = "1234567890123456789012345678.9012345678"
        #expect(Self.noisy(long, digest, 0) == long)
        #expect(Self.noisy("-0.000", digest, 0) == "0.000")
        #expect(Self.noisy("007", digest, 0) == "7")
        #expect(Self.noisy(long + "9", digest, 0) == nil)
        // Upward noise on the largest 38-digit number would need a 39th digit: nil, not a wrapped value.
        let nines = String(repeating: "9", count: 38)
        let outs = TestDigests(count: 50).map { Self.noisy(nines, $0, 0.5) }
        #expect(outs.contains(nil) && outs.contains { $0 != nil })
        #expect(outs.allSatisfy { $0 == nil || $0!.count == 38 })
    }

    @Test("rounding is half away from zero at the value's own scale")
    func rounding() throws {
        // With relative 1e-9 the factor is 1 + k·1e-9 for k ∈ {−1, 0, 1}: on 500000000 the change is
        // exactly −0.5, 0 or +0.5, which must round to −1, 0 and +1; on 5 it is far below a unit.
        var big: Set<String> = []
        var negative: Set<String> = []
        for digest in TestDigests(count: 200) {
            #expect(Self.noisy("5", digest, 1e-9) == "5")
            big.insert(try #require(Self.noisy("500000000", digest, 1e-9)))
            negative.insert(try #require(Self.noisy("-500000000", digest, 1e-9)))
        }
        #expect(big == ["499999999", "500000000", "500000001"])
        #expect(negative == ["-499999999", "-500000000", "-500000001"])
    }

    @Test("not a plain decimal number, or an unusable relative: nil")
    func rejected() throws {
        let digest = try #require(Array(TestDigests(count: 1)).first)
        for value in ["", "abc", "1.2.3", ".5", "5.", "1e5", " 5", "5 ", "--5", "+", "-", "1,000", "0x1F", "NaN", "١٢"]
        {
            #expect(Self.noisy(value, digest) == nil, "\(value)")
        }
        #expect(Self.noisy("5", digest, -0.1) == nil)
        #expect(Self.noisy("5", digest, .infinity) == nil)
        #expect(Self.noisy("5", digest, .nan) == nil)
    }

    static func pow10(_ e: Int) -> Double {
        (0..<abs(e)).reduce(1.0) { acc, _ in e < 0 ? acc / 10 : acc * 10 }
    }
}
