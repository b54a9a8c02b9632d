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
        var rewriter = JSONRewritePass(json: json, rules: rules)
        return try rewriter.run()
    }

    /// `value` (UTF-8) as a JSON string: quoted, with `"`, `\` and control characters escaped.
    public static func encodeString(_ value: [UInt8]) -> [UInt8] {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(value.count + 2)
        for c in value {
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), c]
            case 0x08: out += Array("\\b".utf8)
            case 0x0C: out += Array("\\f".utf8)
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0..<0x20: out += Array("\\u00".utf8) + [hex[Int(c >> 4)], hex[Int(c & 0x0F)]]
            default: out.append(c)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }
}
