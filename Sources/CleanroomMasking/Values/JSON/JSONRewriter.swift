/// Rewrites the values at chosen paths of a JSON document, copying everything else byte for byte
/// (DESIGN §4, `json`): formatting, key order, escapes and numbers outside the matched values are
/// exactly as they were.
///
/// It is a single streaming pass over the bytes that validates the whole document (RFC 8259) while it
/// copies. A value that several rules match is rewritten by the first of them; the values inside a
/// rewritten value are not visited.
public enum JSONRewriter {
    /// The deepest nesting of arrays and objects accepted.
    public static let maximumDepth = 512

    /// `json` with each value matched by a rule's path replaced by the raw JSON bytes its transform
    /// returns (use ``encodeString(_:)`` to return a string). Without matches the input comes back
    /// unchanged.
    ///
    /// Throws ``MaskingError/invalidJSON(offset:reason:)`` when `json` is not one valid JSON value
    /// (surrounded by optional whitespace), and rethrows what a transform throws.
    public static func rewrite(_ json: [UInt8], rules: [(JSONPath, (JSONToken) throws -> [UInt8])]) throws -> [UInt8] {
        var out: [UInt8] = []
        try rewrite(json, paths: JSONPathTable(rules.map(\.0)), into: &out) { rule, token, out in
            out += try rules[rule].1(token)
        }
        return out
    }

    /// Appends `json` to `out` with each value matched by one of `paths` replaced by what `splice`
    /// appends for it (the index of the first matching path, the value); the form the `json` transform
    /// compiles to.
    static func rewrite(
        _ json: [UInt8], paths: JSONPathTable, into out: inout [UInt8], splice: JSONRewritePass.Splice
    ) throws {
        let rewritten = try withoutActuallyEscaping(splice) { splice in
            try json.withUnsafeBufferPointer { bytes in
                var pass = JSONRewritePass(json: json, bytes: bytes, paths: paths, splice: splice)
                return try pass.run(into: &out)
            }
        }
        if !rewritten { out += json }
    }

    /// `value` (UTF-8) as a JSON string: quoted, with `"`, `\` and control characters escaped.
    public static func encodeString(_ value: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(value.count + 2)
        appendString(value, to: &out)
        return out
    }

    /// Appends what `write` appends, as a JSON string, to `out` and returns true; returns false, with
    /// `out` as it was, when `write` does. Text without a byte to escape is written in place.
    static func appendString(to out: inout [UInt8], _ write: (inout [UInt8]) throws -> Bool) rethrows -> Bool {
        let start = out.count
        out.append(UInt8(ascii: "\""))
        guard try write(&out) else {
            out.removeSubrange(start...)
            return false
        }
        if out[(start + 1)...].contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            let text = Array(out[(start + 1)...])
            out.removeSubrange(start...)
            appendString(text, to: &out)
        } else {
            out.append(UInt8(ascii: "\""))
        }
        return true
    }

    /// Appends `value` (UTF-8) as a JSON string to `out`; runs without a byte to escape are copied whole.
    static func appendString(_ value: [UInt8], to out: inout [UInt8]) {
        let backslash = UInt8(ascii: "\\")
        out.append(UInt8(ascii: "\""))
        var run = 0
        for (i, c) in value.enumerated() {
            let letter: UInt8?  // the escape's letter after the backslash; nil for \u00XX
            switch c {
            case UInt8(ascii: "\""), backslash: letter = c
            case 0x08: letter = UInt8(ascii: "b")
            case 0x0C: letter = UInt8(ascii: "f")
            case 0x0A: letter = UInt8(ascii: "n")
            case 0x0D: letter = UInt8(ascii: "r")
            case 0x09: letter = UInt8(ascii: "t")
            case 0..<0x20: letter = nil
            default: continue
            }
            out += value[run..<i]
            out.append(backslash)
            if let letter {
                out.append(letter)
            } else {
                out += [
                    UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigits[Int(c >> 4)],
                    hexDigits[Int(c & 0x0F)],
                ]
            }
            run = i + 1
        }
        out += value[run...]
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
