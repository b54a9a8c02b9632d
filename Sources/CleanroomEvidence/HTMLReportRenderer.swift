/// Prints a `ReportDocument` as one self-contained HTML page: inline CSS and SVG only, no scripts, no
/// external assets, and print styles for A4 and US Letter (page size, margins, a running header and
/// page numbers, table headers repeated and never broken inside a word). Every value is escaped.
enum HTMLReportRenderer {
    static func render(_ document: ReportDocument) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(document.title))</title>
            <style>\(style)\(page(document))</style>
            </head>
            <body>
            <main>

            """
        for block in document.blocks {
            out += render(block)
            out += "\n"
        }
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    private static func render(_ block: ReportBlock) -> String {
        switch block {
        case .heading(let level, let text, let anchor):
            let id = anchor.map { " id=\"\(escape($0))\"" } ?? ""
            return "<h\(level)\(id)>\(escape(text))</h\(level)>"
        case .paragraph(let inlines):
            return "<p>\(render(inlines))</p>"
        case .fields(let fields):
            return "<dl>" + fields.map { "<dt>\(escape($0.label))</dt><dd>\(render($0.value))</dd>" }.joined() + "</dl>"
        case .table(let headers, let rows):
            let head = headers.map { "<th>\(escape($0))</th>" }.joined()
            let body = rows.map { "<tr>" + $0.map { "<td>\(render($0))</td>" }.joined() + "</tr>" }.joined(
                separator: "\n")
            return "<table>\n<thead><tr>\(head)</tr></thead>\n<tbody>\n\(body)\n</tbody>\n</table>"
        case .list(let items):
            return "<ul>" + items.map { "<li>\(render($0))</li>" }.joined() + "</ul>"
        case .warnings(let items):
            return "<ul class=\"warnings\">" + items.map { "<li>\(render($0))</li>" }.joined() + "</ul>"
        case .chart(let chart):
            return SVGChartRenderer.render(chart)
        case .verdict(let passed, let text):
            return "<p class=\"verdict \(passed ? "passed" : "failed")\">\(escape(text))</p>"
        }
    }

    static func render(_ inlines: [ReportInline]) -> String {
        inlines.map { inline in
            switch inline {
            case .text(let text): return escape(text)
            case .code(let text): return "<code>\(escape(text))</code>"
            case .link(let text, let anchor): return "<a href=\"#\(escape(anchor))\">\(escape(text))</a>"
            }
        }.joined()
    }

    /// `text` with the five HTML-significant characters replaced by references.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// The `@page` rules: the paper's size (none for `.any`, so the print dialog's paper is used),
    /// margins that suit A4 and Letter alike, the title at the top and page numbers and the verdict at
    /// the foot of every page.
    private static func page(_ document: ReportDocument) -> String {
        let size: String
        switch document.paper {
        case .any: size = ""
        case .a4: size = "size:A4;"
        case .letter: size = "size:letter;"
        }
        return """

            @page{\(size)margin:16mm 14mm 18mm;\
            @top-left{content:\(cssString(document.title));font:8pt system-ui,sans-serif;color:#555}\
            @bottom-left{content:\(cssString(document.footer));font:8pt system-ui,sans-serif;color:#555}\
            @bottom-right{content:"page " counter(page) " of " counter(pages);font:8pt system-ui,sans-serif;color:#555}}
            """
    }

    /// `text` as a CSS string literal that cannot end the string or the style element.
    static func cssString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"", "\\", "<", ">", "&", "\n", "\r": out += "\\" + String(scalar.value, radix: 16) + " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static let style = """
        body{margin:0;background:#fff;color:#1b1b1b;font:14px/1.45 system-ui,sans-serif}
        main{max-width:75rem;margin:0 auto;padding:2rem}
        h1{font-size:1.6rem;margin:0 0 1rem}
        h2{font-size:1.25rem;margin:2.2rem 0 .8rem;padding-bottom:.2rem;border-bottom:2px solid #d0d0d0}
        h3{font-size:1.05rem;margin:1.6rem 0 .5rem}
        table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}
        th,td{border:1px solid #c8c8c8;padding:.3rem .5rem;text-align:left;vertical-align:top}
        th{background:#f2f2f2;overflow-wrap:normal;word-break:normal;hyphens:manual}
        td{overflow-wrap:break-word}
        code{font-family:ui-monospace,monospace;font-size:.86em;overflow-wrap:anywhere}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0 1rem}
        dt{font-weight:600}
        dd{margin:0;overflow-wrap:break-word;min-width:0}
        .verdict{padding:.6rem .8rem;border-radius:4px;font-weight:600}
        .verdict.passed{background:#e7f4ea;border:1px solid #2e7d32}
        .verdict.failed{background:#fdeaea;border:1px solid #c62828}
        .warnings{list-style:none;padding:0}
        .warnings li{background:#fff4e0;border-left:4px solid #e65100;padding:.4rem .6rem;margin:.3rem 0}
        .warnings li::before{content:"Warning: ";font-weight:600}
        figure.chart{margin:1rem 0 1.5rem}
        figure.chart figcaption{margin-bottom:.3rem}
        figure.chart svg{width:100%;height:auto;max-width:48rem;display:block}
        svg text{font:11px system-ui,sans-serif;fill:#1b1b1b}
        svg .axis{stroke:#888;stroke-width:1}
        .s-masked{fill:#2e7d32}.s-kept{fill:#9e9e9e}.s-succeeded{fill:#2e7d32}.s-failed{fill:#c62828}
        .s-refused{fill:#ef8f00}.s-lived{fill:#1565c0}.s-unused{fill:#fff;stroke:#1565c0;stroke-width:1}
        .s-overdue{fill:#c62828}
        a{color:#0b57d0}
        @media print{
        body{font-size:9pt;print-color-adjust:exact;-webkit-print-color-adjust:exact}
        main{max-width:none;padding:0}
        a{color:inherit;text-decoration:none}
        table{font-size:7.5pt}
        th,td{padding:.12rem .25rem}
        h2,h3{break-after:avoid}
        tr,dl,.verdict,figure.chart,.warnings li{break-inside:avoid}
        thead{display:table-header-group}
        .verdict{border-width:2px}
        }
        """
}
