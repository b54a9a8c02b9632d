import CleanroomCore
import CleanroomMasking
import Testing

@testable import CleanroomDiscovery

@Suite("Rendering drafts as rules YAML")
struct DraftRenderingTests {
    static let specs: [(TransformSpec, Bool)] = [
        (.keep, false), (.keep, true), (.null, false), (.constant("not-a-real \"secret\"\\"), false),
        (.hash(format: .base32, length: 20), true), (.fpe(alphabet: .digits), false),
        (.fpe(alphabet: .custom("abc")), false),
        (.fake(.email), true), (.fake(.firstName), false), (.shiftDate(days: 365, per: "customer_id"), false),
        (.shiftDate(days: 30, per: nil), false), (.noise(relative: 0.1), false),
        (.partial(keepFirst: 2, keepLast: 1, mask: "#"), false),
        (.redact(RedactClass.allCases), false), (.redact([.email, .phone]), false),
        (
            .json([
                JSONPathRule(path: "$.contact.email", transform: .fake(.email)),
                JSONPathRule(path: "$['odd key']", transform: nil),
            ]), false
        ),
        (.template("{first_name}.{customer_id}@example.com"), false), (.filler, false), (.filler, true),
    ]

    @Test("every rule YAMLFlow writes reads back as the same rule")
    func roundTrip() throws {
        var text = "version: 1\ntables:\n  public.t:\n    columns:\n"
        for (i, (spec, unique)) in Self.specs.enumerated() {
            text += "      c\(i): \(YAMLFlow.rule(spec, unique: unique))\n"
        }
        let parsed = try #require(
            try RulesParser.parse(text, path: "draft.yaml").tables[QualifiedName(schema: "public", name: "t")])
        for (i, (spec, unique)) in Self.specs.enumerated() {
            #expect(parsed.columns["c\(i)"]?.transform == spec, "\(spec.summary)")
            #expect(parsed.columns["c\(i)"]?.unique == unique, "\(spec.summary)")
        }
    }

    @Test("keys that YAML would misread are quoted; types: is parsed and ignored by masking")
    func keysAndTypes() throws {
        #expect(YAMLFlow.key("first_name") == "first_name")
        #expect(YAMLFlow.key("public.customer") == "public.customer")
        #expect(YAMLFlow.key("on") == "\"on\"")
        #expect(YAMLFlow.key("First Name") == "\"First Name\"")
        #expect(YAMLFlow.key("2fa") == "\"2fa\"")
        let text = """
            version: 1
            tables:
              public.t:
                types:
                  "on": "boolean"
                  email: "character varying(50)"
                columns:
                  "on": keep
                  email: { fake: email }
            """
        let rule = try #require(
            try RulesParser.parse(text, path: "draft.yaml").tables[QualifiedName(schema: "public", name: "t")])
        #expect(rule.types == ["on": "boolean", "email": "character varying(50)"])
        #expect(rule.columns["on"]?.transform == .keep)
        #expect(throws: MaskingError.self) {
            try RulesParser.parse("version: 1\ntables:\n  t:\n    types: [text]\n    columns: {}\n", path: "bad.yaml")
        }
    }
}
