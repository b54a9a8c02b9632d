import CleanroomMasking
import Foundation
import Testing

@Suite("JSON rewriting")
struct JSONRewriterTests {
    typealias Rule = (JSONPath, (JSONToken) throws -> [UInt8])

    /// `document` rewritten with `rules` given as (path, transform) pairs.
    static func rewrite(_ document: String, _ rules: [(String, (JSONToken) throws -> [UInt8])]) throws -> String {
        text(try JSONRewriter.rewrite(bytes(document), rules: rules.map { (try JSONPath(parsing: $0.0), $0.1) }))
    }

    /// A transform that replaces a value with a fixed JSON string.
    static func constant(_ value: String) -> (JSONToken) -> [UInt8] {
        { _ in JSONRewriter.encodeString(bytes(value)) }
    }

    @Test("only the matched value changes; whitespace, key order and every other byte are kept")
    func untouchedBytes() throws {
        let document = """
            { "id" : 17,"contact":{
                "phone":  "+44 20 7946 0958" ,
              "email":"mary.okafor@example.com",   "tags":[ "a" ,"b" ] },
            \t"z": [1.5e3, -0, true, false, null] }
            """
        let out = try Self.rewrite(document, [("$.contact.email", Self.constant("x@example.org"))])
        #expect(out == document.replacingOccurrences(of: "\"mary.okafor@example.com\"", with: "\"x@example.org\""))
    }

