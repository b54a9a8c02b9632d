/// Street addresses, post codes and company names.
extension FakeGenerator {
    /// Appends `1234 Elm Street`: a house number 1–9999, a street name and a suffix.
    static func street(_ d: DigestReader, into out: inout [UInt8]) {
        street(d, .american(names: WordLists.streetNames, suffixes: WordLists.streetSuffixes), into: &out)
    }

    /// Appends a street line in a locale's style (see ``StreetStyle``).
    static func street(_ d: DigestReader, _ style: StreetStyle, into out: inout [UInt8]) {
        let space = UInt8(ascii: " ")
        switch style {
        case .american(let names, let suffixes), .british(let names, let suffixes):
            let highest = if case .american = style { 9999 } else { 299 }
            ASCII.appendDecimal(1 + d.below(highest, at: 16), to: &out)
            out.append(space)
            out += d.pick(names, at: 0)
            out.append(space)
            out += d.pick(suffixes, at: 24, bytes: 2)
        case .german(let stems, let suffixes):
            out += d.pick(stems, at: 0)
            out += d.pick(suffixes, at: 24, bytes: 2)
            out.append(space)
            ASCII.appendDecimal(1 + d.below(199, at: 16), to: &out)
            if d.below(10, at: 28, bytes: 2) == 0 {
                out.append(UInt8(ascii: "a") + UInt8(d.below(3, at: 30, bytes: 1)))
            }
        case .french(let ways, let names):
            ASCII.appendDecimal(1 + d.below(199, at: 16), to: &out)
            out.append(space)
            out += d.pick(ways, at: 24, bytes: 2)
            out.append(space)
            out += d.pick(names, at: 0)
        }
    }

    /// Appends five digits, 01000–99999.
    static func postcode(_ d: DigestReader, into out: inout [UInt8]) {
        ASCII.appendDecimal(1000 + d.below(99000, at: 16), width: 5, to: &out)
    }

    /// `Summit Logistics LLC`, `Okafor Analytics Inc.`, `Okafor & Lindqvist` or `Cedar Foods`; a
    /// locale's surnames and legal forms where one is given.
    static func company(
        _ d: DigestReader, _ names: PersonNames = .standard, suffixes: PackedWords = WordLists.companySuffixes
    )
        -> [UInt8]
    {
        let space = [UInt8(ascii: " ")]
        let prefix = Array(d.pick(WordLists.companyPrefixes, at: 0))
        let industry = Array(d.pick(WordLists.companyIndustries, at: 16, bytes: 4))
        let suffix = Array(d.pick(suffixes, at: 26, bytes: 2))
        switch d.below(4, at: 24, bytes: 2) {
        case 0: return prefix + space + industry + space + suffix
        case 1: return Array(lastName(d, names)) + space + industry + space + suffix
        case 2: return Array(lastName(d, names)) + Array(" & ".utf8) + Array(d.pick(names.last, at: 20, bytes: 4))
        default: return prefix + space + industry
        }
    }
}
