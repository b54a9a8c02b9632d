/// The pieces of a `template` transform such as `{first_name}.{last_name}@example.com`: the one
/// parser that validation (which names exist) and compilation (which values to join) share.
enum TemplatePart: Sendable, Equatable {
    case literal([UInt8])
    case column(String)

    static func parse(_ template: String) -> [TemplatePart] {
        var parts: [TemplatePart] = []
        var literal = ""
        var name: String?
        for ch in template {
            if ch == "{" {
                if !literal.isEmpty { parts.append(.literal(Array(literal.utf8))); literal = "" }
                name = ""
            } else if ch == "}", let n = name {
                parts.append(.column(n))
                name = nil
            } else if name != nil {
                name!.append(ch)
            } else {
                literal.append(ch)
            }
        }
        if !literal.isEmpty { parts.append(.literal(Array(literal.utf8))) }
        return parts
    }

    /// The column names referenced, in order.
    static func references(in template: String) -> [String] {
        parse(template).compactMap { if case .column(let name) = $0 { return name } else { return nil } }
    }
}