    @Test("a document no rule matches comes back as the same bytes")
    func noMatch() throws {
        let document = " [ {\"a\" : [ ] , \"b\":{}} ,\"\\u00e9\\n\" ]\n"
        #expect(
            try Self.rewrite(document, [("$.missing", Self.constant("x")), ("$[5]", Self.constant("y"))]) == document)
        #expect(try Self.rewrite(document, []) == document)
    }

    @Test("wildcards and indices reach into nested arrays and objects")
    func nested() throws {
        let document =
            #"{"items":[{"name":"a","n":1},{"name":"b","n":2},{"n":3}],"matrix":[[1,2],[3,4]],"people":{"x":{"ssn":"1"},"y":{"ssn":"2","keep":"k"}}}"#
        let out = try Self.rewrite(
            document,
            [
                ("$.items[*].name", Self.constant("N")),
                ("$.matrix[1][0]", { _ in bytes("30") }),
                ("$.people.*.ssn", { _ in bytes("null") }),
            ])
        #expect(
            out
                == #"{"items":[{"name":"N","n":1},{"name":"N","n":2},{"n":3}],"matrix":[[1,2],[30,4]],"people":{"x":{"ssn":null},"y":{"ssn":null,"keep":"k"}}}"#
        )
        #expect(try JSONSerialization.jsonObject(with: Data(out.utf8)) is [String: Any])
    }

    @Test("the token carries the kind, the raw bytes and, for strings, the decoded content")
    func tokens() throws {
        let document =
            #"{"s":"Jos\u00e9 \"J\" \\ \ud83d\ude00 \/ é","n":-12.50e+1,"t":true,"f":false,"z":null,"o":{"k":[1]},"a":[ ]}"#
        var seen: [String: (JSONToken.Kind, String, String?)] = [:]
        let rules: [(String, (JSONToken) throws -> [UInt8])] = ["s", "n", "t", "f", "z", "o", "a"].map { key in
            (
                "$.\(key)",
                { token in
                    seen[key] = (token.kind, text(token.raw), token.string.map { text($0) })
                    return Array(token.raw)
                }
            )
        }
        #expect(try Self.rewrite(document, rules) == document)
        #expect(seen["s"]?.0 == .string)
        #expect(seen["s"]?.1 == #""Jos\u00e9 \"J\" \\ \ud83d\ude00 \/ é""#)
        #expect(seen["s"]?.2 == "José \"J\" \\ 😀 / é")
        #expect(seen["n"]?.0 == .number && seen["n"]?.1 == "-12.50e+1" && seen["n"]?.2 == nil)
        #expect(seen["t"]?.0 == .bool && seen["f"]?.1 == "false" && seen["z"]?.0 == .null)
        #expect(seen["o"]?.0 == .object && seen["o"]?.1 == #"{"k":[1]}"#)
        #expect(seen["a"]?.0 == .array && seen["a"]?.1 == "[ ]")
    }

    @Test("keys are matched after decoding escapes; lone surrogates decode to U+FFFD")
    func escapedKeys() throws {
        let out = try Self.rewrite(
            #"{"em\u0061il":"a@example.com","e\"q":"1","bad":"\ud800x"}"#,
            [
                ("$.email", Self.constant("hidden")),
                (#"$['e"q']"#, Self.constant("2")),
                ("$.bad", { token in JSONRewriter.encodeString(token.string!) }),
            ])
        #expect(out == #"{"em\u0061il":"hidden","e\"q":"2","bad":"\#u{FFFD}x"}"#)
    }

    @Test("the first matching rule wins and a replaced value's insides are not visited")
    func firstRuleWins() throws {
        var visitedInside = false
        let out = try Self.rewrite(
            #"{"a":{"b":1},"c":2}"#,
            [
                ("$.a", { _ in bytes("0") }),
                (
                    "$.a.b",
                    { _ in
                        visitedInside = true; return bytes("9")
                    }
                ),
                ("$.*", { _ in bytes("\"w\"") }),
            ])
        #expect(out == #"{"a":0,"c":"w"}"#)
        #expect(!visitedInside)
        #expect(try Self.rewrite(" [1,2] ", [("$", { _ in bytes("null") })]) == " null ")
    }

    @Test("an error thrown by a transform comes out of rewrite")
    func transformErrors() {
        let error = MaskingError.valueRejected(table: "t", column: "c", reason: "no")
        #expect(throws: error) { try Self.rewrite(#"{"a":1}"#, [("$.a", { _ in throw error })]) }
    }

    @Test("invalid JSON is refused with the byte offset where it goes wrong")
    func invalid() {
        let cases: [(String, Int, String)] = [
            ("", 0, "no JSON value (the input is empty or only whitespace)"),
            ("  ", 2, "no JSON value (the input is empty or only whitespace)"),
            (#"{"a":1,}"#, 7, "expected a string key in an object"),
            (#"{"a" 1}"#, 5, "expected ':' after an object key"),
            ("[1 2]", 3, "expected ',' or ']' after an array element"),
            (#"{"a":1"#, 6, "expected ',' or '}' after an object member"),
            (#"["abc"#, 1, "unterminated string"),
            (#"{"a":tru}"#, 5, "expected a value (object, array, string, number, true, false or null)"),
            ("01", 1, "unexpected data after the JSON value"),
            ("[1] x", 4, "unexpected data after the JSON value"),
            (#"["\x"]"#, 2, #"unknown escape in a string; JSON allows \" \\ \/ \b \f \n \r \t \uXXXX"#),
            ("[\"a\nb\"]", 3, #"control character inside a string; it must be escaped (\n, \t, \u00XX)"#),
            (#"["\u12G4"]"#, 2, #"\u needs four hex digits"#),
            ("[1.]", 3, "expected a digit after the decimal point"),
            ("[-]", 2, "expected a digit in a number"),
            ("[1e+]", 4, "expected a digit in the exponent"),
            ("[1,]", 3, "expected a value (object, array, string, number, true, false or null)"),
            ("[", 1, "unexpected end of input; expected a value"),
        ]
        for (document, offset, reason) in cases {
            #expect(throws: MaskingError.invalidJSON(offset: offset, reason: reason), "\(document)") {
                try JSONRewriter.rewrite(bytes(document), rules: [])
            }
        }
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(
            throws: MaskingError.invalidJSON(offset: 512, reason: "arrays and objects nested deeper than 512 levels")
        ) {
            try JSONRewriter.rewrite(bytes(deep), rules: [])
        }
        let error = MaskingError.invalidJSON(offset: 7, reason: "expected a string key in an object")
        #expect(error.exitStatus == .runFailed)
        #expect(error.description.hasPrefix("invalid JSON at byte 7: expected a string key in an object"))
    }

    @Test("encodeString escapes what JSON requires and round-trips every string, checked against Foundation")
    func encodeString() throws {
        #expect(text(JSONRewriter.encodeString(bytes("a\"b\\c\n\t\u{01}é😀/"))) == #""a\"b\\c\n\t\u0001é😀/""#)
        var rng = TestDigests(count: 0, seed: 3)
        let pieces = [
            "a", "Z", " ", "\"", "\\", "\n", "\r", "\t", "\u{00}", "\u{1F}", "\u{7F}", "é", "☎", "😀", "/", "'",
        ]
        for _ in 0..<2000 {
            let value = (0..<Int(rng.nextWord() % 20)).map { _ in pieces[Int(rng.nextWord() % UInt64(pieces.count))] }
                .joined()
            let encoded = JSONRewriter.encodeString(bytes(value))
            let parsed = try JSONSerialization.jsonObject(with: Data(encoded), options: .fragmentsAllowed) as? String
            #expect(parsed == value)
            var decoded: [UInt8]?
            _ = try JSONRewriter.rewrite(
                encoded,
                rules: [
                    (
                        try JSONPath(parsing: "$"),
                        { token in
                            decoded = token.string; return []
                        }
                    )
                ])
            #expect(decoded == bytes(value))
        }
    }
}
