/// Names, e-mail addresses, user names and phone numbers.
extension FakeGenerator {
    static func firstName(_ d: DigestReader) -> [UInt8] { d.pick(WordLists.firstNames, at: 0) }
    static func lastName(_ d: DigestReader) -> [UInt8] { d.pick(WordLists.lastNames, at: 8) }

    /// `first.lastN`, `first_lastN` or `flastN` (N in 0…999) at a reserved example domain.
    static func email(_ d: DigestReader) -> [UInt8] {
        let first = ASCIIFold.alnum(firstName(d))
        let last = ASCIIFold.alnum(lastName(d))
        var out: [UInt8]
        switch d.below(3, at: 24, bytes: 2) {
        case 0: out = first + [UInt8(ascii: ".")] + last
        case 1: out = first + [UInt8(ascii: "_")] + last
        default: out = [first[0]] + last
        }
        ASCII.appendDecimal(d.below(1000, at: 16), to: &out)
        out.append(UInt8(ascii: "@"))
        out += d.pick(WordLists.emailDomains, at: 26, bytes: 2)
        return out
    }

    /// `flast`, `first_last`, `firstlNN` or `last.first`, in lower-case ASCII.
    static func username(_ d: DigestReader) -> [UInt8] {
        let first = ASCIIFold.alnum(firstName(d))
        let last = ASCIIFold.alnum(lastName(d))
        switch d.below(4, at: 28, bytes: 2) {
        case 0: return [first[0]] + last
        case 1: return first + [UInt8(ascii: "_")] + last
        case 2:
            var out = first + [last[0]]
            ASCII.appendDecimal(d.below(100, at: 16), width: 2, to: &out)
            return out
        default: return last + [UInt8(ascii: ".")] + first
        }
    }

    /// `(AAA) 555-01XX`: the area code's first digit is 2–9, its second 0–8, and it is never N11.
    static func phone(_ d: DigestReader) -> [UInt8] {
        let area = d.below(8 * 9 * 10, at: 16)
        let a1 = 2 + area / 90
        let a2 = area / 10 % 9
        let a3 = a2 == 1 && area % 10 == 1 ? 0 : area % 10
        var out = Array("(".utf8)
        ASCII.appendDecimal(a1 * 100 + a2 * 10 + a3, to: &out)
        out += Array(") 555-01".utf8)
        ASCII.appendDecimal(d.below(100, at: 24, bytes: 2), width: 2, to: &out)
        return out
    }
}
