import CleanroomCore
import Foundation
import Testing

@testable import CleanroomMasking

/// The registry is the one list of transforms: the parser, the docs and `cleanroom transforms` read it.
@Suite("Transform registry")
struct TransformRegistryTests {
    @Test("docs/rules.md carries exactly the registry's transform table")
    func docsTable() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../docs/rules.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let start = try #require(text.range(of: "| rule | what it does | column types |"))
        let end = text.range(of: "\n\n", range: start.lowerBound..<text.endIndex)?.lowerBound ?? text.endIndex
        #expect(
            String(text[start.lowerBound..<end]) == TransformRegistry.markdownTable,
            "regenerate the table with `cleanroom transforms --markdown`")
    }

    @Test("names are distinct and each resolves to its own type")
    func names() {
        #expect(Set(TransformRegistry.names).count == TransformRegistry.all.count)
        for type in TransformRegistry.all { #expect(TransformRegistry.named(type.name) == type) }
        #expect(TransformRegistry.named("lorem") == nil)
    }

    @Test("every bare form parses from its name alone and writes YAML that reads back equal")
    func bareForms() throws {
        let bare = TransformRegistry.all.compactMap { type in type.bare.map { (type.name, TransformSpec($0)) } }
        #expect(bare.map(\.0) == ["keep", "null", "hash", "filler", "redact"])
        for (name, spec) in bare {
            let rules = try RulesParser.parse(
                "version: 1\ntables:\n  t:\n    columns:\n      c: \(name)\n", path: "t.yaml")
            #expect(rules.tables.first?.value.columns["c"]?.transform == spec, "\(name)")
        }
    }

    @Test("a transform that needs parameters says so at its line; an unknown one lists the registry")
    func parameterErrors() {
        #expect(
            throws: MaskingError.invalidParameter(
                SourceLocation(file: "t.yaml", line: 5), transform: "fake",
                message: "needs parameters, e.g. `{ fake: … }`")
        ) {
            try RulesParser.parse("version: 1\ntables:\n  t:\n    columns:\n      c: fake\n", path: "t.yaml")
        }
        do {
            _ = try RulesParser.parse("version: 1\ntables:\n  t:\n    columns:\n      c: lorem\n", path: "t.yaml")
            Issue.record("an unknown transform must be refused")
        } catch let error as MaskingError {
            #expect(error == .unknownTransform(SourceLocation(file: "t.yaml", line: 5), name: "lorem"))
            #expect(error.description.contains(TransformRegistry.names.joined(separator: ", ")))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("filler takes no parameters: `{ filler: true }` is filler, `{ filler: 3 }` an error at its line")
    func fillerParameters() throws {
        let rules = try RulesParser.parse(
            "version: 1\ntables:\n  t:\n    columns:\n      c: { filler: true }\n", path: "t.yaml")
        #expect(rules.tables.first?.value.columns["c"]?.transform == .filler)
        #expect(throws: MaskingError.self) {
            try RulesParser.parse("version: 1\ntables:\n  t:\n    columns:\n      c: { filler: 3 }\n", path: "t.yaml")
        }
    }
}

/// Declared lengths (`varchar(n)`): refused at validation when no value fits, re-drawn into the limit otherwise.
@Suite("Column length limits")
struct LengthLimitTests {
    static func problems(_ rule: String, type: String) throws -> [MaskingError] {
        let schema = DatabaseSchema(
            tables: [
                Table(
                    name: QualifiedName(schema: "public", name: "t"),
                    columns: [Column(name: "c", typeName: type, kind: .text)],
                    primaryKey: [])
            ], foreignKeys: [])
        let rules = try RulesParser.parse(
            "version: 1\ntables:\n  public.t:\n    columns:\n      c: \(rule)\n", path: "t.yaml")
        return RulesValidator.problems(rules, against: schema)
    }

    @Test(
        "declared lengths are read from the type name",
        arguments: [
            ("character varying(15)", 15), ("varchar(40)", 40), ("NVARCHAR(160)", 160), ("character(2)", 2),
            ("text", nil),
            ("numeric(10,2)", nil), ("character varying", nil),
        ] as [(String, Int?)])
    func declaredLength(type: String, expected: Int?) {
        #expect(Column(name: "c", typeName: type, kind: .text).maximumLength == expected)
    }

    @Test("a 16-character hash into varchar(15), a uuid into varchar(20) and a long constant are refused at validation")
    func refused() throws {
        for (rule, type) in [
            ("hash", "character varying(15)"), ("{ fake: uuid }", "varchar(20)"),
            ("{ constant: \"far too long\" }", "varchar(5)"),
        ] {
            let found = try Self.problems(rule, type: type)
            #expect(found.count == 1, "\(rule) into \(type)")
            guard case .outputTooLong(let location, "public.t", "c", _, let limit)? = found.first else {
                Issue.record("\(rule) into \(type): \(found)")
                continue
            }
            #expect(location.line == 5 && limit == Column(name: "c", typeName: type, kind: .text).maximumLength)
        }
        #expect(try Self.problems("{ hash: { length: 15 } }", type: "character varying(15)").isEmpty)
        #expect(try Self.problems("{ fake: city }", type: "character varying(15)").isEmpty, "most cities fit: re-drawn")
        #expect(try Self.problems("filler", type: "character varying(15)").isEmpty)
    }

    @Test("keyed draws re-draw into the limit: every fake city of 2000 fits varchar(8)")
    func redrawn() throws {
        let schema = DatabaseSchema(
            tables: [
                Table(
                    name: QualifiedName(schema: "public", name: "t"),
                    columns: [
                        Column(name: "short", typeName: "character varying(8)", kind: .text),
                        Column(name: "long", typeName: "text", kind: .text),
                    ], primaryKey: [])
            ], foreignKeys: [])
        let rules = try RulesParser.parse(
            "version: 1\ntables:\n  public.t:\n    columns:\n      short: { fake: city, domain: c }\n"
                + "      long: { fake: city, domain: c }\n", path: "t.yaml")
        let plan = try MaskingPlan(
            rules: RulesValidator.validate(rules, against: schema),
            key: MaskingKey(bytes: Array(repeating: 9, count: 32)))
        var batch = RowBatch()
        for i in 0..<2000 { batch.appendRow(values: [Array("Town \(i)".utf8), Array("Town \(i)".utf8)]) }
        var short: [String] = []
        var long: [String] = []
        try plan.masker(for: plan.validated.tables[0]).mask(batch).forEachRow { fields in
            short.append(String(decoding: CopyText.decode(fields[0]) ?? [], as: UTF8.self))
            long.append(String(decoding: CopyText.decode(fields[1]) ?? [], as: UTF8.self))
        }
        #expect(short.allSatisfy { $0.unicodeScalars.count <= 8 })
        #expect(long.contains { $0.unicodeScalars.count > 8 }, "without a limit some cities are longer")
        // Where the first draw fits, the limit changes nothing: the same domain gives the same city.
        #expect(zip(short, long).filter { $0.1.unicodeScalars.count <= 8 }.allSatisfy { $0.0 == $0.1 })
    }
}
