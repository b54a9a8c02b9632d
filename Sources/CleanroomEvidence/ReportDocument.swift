/// The audit report's structure, independent of output format: `AuditReport` builds it, the HTML and
/// Markdown renderers print it, so both formats always carry the same content.
struct ReportDocument {
    var title: String
    /// The paper the HTML print styles are laid out for.
    var paper: ReportPaper
    /// One line printed at the foot of every page (HTML print styles).
    var footer: String
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
    /// Findings an auditor must look at, highlighted.
    case warnings([[ReportInline]])
    /// The verification verdict, highlighted as passed or failed.
    case verdict(passed: Bool, text: String)
    /// A bar chart: inline SVG in HTML, a table of its numbers in Markdown.
    case chart(ReportChart)
}

/// A horizontal bar chart of stacked segments, one bar per row (a run, an environment, a day).
struct ReportChart {
    var title: String
    /// What the chart shows, in a sentence: printed under its title and as the SVG's description.
    var caption: String
    /// The segments every bar stacks, in order.
    var series: [Series]
    var bars: [Bar]
    var unit: Unit

    struct Series {
        var name: String
        var style: Style
    }

    struct Bar {
        var label: String
        /// The record the bar is about, when it is one.
        var anchor: String?
        /// One value per series.
        var values: [Double]
        /// Printed after the bar, e.g. `lived 1 h of a 2 h TTL`.
        var note: String
    }

    /// How values read.
    enum Unit {
        case count
        case seconds

        func format(_ value: Double) -> String {
            switch self {
            case .count: return String(Int(value.rounded()))
            case .seconds: return ReportContext.duration(value)
            }
        }
    }

    /// The look of a series; the HTML renderer gives each its colour.
    enum Style: String, CaseIterable {
        case masked, kept, succeeded, failed, refused, lived, unused, overdue
    }
}
