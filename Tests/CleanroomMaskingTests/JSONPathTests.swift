import CleanroomMasking
import Testing

@Suite("JSON paths")
struct JSONPathTests {
    @Test("dot, bracket, index and wildcard steps parse; equal steps are equal paths")
    func wellFormed() throws {
        #expect(try JSONPath(parsing: "$").steps == [])
        #expect(try JSONPath(parsing: "$.contact.email").steps == [.member(bytes("contact")), .member(bytes("email"))])
        #expect(
            try JSONPath(parsing: "$.items[*].name").steps == [
                .member(bytes("items")), .wildcard, .member(bytes("name")),
            ])
        #expect(try JSONPath(parsing: "$.phones[10]").steps == [.member(bytes("phones")), .index(10)])
        #expect(
            try JSONPath(parsing: "$['first name'][\"it's\"]").steps == [
                .member(bytes("first name")), .member(bytes("it's")),
            ])
        #expect(try JSONPath(parsing: #"$['a\'b\\c']"#).steps == [.member(bytes(#"a'b\c"#))])
        #expect(try JSONPath(parsing: "$.*.ünïcødé_-$1").steps == [.wildcard, .member(bytes("ünïcødé_-$1"))])
        #expect(try JSONPath(parsing: "$.a[*]") == JSONPath(parsing: "$['a'].*"))
        #expect(try JSONPath(parsing: "$.a").description == "$.a")
    }

    /// The reason `text` is refused with.
    static func reason(_ text: String) -> String? {
        do {
            _ = try JSONPath(parsing: text)
            return nil
        } catch let MaskingError.malformedJSONPath(location, path, reason) {
            #expect(location == nil && path == text)
            return reason
        } catch {
            return "unexpected error \(error)"
        }
    }

    @Test("malformed paths are refused with a precise reason and position")
    func malformed() {
        #expect(Self.reason("") == "the path is empty; start it with '$' (the document root)")
        #expect(Self.reason("contact.email") == "a path must start with '$' (the document root)")
        #expect(Self.reason("$.contact.") == "trailing '.' at character 10 with no member name after it")
        #expect(Self.reason("$.a.[0]") == "empty member name at character 4; write .name or ['name']")
        #expect(Self.reason("$['']") == "empty member name at character 3")
        #expect(Self.reason("$['email'") == "unterminated '[' at character 2; expected ']'")
        #expect(Self.reason("$.items[3") == "unterminated '[' at character 8; expected ']'")
        #expect(Self.reason("$[") == "unterminated '[' at character 2; expected ']'")
        #expect(Self.reason("$['email]") == "unterminated quoted name starting at character 3")
        #expect(Self.reason("$..email") == "'..' at character 2: recursive descent is not supported; name each level")
        #expect(Self.reason("$.a b") == "' ' at character 4 cannot appear in a .name; write ['…'] for such names")
        #expect(Self.reason("$[-1]") == "negative index at character 3; indices count from 0 at the start of the array")
        #expect(Self.reason("$[x]") == "expected a quoted name, an index or '*' after '[' at character 2")
        #expect(Self.reason("$x") == "unexpected 'x' at character 2; expected '.' or '['")
        #expect(Self.reason("$.é x") == "' ' at character 4 cannot appear in a .name; write ['…'] for such names")
        #expect(Self.reason("$[99999999999]") == "index at character 3 is larger than 1000000000")
        #expect(Self.reason(#"$['a\n']"#) == #"unknown escape '\n' at character 5; only \', \" and \\ are allowed"#)
    }

    @Test("the error message names the path and says what is wrong")
    func message() {
        let error = MaskingError.malformedJSONPath(
            nil, path: "$.a.", reason: "trailing '.' at character 4 with no member name after it")
        #expect(
            error.description == "malformed JSON path '$.a.': trailing '.' at character 4 with no member name after it")
    }
}
