/// Names, e-mail addresses, user names and phone numbers.
extension FakeGenerator {
    static func firstName(_ d: DigestReader, _ names: PersonNames = .standard) -> UnsafeBufferPointer<UInt8> {
        d.pick(names.first, at: 0)
    }
    static func lastName(_ d: DigestReader, _ names: PersonNames = .standard) -> UnsafeBufferPointer<UInt8> {
        d.pick(names.last, at: 8)
    }
    /// ``ASCIIFold/alnum(_:)`` of ``firstName(_:_:)`` and ``lastName(_:_:)``, folded when the lists were made.
    static func foldedFirstName(_ d: DigestReader, _ names: PersonNames) -> UnsafeBufferPointer<UInt8> {
        d.pick(names.foldedFirst, at: 0)
    }
    static func foldedLastName(_ d: DigestReader, _ names: PersonNames) -> UnsafeBufferPointer<UInt8> {
        d.pick(names.foldedLast, at: 8)
    }

    /// Appends `first.lastN`, `first_lastN` or `flastN` (N in 0…999) at a reserved example domain.
    static func email(_ d: DigestReader, _ names: PersonNames = .standard, into out: inout [UInt8]) {
        let start = out.count
        out += foldedFirstName(d, names)
        switch d.below(3, at: 24, bytes: 2) {
        case 0: out.append(UInt8(ascii: "."))
        case 1: out.append(UInt8(ascii: "_"))
        default: out.removeLast(out.count - start - 1)  // the first name's initial
        }
        out += foldedLastName(d, names)
        ASCII.appendDecimal(d.below(1000, at: 16), to: &out)
        out.append(UInt8(ascii: "@"))
        out += d.pick(WordLists.emailDomains, at: 26, bytes: 2)
    }

    /// Appends `flast`, `first_last`, `firstlNN` or `last.first`, in lower-case ASCII.
    static func username(_ d: DigestReader, _ names: PersonNames = .standard, into out: inout [UInt8]) {
        let start = out.count
        let pattern = d.below(4, at: 28, bytes: 2)
        if pattern == 3 {
            out += foldedLastName(d, names)
            out.append(UInt8(ascii: "."))
            out += foldedFirstName(d, names)
            return
        }
        out += foldedFirstName(d, names)
        switch pattern {
        case 0:
            out.removeLast(out.count - start - 1)  // the first name's initial
            out += foldedLastName(d, names)
        case 1:
            out.append(UInt8(ascii: "_"))
            out += foldedLastName(d, names)
        default:
            let initial = out.count
            out += foldedLastName(d, names)
            out.removeLast(out.count - initial - 1)  // the last name's initial
            ASCII.appendDecimal(d.below(100, at: 16), width: 2, to: &out)
        }
    }

    /// Appends `(AAA) 555-01XX`: the area code's first digit is 2–9, its second 0–8, and it is never N11.
    static func phone(_ d: DigestReader, into out: inout [UInt8]) {
        let area = d.below(8 * 9 * 10, at: 16)
        let a1 = 2 + area / 90
        let a2 = area / 10 % 9
        let a3 = a2 == 1 && area % 10 == 1 ? 0 : area % 10
        out.append(UInt8(ascii: "("))
        ASCII.appendDecimal(a1 * 100 + a2 * 10 + a3, to: &out)
        ASCII.append(") 555-01", to: &out)
        ASCII.appendDecimal(d.below(100, at: 24, bytes: 2), width: 2, to: &out)
    }
}

/// The given names and surnames person fakes draw from: the locale-free lists or a locale's.
///
/// Build one only for a `static let`: its folded lists are packed for the life of the process.
struct PersonNames: Sendable {
    let first: PackedWords
    let last: PackedWords
    /// ``ASCIIFold/alnum(_:)`` of each name, index for index: e-mail addresses and user names are made
    /// of these, so a value does not fold its names again.
    let foldedFirst: PackedWords
    let foldedLast: PackedWords

    init(first: PackedWords, last: PackedWords) {
        self.first = first
        self.last = last
        foldedFirst = PackedWords(first.map { ASCIIFold.alnum(Array($0)) })
        foldedLast = PackedWords(last.map { ASCIIFold.alnum(Array($0)) })
    }

    /// The locale-free dictionaries (names of many cultures).
    static let standard = PersonNames(first: WordLists.firstNames, last: WordLists.lastNames)
}
