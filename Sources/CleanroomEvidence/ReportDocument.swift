/// The audit report's structure, independent of output format: `AuditReport` builds it, the HTML and
/// Markdown renderers print it, so both formats always carry the same content.
struct ReportDocument {
    var title: String
    var blocks: [ReportBlock]
}

/// A run of text inside a block.
enum ReportInline: Equatable {
    case text(String)
    case code(String)
    /// A link to an element of the same document.
    case link(String, anchor: String)

    /// Splits `text` into plain and code runs at backticks.
    static func parse(_ text: String) -> [ReportInline] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().compactMap { index, part in
            if part.isEmpty { return nil }
            return index % 2 == 0 ? .text(String(part)) : .code(String(part))
        }
    }
}

/// A block of the report.
enum ReportBlock {
    case heading(level: Int, text: String, anchor: String?)
    case paragraph([ReportInline])
    /// Labelled values, e.g. a record's fields.
    case fields([(label: String, value: [ReportInline])])
    case table(headers: [String], rows: [[[ReportInline]]])
    case list([[ReportInline]])
    /// The verification verdict, highlighted as passed or failed.
    case verdict(passed: Bool, text: String)
}
