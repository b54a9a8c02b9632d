/// Prints a `ReportDocument` as CommonMark with GitHub tables. Anchors are empty `<a id>` elements so
/// that the same `#run-N` links work; a chart is a table of its numbers; every value is escaped.
enum MarkdownReportRenderer {
    static func render(_ document: ReportDocument) -> String {
        document.blocks.map(render).joined(separator: "\n\n") + "\n"
    }

    private static func render(_ block: ReportBlock) -> String {
        switch block {
        case .heading(let level, let text, let anchor):
            let target = anchor.map { "<a id=\"\(HTMLReportRenderer.escape($0))\"></a>\n" } ?? ""
            return target + String(repeating: "#", count: level) + " " + escape(text)
        case .paragraph(let inlines):
            return render(inlines)
        case .fields(let fields):
            return fields.map { "- **\(escape($0.label)):** \(render($0.value))" }.joined(separator: "\n")
        case .table(let headers, let rows):
            let lines =
                [
                    "| " + headers.map(escape).joined(separator: " | ") + " |",
                    "|" + String(repeating: " --- |", count: headers.count),
                ]
                + rows.map { "| " + $0.map(render).joined(separator: " | ") + " |" }
            return lines.joined(separator: "\n")
        case .list(let items):
            return items.map { "- " + render($0) }.joined(separator: "\n")
        case .warnings(let items):
            return items.map { "> **Warning:** " + render($0) }.joined(separator: "\n>\n")
        case .verdict(_, let text):
            return "> **\(escape(text))**"
        case .chart(let chart):
            let header = "**\(escape(chart.title))** — \(escape(chart.caption))"
            let rows = chart.bars.map { bar -> [[ReportInline]] in
                let label: [ReportInline] = [bar.anchor.map { .link(bar.label, anchor: $0) } ?? .text(bar.label)]
                return [label] + bar.values.map { [.text(chart.unit.format($0))] } + [[.text(bar.note)]]
            }
            return header + "\n\n"
                + render(.table(headers: [""] + chart.series.map(\.name) + ["note"], rows: rows))
        }
    }

    private static func render(_ inlines: [ReportInline]) -> String {
        inlines.map { inline in
            switch inline {
            case .text(let text): return escape(text)
            case .code(let text): return code(text)
            case .link(let text, let anchor): return "[\(escape(text))](#\(anchor))"
            }
        }.joined()
    }

    /// A code span; text that a span cannot hold safely (backticks, or pipes inside tables) is escaped
    /// plain text instead.
    private static func code(_ text: String) -> String {
        let flat = oneLine(text)
        if flat.contains("`") || flat.contains("|") { return escape(flat) }
        return "`" + flat + "`"
    }

    /// `text` on one line with every character CommonMark or GitHub tables could read as markup
    /// backslash-escaped, HTML included.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in oneLine(text) {
            if "\\`*_[]<>|&~".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
