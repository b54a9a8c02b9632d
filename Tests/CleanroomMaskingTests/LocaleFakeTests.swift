import CleanroomCore
import CleanroomCrypto
import Testing

@testable import CleanroomMasking

/// Fakes in a locale: national postcode formats, region codes, per-locale dictionaries, and the
/// locale read from the row's country column.
@Suite("Fakes in a locale")
struct LocaleFakeTests {
    /// `count` fakes of `kind` in `locale` for `input`, over the shared reproducible digests.
    static func samples(_ kind: FakeKind, _ locale: FakeLocale?, input: String = "", count: Int = 2000) -> [String] {
        TestDigests(count: count).map { digest in
            var out: [UInt8] = []
            FakeGenerator.generate(kind, DigestReader(digest), locale: locale, input: Array(input.utf8), into: &out)
            return text(out)
        }
    }

    static func entries(_ list: PackedWords) -> Set<String> { Set(list.map { text(Array($0)) }) }

    @Test("without a locale every kind draws exactly what it always drew")
    func localeFreeUnchanged() {
        for digest in TestDigests(count: 300) {
            for kind in FakeKind.allCases where kind != .region {
                var out: [UInt8] = []
                FakeGenerator.generate(kind, DigestReader(digest), locale: nil, input: Array("x".utf8), into: &out)
                #expect(out == FakeGenerator.generate(kind, digest: digest), "\(kind)")
            }
        }
    }

