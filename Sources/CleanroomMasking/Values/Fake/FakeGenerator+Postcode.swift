/// Postcodes in national formats, and the format a source value is written in.
extension FakeGenerator {
    /// Appends a postcode in `locale`'s format, chosen by `d`:
    /// - en-US: a ZIP code 01001–99950, as ZIP+4 (`12345-6789`) when `input` is one;
    /// - en-GB: a postcode area of the Royal Mail, a district 1–20, and an inward code of a digit and
    ///   two of the letters inward codes use (`WA1 1DP`);
    /// - de-DE: five digits 01001–99998; fr-FR: a département 01–95 and three digits (`69003`);
    /// - en-CA: `K1A 0B1`, with the letters Canada Post uses in each place;
    /// - auto: the format `input` is written in (see ``PostcodeFormat``): a US ZIP+4, a British or a
    ///   Canadian postcode as above, five digits as `{ fake: postcode }` writes them (01000–99999),
    ///   anything else with each digit and letter replaced in place (letters keep their case, other
    ///   characters stay); a value with no digit or letter (`-`, blanks) as five digits.
    ///
    /// British and Canadian postcodes leave out the space between their halves when `input` is such
    /// a postcode written without one, and every postcode comes out in lower case when `input` is.
    static func postcode(_ d: DigestReader, locale: FakeLocale, input: [UInt8], into out: inout [UInt8]) {
        let format = PostcodeFormat.of(input)
        let start = out.count
        switch locale {
        case .enUS:
            ASCII.appendDecimal(1001 + d.below(98950, at: 16), width: 5, to: &out)
            if format == .zipPlus4 {
                out.append(UInt8(ascii: "-"))
                ASCII.appendDecimal(1 + d.below(9999, at: 8), width: 4, to: &out)
            }
        case .enGB: british(d, spaced: format?.isSpaced ?? true, into: &out)
        case .deDE: ASCII.appendDecimal(1001 + d.below(98998, at: 16), width: 5, to: &out)
        case .frFR: ASCII.appendDecimal((1 + d.below(95, at: 16)) * 1000 + d.below(1000, at: 8), width: 5, to: &out)
        case .enCA: canadian(d, spaced: format?.isSpaced ?? true, into: &out)
        case .auto:
            switch format {
            case .zipPlus4: postcode(d, locale: .enUS, input: input, into: &out)
            case .british(let spaced): british(d, spaced: spaced, into: &out)
            case .canadian(let spaced): canadian(d, spaced: spaced, into: &out)
            case .fiveDigits: postcode(d, into: &out)
            case nil where input.contains(where: { ASCII.isDigit($0) || ASCII.isUpper($0) || ASCII.isLower($0) }):
                replacingInPlace(d, input, into: &out)
            case nil: postcode(d, into: &out)  // `-`, blanks: nothing to replace in place
            }
        }
        if input.contains(where: ASCII.isLower) && !input.contains(where: ASCII.isUpper) {
            for i in start..<out.count where ASCII.isUpper(out[i]) { out[i] |= 0x20 }
        }
    }

    /// The letters a British inward code ends with (never C, I, K, M, O or V).
    private static let inwardLetters = Array("ABDEFGHJLNPQRSTUWXYZ".utf8)

    /// The 121 postcode areas of the Royal Mail (facts).
    private static let britishAreas: [[UInt8]] = """
        AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH EN EX FK FY G \
        GL GU HA HD HG HP HR HS HU HX IG IP IV KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX \
        PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF \
        WN WR WS WV YO ZE
        """.split(separator: " ").map { Array($0.utf8) }

    private static func british(_ d: DigestReader, spaced: Bool, into out: inout [UInt8]) {
        out += d.pick(britishAreas, at: 0)
        ASCII.appendDecimal(1 + d.below(20, at: 16), to: &out)
        if spaced { out.append(UInt8(ascii: " ")) }
        ASCII.appendDecimal(d.below(10, at: 24, bytes: 2), to: &out)
        out.append(d.pick(inwardLetters, at: 26, bytes: 2))
        out.append(d.pick(inwardLetters, at: 28, bytes: 2))
    }

