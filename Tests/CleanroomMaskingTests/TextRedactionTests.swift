import TestSupport
import Testing

@testable import CleanroomMasking

@Suite("redact's replacements keep the layout of what they replace")
struct TextRedactionTests {
    static func redacted(_ text: String, _ classes: Set<RedactClass>) throws -> String {
        let redaction = try TextRedaction(key: Fixtures.key, classes: classes, vocabulary: nil)
        var out: [UInt8] = []
        redaction.redact(Array(text.utf8), into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` with every digit written as `9`.
    static func shape(_ text: Substring) -> String {
        String(text.map { $0.isNumber ? "9" : $0 })
    }

    @Test("a card number keeps its spaces or dashes; an unbroken one stays unbroken")
    func cardLayout() throws {
        for card in ["4111 1111 1111 1111", "5555-5555-5555-4444", "4111111111111111"] {
            let out = try Self.redacted("read out \(card) on the call", [.card])
            let replaced = out.dropFirst("read out ".count).dropLast(" on the call".count)
            #expect(Self.shape(replaced) == Self.shape(Substring(card)), "\(out)")
            #expect(replaced != Substring(card))
        }
    }

    @Test("a phone number keeps its country code and layout")
    func phoneCountryCode() throws {
        let out = try Self.redacted("call +44 20 7946 0958 today", [.phone])
        #expect(out.hasPrefix("call +44 ") && out.hasSuffix(" today"), "\(out)")
        #expect(Self.shape(Substring(out)) == "call +99 99 9999 9999 today")
        #expect(out != "call +44 20 7946 0958 today")
    }
}