    @Test("postcodes in each country's format")
    func postcodeFormats() throws {
        for zip in Self.samples(.postcode, .enUS, input: "02139") {
            let value = try #require(Int(zip))
            #expect(zip.count == 5 && (1001...99950).contains(value), "\(zip)")
        }
        #expect(
            Self.samples(.postcode, .enUS, input: "02139-4307").allSatisfy { $0.wholeMatch(of: /\d{5}-\d{4}/) != nil })
        let areas = Set(
            Self.samples(.postcode, .enGB, input: "WA1 1DP").map { code -> String in
                #expect(code.wholeMatch(of: /[A-Z]{1,2}\d{1,2} \d[ABD-HJLNP-UW-Z]{2}/) != nil, "\(code)")
                return String(code.prefix { $0.isLetter })
            })
        #expect(areas.count > 100 && areas.contains("WA") && !areas.contains("XX"))
        #expect(
            Self.samples(.postcode, .enGB, input: "sw1v3en").allSatisfy {
                $0.wholeMatch(of: /[a-z]{1,2}\d{1,2}\d[a-z]{2}/) != nil
            })
        #expect(
            Self.samples(.postcode, .deDE, input: "10115").allSatisfy {
                (1001...99998).contains(Int($0) ?? 0) && $0.count == 5
            })
        #expect(
            Self.samples(.postcode, .frFR, input: "75008").allSatisfy {
                (1...95).contains(Int($0.prefix(2)) ?? 0) && $0.count == 5
            })
        #expect(
            Self.samples(.postcode, .enCA, input: "K1A 0B1").allSatisfy {
                $0.wholeMatch(of: /[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d/) != nil
            })
    }

    @Test(
        "auto postcodes keep the format the value shows; five digits are what `{ fake: postcode }` writes",
        arguments: [
            ("WA1 1DP", #"[A-Z]{1,2}\d{1,2} \d[A-Z]{2}"#), ("EC1A1BB", #"[A-Z]{1,2}\d{1,2}\d[A-Z]{2}"#),
            ("K1A 0B1", #"[A-Z]\d[A-Z] \d[A-Z]\d"#), ("02139-4307", #"\d{5}-\d{4}"#), ("1234 AB", #"\d{4} [A-Z]{2}"#),
            ("00-358", #"\d{2}-\d{3}"#), ("c1425", #"[a-z]\d{4}"#), ("2010", #"\d{4}"#),
            // Nothing to replace in place (a placeholder, a blank-padded char(n)): five digits, never the input.
            ("-", #"\d{5}"#), ("   ", #"\d{5}"#),
        ])
    func autoPostcodes(input: String, pattern: String) throws {
        let regex = try Regex(pattern)
        let outputs = Self.samples(.postcode, .auto, input: input, count: 500)
        #expect(outputs.allSatisfy { $0.wholeMatch(of: regex) != nil }, "\(input): \(outputs.prefix(3))")
        #expect(Set(outputs).count > 100)
    }

    @Test("auto on five digits is the locale-free postcode, so such columns mask as before")
    func autoFiveDigits() {
        #expect(Self.samples(.postcode, .auto, input: "12345") == Self.samples(.postcode, nil, input: "12345"))
    }

    @Test("regions: codes for codes, names for names, in the locale the value belongs to")
    func regions() {
        let us = LocaleDictionary.enUS, de = LocaleDictionary.deDE, ca = LocaleDictionary.enCA
        let fr = LocaleDictionary.frFR, gb = LocaleDictionary.enGB
        #expect(Set(Self.samples(.region, nil, input: "TX")).isSubset(of: Self.entries(us.regionCodes)))
        #expect(
            Set(Self.samples(.region, nil, input: "tx")).isSubset(of: Set(us.regionCodes.map { text($0).lowercased() }))
        )
        #expect(Set(Self.samples(.region, nil, input: "Texas")).isSubset(of: Self.entries(us.regionNames)))
        #expect(Set(Self.samples(.region, .auto, input: "BY")).isSubset(of: Self.entries(de.regionCodes)))
        #expect(Set(Self.samples(.region, .auto, input: "bayern")).isSubset(of: Self.entries(de.regionNames)))
        #expect(Set(Self.samples(.region, nil, input: "ON")).isSubset(of: Self.entries(ca.regionCodes)))
        #expect(Set(Self.samples(.region, nil, input: "IDF")).isSubset(of: Self.entries(fr.regionCodes)))
        #expect(Set(Self.samples(.region, nil, input: "Lyonnais")).isSubset(of: Self.entries(us.regionNames)))
        #expect(Set(Self.samples(.region, .enGB, input: "ZZ")).isSubset(of: Self.entries(gb.regionCodes)))
        #expect(Set(Self.samples(.region, .deDE, input: "Sachsen")).count == de.regionNames.count)
    }

    @Test("each locale draws its own names, cities, streets and legal forms")
    func dictionaries() throws {
        for locale in FakeLocale.countries {
            let dictionary = try #require(locale.dictionary)
            for list in [dictionary.names.first, dictionary.names.last, dictionary.cities, dictionary.regionNames] {
                #expect(list.count >= 13 && Set(list.map(Array.init)).count == list.count, "\(locale)")
                #expect(list.allSatisfy { !$0.isEmpty && $0.first != UInt8(ascii: " ") }, "\(locale)")
            }
            #expect(dictionary.regionCodes.allSatisfy { (2...3).contains($0.count) && $0.allSatisfy(ASCII.isUpper) })
            #expect(Set(dictionary.regionCodes.map(\.count)).count == 1, "\(locale): codes of one length")
            let names = Self.samples(.fullName, locale, count: 500)
            let first = Self.entries(dictionary.names.first)
            let last = Self.entries(dictionary.names.last)
            #expect(
                names.allSatisfy { name in
                    first.contains { name.hasPrefix($0 + " ") && last.contains(String(name.dropFirst($0.count + 1))) }
                })
            #expect(Set(Self.samples(.city, locale, count: 500)).isSubset(of: Self.entries(dictionary.cities)))
            #expect(
                Self.samples(.email, locale, count: 500).allSatisfy {
                    $0.allSatisfy(\.isASCII) && $0.contains("example.")
                })
        }
        #expect(
            Self.samples(.street, .deDE).allSatisfy {
                $0.wholeMatch(of: /\p{L}+(straße|weg|allee|gasse|ring|platz|steig) \d{1,3}[abc]?/) != nil
            })
        #expect(
            Self.samples(.street, .frFR).allSatisfy {
                $0.wholeMatch(of: /\d{1,3} (rue|avenue|boulevard|place|chemin|allée|impasse|quai|route|square) .+/)
                    != nil
            })
        #expect(Self.samples(.street, .enGB).allSatisfy { $0.wholeMatch(of: /\d{1,3} \p{L}+ \p{L}+/) != nil })
        #expect(Self.samples(.company, .deDE).contains { $0.hasSuffix(" GmbH") })
    }

    @Test("the country column names a locale by code, name or locale tag, in any case")
    func countryNames() {
        for (value, locale) in [
            ("DE", FakeLocale.deDE), ("deu", .deDE), (" Germany ", .deDE), ("Deutschland", .deDE), ("de_DE", .deDE),
            ("United Kingdom", .enGB), ("UK", .enGB), ("Scotland", .enGB), ("USA", .enUS), ("United States", .enUS),
            ("FRANCE", .frFR), ("République Française", .frFR), ("Canada", .enCA), ("en-CA", .enCA),
        ] {
            #expect(FakeLocale(country: Array(value.utf8)) == locale, "\(value)")
        }
        for value in ["Brazil", "", "  ", "Deutsch", "auto"] { #expect(FakeLocale(country: Array(value.utf8)) == nil) }
    }

    static let schema = DatabaseSchema(
        tables: [
            Table(
                name: QualifiedName(schema: "main", name: "addresses"),
                columns: [
                    Column(name: "id", typeName: "integer", kind: .integer, isNullable: false),
                    Column(name: "country", typeName: "text", kind: .text),
                    Column(name: "city", typeName: "text", kind: .text),
                    Column(name: "postcode", typeName: "text", kind: .text),
                    Column(name: "state", typeName: "character varying(3)", kind: .text),
                ], primaryKey: ["id"])
        ], foreignKeys: [])

    static func mask(_ columns: String, _ rows: [[String?]]) throws -> [[String?]] {
        let rules = try RulesParser.parse("version: 1\ntables:\n  addresses:\n    columns:\n\(columns)", path: "t.yaml")
        let plan = try MaskingPlan(rules: RulesValidator.validate(rules, against: schema), key: MaskingPlanTests.key)
        return try MaskingPlanTests.mask(plan, rows)
    }

    static let byCountry = """
              id: keep
              country: keep
              city: { fake: { kind: city, locale_from: country } }
              postcode: { fake: { kind: postcode, locale_from: country } }
              state: { fake: { kind: region, locale_from: country, locale: en-US } }

        """

    @Test("locale_from: each row's fakes follow its country; other countries fall back; same pair, same fake")
    func localeFrom() throws {
        let rows: [[String?]] = [
            ["1", "Germany", "Köln", "50667", "NW"], ["2", "United Kingdom", "Warrington", "WA1 1DP", nil],
            ["3", "Brazil", "São Paulo", "01007-000", "SP"], ["4", nil, "Lyon", "69003", "AR"],
            ["5", "DE", "Köln", "50667", "NW"], ["6", "France", "Köln", "50667", nil],
        ]
        let masked = try Self.mask(Self.byCountry, rows)
        #expect(Self.entries(LocaleDictionary.deDE.cities).contains(masked[0][2] ?? ""))
        #expect(masked[0][3]?.wholeMatch(of: /\d{5}/) != nil)
        #expect(Self.entries(LocaleDictionary.deDE.regionCodes).contains(masked[0][4] ?? ""))
        #expect(Self.entries(LocaleDictionary.enGB.cities).contains(masked[1][2] ?? ""))
        #expect(masked[1][3]?.wholeMatch(of: /[A-Z]{1,2}\d{1,2} \d[A-Z]{2}/) != nil, "\(masked[1][3] ?? "")")
        #expect(masked[1][4] == nil)
        // Brazil and NULL: the locale-free city, the postcode's own format, the rule's en-US region.
        #expect(Self.entries(WordLists.cityNames).contains(masked[2][2] ?? ""))
        #expect(masked[2][3]?.wholeMatch(of: /\d{5}-\d{3}/) != nil && masked[2][3] != "01007-000")
        #expect(Self.entries(LocaleDictionary.enUS.regionCodes).contains(masked[2][4] ?? ""))
        #expect(Self.entries(LocaleDictionary.enUS.regionCodes).contains(masked[3][4] ?? ""))
        #expect(masked[4] == ["5", "DE"] + masked[0].dropFirst(2), "the same value in the same country masks alike")
        #expect(
            Self.entries(LocaleDictionary.frFR.cities).contains(masked[5][2] ?? ""), "another country, another fake")
        #expect(try Self.mask(Self.byCountry, rows) == masked, "deterministic")
    }

    @Test("unique: true with locale_from is refused at validation: collisions are resolved per value, before the copy")
    func uniqueByCountry() throws {
        let rules = try RulesParser.parse(
            "version: 1\ntables:\n  addresses:\n    columns:\n      id: keep\n      country: keep\n      city: keep\n"
                + "      postcode: { fake: { kind: postcode, locale_from: country }, unique: true }\n      state: keep\n",
            path: "t.yaml")
        let problems = RulesValidator.problems(rules, against: Self.schema).map(\.description)
        #expect(
            problems.contains {
                $0.contains("t.yaml:8")
                    && $0.contains("unique: true is not possible with 'fake:postcode[from country]'")
            },
            "\(problems)")
    }

    @Test("rules: the mapping form reads back equal; bad locales, keys and columns are refused at their line")
    func parsing() throws {
        for rule in [
            "{ fake: { kind: city, locale: de-DE } }", "{ fake: { kind: postcode, locale_from: country } }",
            "{ fake: { kind: region, locale: en-US, locale_from: country }, unique: true }", "{ fake: region }",
            "{ fake: { kind: postcode, locale: auto } }",
        ] {
            let rules = try RulesParser.parse(
                "version: 1\ntables:\n  t:\n    columns:\n      c: \(rule)\n", path: "t.yaml")
            let column = try #require(rules.tables.first?.value.columns["c"])
            #expect(YAMLFlow.rule(column.transform, unique: column.unique) == rule)
        }
        #expect(FakeTransform(kind: .city, locale: .deDE).summary == "fake:city[de-DE]")
        #expect(
            FakeTransform(kind: .city, locale: .enUS, localeFrom: "country").summary
                == "fake:city[from country, else en-US]")
        #expect(FakeTransform(kind: .city).summary == "fake:city")
        for (rule, message) in [
            ("{ fake: { kind: city, locale: de-AT } }", "unknown locale 'de-AT'"),
            ("{ fake: { kind: city, language: de } }", "unknown parameter 'language'"),
            ("{ fake: { locale: de-DE } }", "takes a kind"),
            ("{ fake: city, locale: de-DE }", "write `{ fake: { kind: city, locale: … } }`"),
        ] {
            do {
                _ = try RulesParser.parse("version: 1\ntables:\n  t:\n    columns:\n      c: \(rule)\n", path: "t.yaml")
                Issue.record("\(rule) must be refused")
            } catch let error as MaskingError {
                #expect(error.description.contains(message) && error.description.contains("t.yaml:5"), "\(error)")
            }
        }
        let rules = try RulesParser.parse(
            "version: 1\ntables:\n  addresses:\n    columns:\n      id: keep\n      country: keep\n      city: keep\n"
                + "      postcode: { fake: { kind: postcode, locale_from: land } }\n      state: keep\n", path: "t.yaml"
        )
        let problems = RulesValidator.problems(rules, against: Self.schema)
        #expect(
            problems.map(\.description).contains { $0.contains("locale_from: land is not a column of main.addresses") })
    }

    @Test(
        "declared lengths: a region fits varchar(2) where codes do, not in a locale of 3-letter codes; by a country column, only what every country's fits"
    )
    func regionLengths() {
        #expect(FakeTransform(kind: .region).fits(maximumLength: 2))
        #expect(FakeTransform(kind: .region, locale: .deDE).fits(maximumLength: 2))
        #expect(!FakeTransform(kind: .region, locale: .frFR).fits(maximumLength: 2))
        // A French row would draw a 3-letter code: refused before the run, not at that row.
        #expect(!FakeTransform(kind: .region, localeFrom: "country").fits(maximumLength: 2))
        #expect(FakeTransform(kind: .region, localeFrom: "country").fits(maximumLength: 3))
        #expect(!FakeTransform(kind: .postcode, localeFrom: "country").fits(maximumLength: 5))
        #expect(!FakeTransform(kind: .city, locale: .deDE).fits(maximumLength: 3))
    }

    /// Every localised kind in every locale, and by a country column, over 1,000 rows.
    static let pinnedColumns: [MaskingOutputPinTests.ColumnCase] = {
        let countries = ["Germany", "UK", "fr_FR", "USA", "Canada", "Brazil", "", "DEU"]
        let postcodes = ["WA1 1DP", "K1A 0B1", "12345-6789", "75008", "1234 AB", "sw1v3en", "02139"]
        let regions = ["TX", "Bayern", "on", "IDF", "Kent", "Texas", "ZZ"]
        var columns: [MaskingOutputPinTests.ColumnCase] = [("country", "keep", { countries[$0 % countries.count] })]
        let kinds: [(FakeKind, @Sendable (Int) -> String)] = [
            (.fullName, { "Name \($0)" }), (.email, { "user\($0)@example.com" }), (.street, { "\($0) Main Street" }),
            (.city, { $0 % 3 == 0 ? "SPRINGFIELD" : "Town \($0)" }), (.postcode, { postcodes[$0 % postcodes.count] }),
            (.region, { regions[$0 % regions.count] }), (.company, { "Acme \($0)" }),
        ]
        for (kind, value) in kinds {
            for locale in FakeLocale.allCases {
                let name = "\(kind.rawValue)_\(locale.rawValue.replacingOccurrences(of: "-", with: "_"))"
                columns.append((name, "{ fake: { kind: \(kind.rawValue), locale: \(locale.rawValue) } }", value))
            }
            columns.append(
                ("\(kind.rawValue)_from", "{ fake: { kind: \(kind.rawValue), locale_from: country } }", value))
        }
        return columns
    }()

    @Test("localised fakes are pinned: the same key and input give these bytes in every release")
    func pinned() throws {
        let (output, changed, counters) = try MaskingOutputPinTests.mask(Self.pinnedColumns, rows: 1000)
        let digests = [output, changed, counters].map { Hex.encode(SHA256Hasher.digest($0)) }
        #expect(
            digests == [
                "587176ce11a3a784050900fcaa624f0612e9ba317fe0e5622448e8105fa7e8f5",
                "6fa795c061a977030c59f3e803c18d137aae76a81698c64b99e42a2c5eb7a7c9",
                "0cd90e58b469d7d37bdc4372a71bfe1e21d4c3aedd0e5d4ebd7c9a9d28309416",
            ])
    }
}
