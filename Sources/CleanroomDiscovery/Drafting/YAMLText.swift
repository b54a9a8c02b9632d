import CleanroomMasking

/// YAML scalars and rules written by hand, so that the draft can carry comments.
enum YAMLText {
    /// A double-quoted YAML string: backslash, quote and control characters escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A mapping key: plain when it is a simple identifier (`public.customer`, `first_name`), else
    /// quoted. Words YAML reads as booleans or null (`on`, `no`, `null` …) are quoted too.
    static func key(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let simple = bytes.first.map { ($0 | 0x20) &- 0x61 < 26 || $0 == UInt8(ascii: "_") } ?? false
            && bytes.allSatisfy { ($0 | 0x20) &- 0x61 < 26 || $0 &- 0x30 < 10 || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
        return simple && !reserved.contains(text.lowercased()) ? text : quoted(text)
    }

    private static let reserved: Set<String> = ["y", "n", "yes", "no", "true", "false", "on", "off", "null"]

    /// A column's rule as flow YAML that ``RulesParser`` reads back to the same rule:
    /// `keep`, `null`, `{ fake: email, unique: true }`, `{ json: { "$.email": { fake: email } } }`.
    static func rule(_ transform: TransformSpec, unique: Bool = false) -> String {
        let modifiers = unique ? ", unique: true" : ""
        switch transform {
        case .keep: return unique ? "{ keep: true\(modifiers) }" : "keep"
        case .null: return unique ? "{ null: true\(modifiers) }" : "null"
        case .constant(let value): return "{ constant: \(quoted(value))\(modifiers) }"
        case .hash(let format, let length): return "{ hash: { format: \(format.rawValue), length: \(length) }\(modifiers) }"
        case .fpe(let alphabet): return "{ fpe: \(alphabetName(alphabet))\(modifiers) }"
        case .fake(let kind): return "{ fake: \(kind.rawValue)\(modifiers) }"
        case .shiftDate(let days, let per):
            let perText = per.map { ", per: \(key($0))" } ?? ""
            return "{ shift_date: { days: \(days)\(perText) }\(modifiers) }"
        case .noise(let relative): return "{ noise: { relative: \(relative) }\(modifiers) }"
        case .partial(let first, let last, let mask):
            return "{ partial: { first: \(first), last: \(last), mask: \(quoted(String(mask))) }\(modifiers) }"
        case .redact(let classes):
            if Set(classes) == Set(RedactClass.allCases) { return unique ? "{ redact: all\(modifiers) }" : "redact" }
            return "{ redact: [\(classes.map(\.rawValue).joined(separator: ", "))]\(modifiers) }"
        case .json(let paths):
            let entries = paths.map { "\(quoted($0.path)): \($0.transform.map { rule($0) } ?? "null")" }
            return "{ json: { \(entries.joined(separator: ", ")) }\(modifiers) }"
        case .template(let template): return "{ template: \(quoted(template))\(modifiers) }"
        }
    }

    private static func alphabetName(_ alphabet: FPEAlphabet) -> String {
        switch alphabet {
        case .digits: return "digits"
        case .lowerAlnum: return "lower_alnum"
        case .alnum: return "alnum"
        case .hex: return "hex"
        case .custom(let characters): return quoted(characters)
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
