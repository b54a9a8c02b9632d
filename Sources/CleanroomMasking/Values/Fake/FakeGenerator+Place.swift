/// Street addresses, post codes and company names.
extension FakeGenerator {
    /// Appends `1234 Elm Street`: a house number 1–9999, a street name and a suffix.
    static func street(_ d: DigestReader, into out: inout [UInt8]) {
        ASCII.appendDecimal(1 + d.below(9999, at: 16), to: &out)
        out.append(UInt8(ascii: " "))
        out += d.pick(WordLists.streetNames, at: 0)
        out.append(UInt8(ascii: " "))
        out += d.pick(WordLists.streetSuffixes, at: 24, bytes: 2)
    }

    /// Appends five digits, 01000–99999.
    static func postcode(_ d: DigestReader, into out: inout [UInt8]) {
        ASCII.appendDecimal(1000 + d.below(99000, at: 16), width: 5, to: &out)
    }

    /// `Summit Logistics LLC`, `Okafor Analytics Inc.`, `Okafor & Lindqvist` or `Cedar Foods`.
    static func company(_ d: DigestReader) -> [UInt8] {
        let space = [UInt8(ascii: " ")]
        let prefix = d.pick(WordLists.companyPrefixes, at: 0)
        let industry = d.pick(WordLists.companyIndustries, at: 16, bytes: 4)
        let suffix = d.pick(WordLists.companySuffixes, at: 26, bytes: 2)
        switch d.below(4, at: 24, bytes: 2) {
        case 0: return prefix + space + industry + space + suffix
        case 1: return lastName(d) + space + industry + space + suffix
        case 2: return lastName(d) + Array(" & ".utf8) + d.pick(WordLists.lastNames, at: 20, bytes: 4)
        default: return prefix + space + industry
        }
    }
}
