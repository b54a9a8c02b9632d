/// A word of free text, as `redact`'s `name` class, the run vocabulary and the leak probe's token
/// check see it.
public struct TextToken: Sendable, Equatable {
    /// How a token is capitalised.
    public enum Shape: Sendable, Equatable {
        /// `jane`, `jANE` (anything that starts with a lower-case letter).
        case lower
        /// `Jane`, `McDonald`, `O'Brien`: a capital, and not every letter a capital.
        case title
        /// `JANE`: two or more letters, all capitals.
        case upper
        /// A single capital letter, `J`.
        case initial
    }

    /// The token's bytes in the text, a possessive `'s` left out.
    public var range: Range<Int>
    public var shape: Shape
    /// Its letters (Unicode scalars), apostrophes not counted.
    public var letters: Int
}

/// Splits UTF-8 text into words: maximal runs of letters (ASCII, or any alphabetic Unicode scalar),
/// an apostrophe (`'` or `’`) inside a run joining its two sides (`O'Brien`). A trailing possessive
/// `'s` / `’s` is not part of the token. Digits, hyphens and every other character separate tokens,
/// so `Okonkwo-Baptiste` is two tokens.
public enum TextTokens {
    /// Calls `body` with each token of `text`, in order.
    public static func forEach(in text: UnsafeBufferPointer<UInt8>, _ body: (TextToken) -> Void) {
        var i = 0
        let n = text.count
        while i < n {
            guard let first = letter(text, at: i) else {
                i += max(1, scalarLength(text, at: i))
                continue
            }
            let start = i
            var letters = 1
            var uppers = first.upper ? 1 : 0
            let firstUpper = first.upper
            i += first.length
            var end = i
            while i < n {
                if let next = letter(text, at: i) {
                    letters += 1
                    if next.upper { uppers += 1 }
                    i += next.length
                    end = i
                    continue
                }
                let apostrophe = apostropheLength(text, at: i)
                guard apostrophe > 0, i + apostrophe < n, letter(text, at: i + apostrophe) != nil else { break }
                i += apostrophe
            }
            var stem = end
            // A possessive: the token ends in an apostrophe and a lone `s`.
            if end - start >= 3, text[end - 1] | 0x20 == UInt8(ascii: "s") {
                for length in [1, 3]
                where end - 1 - length > start && apostropheLength(text, at: end - 1 - length) == length {
                    stem = end - 1 - length
                    letters -= 1
                }
            }
            let shape: TextToken.Shape =
                !firstUpper ? .lower : letters == 1 ? .initial : uppers == letters ? .upper : .title
            body(TextToken(range: start..<stem, shape: shape, letters: letters))
            i = max(i, end)
        }
    }

    /// The letter at `i`: its UTF-8 length and whether it is upper-case; nil for anything else.
    @inline(__always)
    private static func letter(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> (length: Int, upper: Bool)? {
        let c = text[i]
        if c < 0x80 {
            if c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") { return (1, false) }
            if c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") { return (1, true) }
            return nil
        }
        let length = scalarLength(text, at: i)
        guard length > 1, let scalar = decode(text, at: i, length: length), scalar.properties.isAlphabetic else {
            return nil
        }
        return (length, scalar.properties.isUppercase)
    }

    /// The length of an apostrophe at `i` (1 for `'`, 3 for `’`), or 0.
    @inline(__always)
    private static func apostropheLength(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        if text[i] == UInt8(ascii: "'") { return 1 }
        if text[i] == 0xE2, i + 2 < text.count, text[i + 1] == 0x80, text[i + 2] == 0x99 { return 3 }
        return 0
    }

    /// The length of the UTF-8 sequence led by the byte at `i` (1 for a stray continuation byte).
    @inline(__always)
    private static func scalarLength(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let c = text[i]
        let length = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4
        return i + length <= text.count ? length : 1
    }

    private static func decode(_ text: UnsafeBufferPointer<UInt8>, at i: Int, length: Int) -> Unicode.Scalar? {
        var value = UInt32(text[i]) & (0xFF >> (length + 1))
        for k in 1..<length {
            let c = text[i + k]
            guard c & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(c & 0x3F)
        }
        return Unicode.Scalar(value)
    }
}