    /// Canada Post's letters: the first of a postcode (no D, F, I, O, Q, U, W or Z) and the others
    /// (no D, F, I, O, Q or U).
    private static let canadianFirstLetters = Array("ABCEGHJKLMNPRSTVXY".utf8)
    private static let canadianLetters = Array("ABCEGHJKLMNPRSTVWXYZ".utf8)

    private static func canadian(_ d: DigestReader, spaced: Bool, into out: inout [UInt8]) {
        out.append(d.pick(canadianFirstLetters, at: 0))
        ASCII.appendDecimal(d.below(10, at: 24, bytes: 1), to: &out)
        out.append(d.pick(canadianLetters, at: 8))
        if spaced { out.append(UInt8(ascii: " ")) }
        ASCII.appendDecimal(d.below(10, at: 25, bytes: 1), to: &out)
        out.append(d.pick(canadianLetters, at: 16))
        ASCII.appendDecimal(d.below(10, at: 26, bytes: 1), to: &out)
    }

    /// `input` with each ASCII digit and letter replaced by one chosen by a digest byte (letters keep
    /// their case); every other byte stays.
    private static func replacingInPlace(_ d: DigestReader, _ input: [UInt8], into out: inout [UInt8]) {
        for (i, c) in input.enumerated() {
            let b = d.bytes[i % DigestReader.length] &+ UInt8(truncatingIfNeeded: i / DigestReader.length)
            if ASCII.isDigit(c) {
                out.append(UInt8(ascii: "0") + b % 10)
            } else if ASCII.isUpper(c) {
                out.append(UInt8(ascii: "A") + b % 26)
            } else if ASCII.isLower(c) {
                out.append(UInt8(ascii: "a") + b % 26)
            } else {
                out.append(c)
            }
        }
    }
}

/// The national format a postcode value is written in, read from its shape (letters in any case).
enum PostcodeFormat: Equatable {
    /// `12345`: US, German, French and many others.
    case fiveDigits
    /// `12345-6789`.
    case zipPlus4
    /// `WA1 1DP`, `SW1V 3EN`, `EC1A1BB`: an outward code of 1–2 letters, a digit and an optional
    /// digit or letter, then a digit and two letters.
    case british(spaced: Bool)
    /// `K1A 0B1`: letter, digit, letter, digit, letter, digit.
    case canadian(spaced: Bool)

    /// Whether the halves are written apart, for the formats that have two.
    var isSpaced: Bool? {
        switch self {
        case .british(let spaced), .canadian(let spaced): return spaced
        default: return nil
        }
    }

    /// The format of `value`, or nil when it is none of these.
    static func of(_ value: [UInt8]) -> PostcodeFormat? {
        // The value's shape: `9` for a digit, `A` for a letter, other bytes as they are.
        let shape = value.map { c in ASCII.isDigit(c) ? UInt8(ascii: "9") : ASCII.isLetter(c) ? UInt8(ascii: "A") : c }
        switch shape {
        case Shapes.fiveDigits: return .fiveDigits
        case Shapes.zipPlus4: return .zipPlus4
        case Shapes.canadian: return .canadian(spaced: true)
        case Shapes.canadianCompact: return .canadian(spaced: false)
        default:
            let spaced = shape.count >= 4 && shape[shape.count - 4] == UInt8(ascii: " ")
            let outward = shape.dropLast(spaced ? 4 : 3)
            guard shape.suffix(3).elementsEqual("9AA".utf8), britishOutwards.contains(Array(outward)) else {
                return nil
            }
            return .british(spaced: spaced)
        }
    }

    private enum Shapes {
        static let fiveDigits = Array("99999".utf8)
        static let zipPlus4 = Array("99999-9999".utf8)
        static let canadian = Array("A9A 9A9".utf8)
        static let canadianCompact = Array("A9A9A9".utf8)
    }

    /// The shapes of a British outward code.
    private static let britishOutwards: Set<[UInt8]> = Set(
        ["A9", "A99", "AA9", "AA99", "A9A", "AA9A"].map { Array($0.utf8) })
}
