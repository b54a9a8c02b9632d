import CleanroomMasking
import Testing

@Suite("Partial masking")
struct PartialTests {
    static func partial(_ value: String, _ first: Int, _ last: Int, _ mask: Character = "*") -> String {
        text(Partial.apply(bytes(value), keepFirst: first, keepLast: last, mask: mask))
    }

    @Test("keeps the requested ends and masks one character per character")
    func ends() {
        #expect(Self.partial("4111111111111111", 0, 4) == "************1111")
        #expect(Self.partial("4111111111111111", 6, 4) == "411111******1111")
        #expect(Self.partial("mary@example.com", 1, 0, "•") == "m•••••••••••••••")
        #expect(Self.partial("abc", 1, 1) == "a*c")
    }

    @Test("multi-byte characters are kept or masked whole")
    func unicode() {
        #expect(Self.partial("Jürgen Müller", 2, 2) == "Jü*********er")
        #expect(Self.partial("山田太郎さん", 1, 1) == "山****ん")
        #expect(Self.partial("😀ab😀", 1, 1, "🙈") == "😀🙈🙈😀")
    }

    @Test("too short to keep both ends: at most the first characters stay, never the whole value")
    func short() {
        #expect(Self.partial("abcd", 2, 2) == "ab**")
        #expect(Self.partial("ab", 2, 2) == "a*")
        #expect(Self.partial("abc", 5, 0) == "ab*")
        #expect(Self.partial("a", 0, 0) == "*")
        #expect(Self.partial("a", 1, 0) == "*")
        #expect(Self.partial("é", 0, 3) == "*")
        #expect(Self.partial("", 2, 2) == "")
        #expect(Self.partial("abcdef", -1, -1) == "******")
    }

    @Test("on random UTF-8 the output is valid UTF-8 with as many characters and the kept prefix intact")
    func randomText() {
        let pieces: [Character] = ["a", "Z", "é", "ß", "山", "😀", " ", "\u{301}"]
        var rng = TestDigests(count: 0, seed: 5)
        for _ in 0..<3000 {
            let value = String(
                (0..<Int(rng.nextWord() % 12)).map { _ in pieces[Int(rng.nextWord() % UInt64(pieces.count))] })
            let first = Int(rng.nextWord() % 5)
            let last = Int(rng.nextWord() % 5)
            let out = Partial.apply(bytes(value), keepFirst: first, keepLast: last, mask: "#")
            let decoded = String(validating: out, as: UTF8.self)
            #expect(decoded != nil)
            let scalars = Array(value.unicodeScalars)
            let outScalars = Array(decoded?.unicodeScalars ?? "".unicodeScalars)
            #expect(outScalars.count == scalars.count)
            let shown = scalars.count > first + last ? first : min(first, max(scalars.count - 1, 0))
            #expect(Array(outScalars.prefix(shown)) == Array(scalars.prefix(shown)))
            #expect(scalars.isEmpty || outScalars.contains("#"))
        }
    }
}
