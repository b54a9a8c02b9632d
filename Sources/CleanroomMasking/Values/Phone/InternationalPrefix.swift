/// The international prefix of a phone number: `+` or `00`, then an ITU-T E.164 country calling code,
/// as in `+44 7700 900123` or `0049 30 901820`; what follows is the national number.
///
/// `{ fpe: digits }` keeps the prefix and encrypts only the national number's digits, so a masked
/// number keeps a country code that exists and its national length. Redaction can call
/// ``InternationalPrefix/parse(_:allowingDoubleZero:)`` the same way for the phones it finds.
public struct InternationalPrefix: Sendable, Equatable {
    /// How the number is written: `+44 …` or `0044 …`.
    public enum Form: Sendable, Equatable {
        case plus
        case doubleZero
    }

    public var form: Form
    /// The country calling code's digits (`44`), or nil for a `+` number whose first digits are no
    /// assigned code (`+0…`, `+28…`): not a phone number an operator can keep the country of.
    public var countryCode: String?
    /// Bytes of the value the prefix takes: `+` or `00` and the code, with any separators between.
    public var byteCount: Int
    /// Digits after the code.
    public var nationalDigits: Int

    /// The prefix of `value`, or nil when it has none: a value without digits or that does not start
    /// with `+`, or (the
    /// `00` form, only when `allowingDoubleZero`) does not start with `00` and an assigned code, holds
    /// no separator (`0012345678` is an identifier, not a phone number) or leaves fewer than
    /// `minimumNationalDigits` digits after the code (`00 12 34`).
    ///
    /// A `+` value is always a prefix, `countryCode` nil when no assigned code begins it.
    public static func parse(_ value: some Collection<UInt8>, allowingDoubleZero: Bool) -> InternationalPrefix? {
        // Only a value starting with `+`, or with `0` where `00` counts, can have a prefix: most values
        // (national numbers, cards) are told apart by their first byte.
        guard let head = value.first, head == UInt8(ascii: "+") || (allowingDoubleZero && head == UInt8(ascii: "0"))
        else { return nil }
        // One pass: the digits' count, whether anything else occurs, and the offsets and values of the
        // first five digits (two zeros of a `00` prefix and a code of up to three).
        var digits = 0
        var offset = 0
        var first: UInt8?
        var leadOffsets = SIMD8<Int32>()
        var leadDigits = SIMD8<Int32>()
        for byte in value {
            if first == nil { first = byte }
            if ASCII.isDigit(byte) {
                if digits < 5 {
                    leadOffsets[digits] = Int32(offset)
                    leadDigits[digits] = Int32(byte &- UInt8(ascii: "0"))
                }
                digits += 1
            }
            offset += 1
        }
        guard let first else { return nil }
        let form: Form
        var skipped = 0
        if first == UInt8(ascii: "+") {
            form = .plus
        } else if allowingDoubleZero, offset >= 2, digits < offset, digits >= 2, leadOffsets[0] == 0,
            leadOffsets[1] == 1, leadDigits[0] == 0, leadDigits[1] == 0
        {
            form = .doubleZero
            skipped = 2
        } else {
            return nil
        }
        guard digits > skipped else { return nil }
        var number = 0
        for length in 1...min(CountryCallingCodes.longest, digits - skipped) {
            number = number * 10 + Int(leadDigits[skipped + length - 1])
            guard CountryCallingCodes.isAssigned(number, length: length) else { continue }
            let prefix = InternationalPrefix(
                form: form, countryCode: String(number), byteCount: Int(leadOffsets[skipped + length - 1]) + 1,
                nationalDigits: digits - skipped - length)
            if form == .doubleZero && prefix.nationalDigits < minimumNationalDigits { return nil }
            return prefix
        }
        if form == .doubleZero { return nil }
        return InternationalPrefix(form: .plus, countryCode: nil, byteCount: 1, nationalDigits: digits)
    }

    /// The fewest digits FF1 encrypts (SP 800-38G's minimum domain of 10^6 over digits); a number with
    /// fewer after its code cannot keep the code and be encrypted.
    public static let minimumNationalDigits = 6
}

/// The ITU-T E.164 country calling codes assigned to countries, territories and international
/// services (ITU-T E.164 Annex, "List of ITU-T Recommendation E.164 assigned country codes"), spare
/// and reserved codes left out. No code is a prefix of another, so the first digits of a number name
/// at most one.
enum CountryCallingCodes {
    static let longest = 3

    static let assigned: Set<String> = Set(
        """
        1 7
        20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58
        60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98
        211 212 213 216 218 220 221 222 223 224 225 226 227 228 229
        230 231 232 233 234 235 236 237 238 239 240 241 242 243 244 245 246 247 248 249
        250 251 252 253 254 255 256 257 258 260 261 262 263 264 265 266 267 268 269
        290 291 297 298 299
        350 351 352 353 354 355 356 357 358 359 370 371 372 373 374 375 376 377 378 379
        380 381 382 383 385 386 387 389 420 421 423
        500 501 502 503 504 505 506 507 508 509 590 591 592 593 594 595 596 597 598 599
        670 672 673 674 675 676 677 678 679 680 681 682 683 685 686 687 688 689 690 691 692
        800 808 850 852 853 855 856 870 880 881 882 883 886 888
        960 961 962 963 964 965 966 967 968 970 971 972 973 974 975 976 977 979
        992 993 994 995 996 998
        """.split(whereSeparator: \.isWhitespace).map(String.init))

    /// Whether the code of `length` digits whose value is `number` is assigned (`isAssigned(44, length: 2)`).
    static func isAssigned(_ number: Int, length: Int) -> Bool {
        table[(length - 1) * 1000 + number]
    }

    /// `assigned` as flags: index (length − 1) · 1000 + the code's value.
    private static let table: [Bool] = {
        var table = [Bool](repeating: false, count: longest * 1000)
        for code in assigned { table[(code.count - 1) * 1000 + Int(code)!] = true }
        return table
    }()
}
