/// Identifiers with structure: IBANs, card numbers, US social security numbers, IPv4 addresses and UUIDs.
extension FakeGenerator {
    /// A German (`DE`, 8-digit bank code starting 1–8, 10-digit account) or British (`GB`, 4-letter
    /// bank code, 6-digit sort code, 8-digit account) IBAN in electronic form with correct check digits.
    static func iban(_ d: DigestReader) -> [UInt8] {
        let country: [UInt8]
        var bban: [UInt8] = []
        if d.below(2, at: 30, bytes: 2) == 0 {
            country = Array("DE".utf8)
            ASCII.appendDecimal(10_000_000 + d.below(80_000_000, at: 0), to: &bban)
            ASCII.appendDecimal(d.below(10_000_000_000, at: 8), width: 10, to: &bban)
        } else {
            country = Array("GB".utf8)
            for i in 16..<20 { bban.append(UInt8(ascii: "A") + UInt8(d.below(26, at: i, bytes: 1))) }
            ASCII.appendDecimal(d.below(1_000_000, at: 0), width: 6, to: &bban)
            ASCII.appendDecimal(d.below(100_000_000, at: 8), width: 8, to: &bban)
        }
        // Both parts are upper-case letters and digits by construction, so check digits always exist.
        return country + Checksums.ibanCheckDigits(countryCode: country, bban: bban)! + bban
    }

    /// Public test-card prefixes of the major schemes (Visa, Mastercard 5- and 2-series, Discover).
    private static let cardPrefixes: [[UInt8]] = ["424242", "400000", "411111", "555555", "520082", "222300", "601111"]
        .map { Array($0.utf8) }

    /// 16 digits: a test-card prefix, nine digits from the digest and the Luhn check digit.
    static func card(_ d: DigestReader) -> [UInt8] {
        var out = d.pick(cardPrefixes, at: 24, bytes: 2)
        ASCII.appendDecimal(d.below(1_000_000_000, at: 16), width: 9, to: &out)
        // The payload is digits by construction, so a check digit always exists.
        out.append(Checksums.luhnCheckDigit(out)!)
        return out
    }

    /// `AAA-GG-SSSS` with area 001–899 except 666, group 01–99 and serial 0001–9999.
    static func ssn(_ d: DigestReader) -> [UInt8] {
        var area = 1 + d.below(898, at: 0)
        if area >= 666 { area += 1 }
        var out: [UInt8] = []
        ASCII.appendDecimal(area, width: 3, to: &out)
        out.append(UInt8(ascii: "-"))
        ASCII.appendDecimal(1 + d.below(99, at: 8), width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        ASCII.appendDecimal(1 + d.below(9999, at: 16), width: 4, to: &out)
        return out
    }

    /// The RFC 5737 documentation networks.
    private static let documentationNetworks: [[UInt8]] = ["192.0.2.", "198.51.100.", "203.0.113."].map {
        Array($0.utf8)
    }

    /// A host 1–254 in one of the documentation networks.
    static func ipv4(_ d: DigestReader) -> [UInt8] {
        var out = d.pick(documentationNetworks, at: 24, bytes: 2)
        ASCII.appendDecimal(1 + d.below(254, at: 0), to: &out)
        return out
    }

    /// Digest bytes 0..<16 with the version (4) and variant (10xx) bits set, in the 8-4-4-4-12 hex layout.
    static func uuid(_ d: DigestReader) -> [UInt8] {
        var bytes = (0..<16).map { d.bytes[$0] }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (i, b) in bytes.enumerated() {
            if [4, 6, 8, 10].contains(i) { out.append(UInt8(ascii: "-")) }
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 0x0F)])
        }
        return out
    }
}
