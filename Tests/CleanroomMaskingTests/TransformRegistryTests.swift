import CleanroomCore
@testable import CleanroomMasking
import Foundation
import Testing

/// The registry is the one list of transforms: the parser, the docs and `cleanroom transforms` read it.
@Suite("Transform registry")
struct TransformRegistryTests {
    @Test("docs/rules.md carries exactly the registry's transform table")
    func docsTable() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/rules.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let start = try #require(text.range(of: "| rule | what it does | column types |"))
        let end = text.range(of: "\n\n", range: start.lowerBound..<text.endIndex)?.lowerBound ?? text.endIndex
        #expect(String(text[start.lowerBound..<end]) == TransformRegistry.markdownTable,
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
            let rules = try RulesParser.parse("version: 1\ntables:\n  t:\n    columns:\n      c: \(name)\n", path: "t.yaml")
            #expect(rules.tables.first?.value.columns["c"]?.transform == spec, "\(name)")
        }
    }

    @Test("a transform that needs parameters says so at its line; an unknown one lists the registry")
    func parameterErrors() {
        #expect(throws: MaskingError.invalidParameter(SourceLocation(file: "t.yaml", line: 5), transform: "fake",
                                                    message: "needs parameters, e.g. `{ fake: … }`")) {
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
        let rules = try RulesParser.parse("version: 1\ntables:\n  t:\n    columns:\n      c: { filler: true }\n", path: "t.yaml")
        #expect(rules.tables.first?.value.columns["c"]?.transform == .filler)
        #expect(throws: MaskingError.self) {
            try RulesParser.parse("version: 1\ntables:\n  t:\n    columns:\n      c: { filler: 3 }\n", path: "t.yaml")
        }
    }
}
