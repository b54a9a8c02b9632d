/// YAML flow text written by hand, so that drafts can carry comments and every transform can write
/// its own rule (``Transform/yaml(modifiers:)``).
public enum YAMLFlow {
    /// A double-quoted YAML string: backslash, quote and control characters escaped.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A mapping key: plain when it is a simple identifier (`public.customer`, `first_name`), else
    /// quoted. Words YAML reads as booleans or null (`on`, `no`, `null` …) are quoted too.
    public static func key(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let isLetter = { (b: UInt8) in (b | 0x20) &- 0x61 < 26 || b == UInt8(ascii: "_") }
        let simple =
            bytes.first.map(isLetter) ?? false
            && bytes.allSatisfy {
                isLetter($0) || $0 &- 0x30 < 10 || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
            }
        return simple && !reserved.contains(text.lowercased()) ? text : quoted(text)
    }

    private static let reserved: Set<String> = ["y", "n", "yes", "no", "true", "false", "on", "off", "null"]

    /// A column's rule as flow YAML that ``RulesParser`` reads back to the same rule:
    /// `keep`, `null`, `{ fake: email, unique: true }`, `{ json: { "$.email": { fake: email } } }`.
    public static func rule(_ transform: TransformSpec, unique: Bool = false, domain: String? = nil) -> String {
        let modifiers = (unique ? ", unique: true" : "") + (domain.map { ", domain: \(key($0))" } ?? "")
        return transform.transform.yaml(modifiers: modifiers)
    }
}
