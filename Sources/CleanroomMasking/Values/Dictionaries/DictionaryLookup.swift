/// Case-insensitive membership in the bundled dictionaries, for detectors that recognise personal
/// data by the words it is made of (`cleanroom scan` tells name columns by their dictionary hit rate).
///
/// ```swift
/// DictionaryLookup.contains(Array("MARY".utf8), in: .firstNames)     // true
/// DictionaryLookup.contains(Array("köhler".utf8), in: .lastNames)    // as the list spells it, any case
/// ```
public enum DictionaryLookup {
    /// The bundled word lists that can be asked.
    public enum List: Sendable, CaseIterable {
        case firstNames, lastNames, streetSuffixes
    }

    /// Whether `word` (UTF-8) is an entry of `list`, ignoring the case of ASCII and Latin letters.
    public static func contains(_ word: some Collection<UInt8>, in list: List) -> Bool {
        let folded = CaseFold.lowercased(word)
        switch list {
        case .firstNames: return firstNames.contains(folded)
        case .lastNames: return lastNames.contains(folded)
        case .streetSuffixes: return streetSuffixes.contains(folded)
        }
    }

    private static func folded(_ entries: PackedWords) -> Set<[UInt8]> {
        Set(entries.map { CaseFold.lowercased($0) })
    }

    private static let firstNames = folded(WordLists.firstNames)
    private static let lastNames = folded(WordLists.lastNames)
    private static let streetSuffixes = folded(WordLists.streetSuffixes)
}

/// Lower-casing of UTF-8 bytes without building strings: ASCII, Latin-1 Supplement (`À`–`Þ`) and
/// Latin Extended-A (`Ā`–`Ž`) letters; every other byte is copied as it is.
public enum CaseFold {
    /// `text` with its upper-case ASCII and Latin letters lower-cased.
    public static func lowercased(_ text: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        lowercase(text, into: &out)
        return out
    }

    /// Replaces `out` with ``lowercased(_:)`` of `text`, reusing its storage.
    public static func lowercase(_ text: some Collection<UInt8>, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        out.reserveCapacity(text.count)
        var pending: UInt8?
        for c in text {
            if let lead = pending {
                pending = nil
                if c & 0xC0 == 0x80 {
                    let folded = lower(scalar: UInt32(lead & 0x1F) << 6 | UInt32(c & 0x3F))
                    out.append(0xC0 | UInt8(folded >> 6))
                    out.append(0x80 | UInt8(folded & 0x3F))
                    continue
                }
                out.append(lead)
            }
            if c == 0xC3 || c == 0xC4 || c == 0xC5 {
                pending = c
            } else {
                out.append(ASCII.lowercased(c))
            }
        }
        if let lead = pending { out.append(lead) }
    }

    /// The lower-case form of a scalar in U+00C0…U+017F (two UTF-8 bytes led by C3, C4 or C5).
    private static func lower(scalar s: UInt32) -> UInt32 {
        switch s {
        case 0xC0...0xDE where s != 0xD7: return s + 0x20  // À…Þ except ×
        case 0x100...0x137, 0x14A...0x177: return s & 1 == 0 ? s + 1 : s  // Ā ā … Ķ ķ, Ŋ ŋ … Ŷ ŷ
        case 0x139...0x148, 0x179...0x17E: return s & 1 == 1 ? s + 1 : s  // Ĺ ĺ … Ň ň, Ź ź … Ž ž
        case 0x178: return 0xFF  // Ÿ
        default: return s
        }
    }
}
