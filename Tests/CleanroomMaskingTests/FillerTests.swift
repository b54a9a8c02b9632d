import CleanroomCore
import Testing

@testable import CleanroomMasking

/// `filler`: keyed, readable, about the source's length, and nothing of the source left.
@Suite("Filler for free text")
struct FillerTests {
    static let schema = DatabaseSchema(
        tables: [
            Table(
                name: QualifiedName(schema: "main", name: "notes"),
                columns: [
                    Column(name: "id", typeName: "integer", kind: .integer, isNullable: false),
                    Column(name: "body", typeName: "text", kind: .text),
                ], primaryKey: ["id"])
        ], foreignKeys: [])

    static func mask(_ bodies: [String?], key: UInt8 = 7) throws -> [String?] {
        let rules = try RulesParser.parse(
            "version: 1\ntables:\n  notes:\n    columns:\n      id: keep\n      body: filler\n",
            path: "t.yaml")
        let plan = try MaskingPlan(
            rules: RulesValidator.validate(rules, against: schema),
            key: MaskingKey(bytes: Array(repeating: key, count: 32)))
        var batch = RowBatch()
        for (i, body) in bodies.enumerated() {
            batch.appendRow(values: [Array(String(i).utf8), body.map { Array($0.utf8) }])
        }
        var out: [String?] = []
        try plan.masker(for: plan.validated.tables[0]).mask(batch).forEachRow { fields in
            out.append(CopyText.decode(fields[1]).map { String(decoding: $0, as: UTF8.self) })
        }
        return out
    }

    static let notes = [
        "Customer Jane Qwertyson called about the late parcel; handed to Okonkwo-Baptiste at the depot on Elm Street.",
        "ok",
        "Ünïcödé naïve café résumé: Zoë Ångström.",
        String(repeating: "Long note about Mr Haverbrook and his order. ", count: 40),
    ]

    @Test("same key and text give the same filler; another key or another text gives another")
    func deterministic() throws {
        let a = try Self.mask(Self.notes)
        #expect(a == (try Self.mask(Self.notes)))
        #expect(a[0] != (try Self.mask(Self.notes, key: 8))[0])
        #expect(a[0] != (try Self.mask([Self.notes[0] + " "]))[0])
    }

    @Test("about the source's length: never longer, short of it by less than a word")
    func length() throws {
        for (source, filler) in zip(Self.notes, try Self.mask(Self.notes)) {
            let output = try #require(filler)
            #expect(output.count <= source.count)
            #expect(output.count > source.count - 16, "\(source.count) → \(output.count)")
            #expect(!output.isEmpty)
        }
    }

    @Test("sentences of listed words: capitalised, punctuated, ASCII, no source token left")
    func readable() throws {
        let words = Set(FillerTransform.words.map { String(decoding: $0, as: UTF8.self) })
        for (source, filler) in zip(Self.notes, try Self.mask(Self.notes)) where source.count > 20 {
            let output = try #require(filler)
            #expect(output.first?.isUppercase == true && output.hasSuffix("."), "\(output)")
            #expect(output.utf8.allSatisfy { $0 < 0x80 })
            let tokens = output.split(whereSeparator: { $0 == " " || $0 == "." || $0 == "," }).map { $0.lowercased() }
            #expect(tokens.allSatisfy(words.contains), "\(output)")
            for name in ["jane", "qwertyson", "okonkwo", "baptiste", "elm", "haverbrook", "zoë"] {
                #expect(!tokens.contains(name))
            }
            #expect(output.split(separator: ".").count > 1 || source.count < 60, "long text has several sentences")
        }
    }

    @Test("NULL stays NULL and empty stays empty")
    func emptyAndNull() throws {
        #expect(try Self.mask([nil, ""]) == [nil, ""])
    }

    @Test("filler is refused on non-text columns and with unique: true")
    func validation() throws {
        let schema = DatabaseSchema(
            tables: [
                Table(
                    name: QualifiedName(schema: "main", name: "t"),
                    columns: [
                        Column(name: "n", typeName: "integer", kind: .integer),
                        Column(name: "s", typeName: "text", kind: .text),
                    ], primaryKey: [])
            ], foreignKeys: [])
        func problem(_ columns: String) throws -> MaskingError? {
            let rules = try RulesParser.parse("version: 1\ntables:\n  t:\n    columns:\n\(columns)", path: "t.yaml")
            do {
                _ = try RulesValidator.validate(rules, against: schema)
                return nil
            } catch let error as MaskingError {
                return error
            }
        }
        let intoInteger = try problem("      n: filler\n      s: keep\n")
        #expect(
            intoInteger.map { if case .incompatibleType(_, _, "n", "filler", "integer") = $0 { true } else { false } }
                == true,
            "\(String(describing: intoInteger))")
        let unique = try problem("      n: keep\n      s: { filler: true, unique: true }\n")
        #expect(
            unique.map { if case .uniqueUnsupported(_, _, "s", "filler") = $0 { true } else { false } } == true,
            "\(String(describing: unique))")
        #expect(try problem("      n: keep\n      s: filler\n") == nil)
    }
}
