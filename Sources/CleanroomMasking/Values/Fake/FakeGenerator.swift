/// Realistic fake values picked deterministically from a keyed digest (DESIGN §4, `fake:`).
///
/// The same digest always gives the same value; the randomness comes only from the digest, which the
/// caller computes as `HMAC(key, domain ‖ 0x00 ‖ value)`. Choices read fixed byte ranges of the digest:
///
/// | bytes | used for |
/// | --- | --- |
/// | 0..<8 | first name; the main dictionary word of other kinds; leading numbers |
/// | 8..<16 | last name; a second dictionary word or number |
/// | 16..<24 | numbers (e-mail suffix, house number, card digits, …) |
/// | 24..<32 | small choices, two bytes each: pattern, domain, suffix, prefix |
///
/// Kinds describing a person share the name ranges, so the `first_name`, `last_name`, `full_name`,
/// `email` and `username` made from one digest describe the same fake person.
public enum FakeGenerator {
    /// A fake value of `kind` as UTF-8 bytes, chosen by `digest` (32 bytes, an HMAC-SHA256 output).
    ///
    /// Formats, one example each:
    /// - `first_name` `Mary`, `last_name` `Okafor`, `full_name` `Mary Okafor`: from the bundled
    ///   dictionaries (names from many cultures, some with accented Latin letters).
    /// - `email` `mary.okafor417@example.org`: the names folded to lower-case ASCII; the domain is always
    ///   `example.com`, `example.org`, `example.net` or one of their subdomains (RFC 2606), never a
    ///   real mailbox.
    /// - `username` `mokafor`, `mary_okafor`, `maryo42` or `okafor.mary`.
    /// - `phone` `(312) 555-0147`: a North American number in 555-0100…555-0199, the range reserved for
    ///   fiction, behind a plausible area code (first digit 2–9, never N11).
    /// - `street` `1234 Elm Street`, `city` `Springfield`, `postcode` `02139` (5 digits, 01000–99999).
    /// - `region` `TX` or `Texas`: a code where the source value is one, else a name (see
    ///   ``region(_:locale:input:into:)``).
    /// - `company` `Summit Logistics LLC`, `Okafor Analytics Inc.`, `Okafor & Lindqvist` or `Cedar Foods`.
    /// - `iban` `DE89370400440532013000` or `GB82WEST12345698765432` (electronic form, mod-97 valid).
    /// - `card` 16 digits, Luhn-valid, starting with a well-known test-card prefix (`424242`, `400000`, …).
    /// - `ssn` `123-45-6789` with area 001–899 except 666, group 01–99, serial 0001–9999.
    /// - `ipv4` an address in the documentation ranges 192.0.2.0/24, 198.51.100.0/24 or 203.0.113.0/24
    ///   (RFC 5737), host 1–254.
    /// - `uuid` `1b4e28ba-2fa1-4d2e-883f-0016d3cca427`: digest bytes laid out as a version-4 UUID.
    public static func generate(_ kind: FakeKind, digest: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        generate(kind, DigestReader(digest), into: &out)
        return out
    }

    /// Appends a fake value of `kind` chosen by a digest already held by a reader to `out`.
    ///
    /// With a `locale`, names, streets, cities, postcodes, regions and companies follow it (see
    /// ``FakeLocale``); `input`, the source value, decides the formats that follow it (a postcode's,
    /// a region code or name). Without one, every kind but `region` is what it has always been.
    static func generate(
        _ kind: FakeKind, _ d: DigestReader, locale: FakeLocale? = nil, input: [UInt8] = [], into out: inout [UInt8]
    ) {
        if kind == .region { return region(d, locale: locale, input: input, into: &out) }
        if let locale, kind == .postcode { return postcode(d, locale: locale, input: input, into: &out) }
        guard let dictionary = locale?.dictionary else { return localeFree(kind, d, into: &out) }
        let names = dictionary.names
        switch kind {
        case .firstName: out += firstName(d, names)
        case .lastName: out += lastName(d, names)
        case .fullName:
            out += firstName(d, names)
            out.append(UInt8(ascii: " "))
            out += lastName(d, names)
        case .email: email(d, names, into: &out)
        case .username: username(d, names, into: &out)
        case .street: street(d, dictionary.street, into: &out)
        case .city: out += d.pick(dictionary.cities, at: 0)
        case .company: out += company(d, names, suffixes: dictionary.companySuffixes)
        default: localeFree(kind, d, into: &out)
        }
    }

    /// The locale-free fake of `kind`.
    private static func localeFree(_ kind: FakeKind, _ d: DigestReader, into out: inout [UInt8]) {
        switch kind {
        case .firstName: out += firstName(d)
        case .lastName: out += lastName(d)
        case .fullName:
            out += firstName(d)
            out.append(UInt8(ascii: " "))
            out += lastName(d)
        case .email: email(d, into: &out)
        case .username: username(d, into: &out)
        case .phone: phone(d, into: &out)
        case .street: street(d, into: &out)
        case .city: out += d.pick(WordLists.cityNames, at: 0)
        case .postcode: postcode(d, into: &out)
        case .region: region(d, locale: nil, input: [], into: &out)
        case .company: out += company(d)
        case .iban: out += iban(d)
        case .card: out += card(d)
        case .ssn: out += ssn(d)
        case .ipv4: out += ipv4(d)
        case .uuid: out += uuid(d)
        }
    }
}
