import Foundation

/// Draws a `ReportChart` as inline SVG inside a `<figure>`: a legend, then one row per bar with its
/// label (a link to its record, when it has one), its stacked segments scaled to the largest bar, and
/// its note. Text is real SVG text, so it prints, copies and reads out as text. Colours come from the
/// page's style (`.s-<style>` classes). No script, no external reference.
enum SVGChartRenderer {
    static let width = 720.0
    static let labelWidth = 150.0
    static let noteWidth = 210.0
    static let row = 20.0
    static let barHeight = 13.0
    static let legendHeight = 24.0

    static func render(_ chart: ReportChart) -> String {
        let plot = width - labelWidth - noteWidth - 16
        let largest = max(chart.bars.map { $0.values.reduce(0, +) }.max() ?? 0, 1)
        let height = legendHeight + Double(chart.bars.count) * row + 6
        let escape = HTMLReportRenderer.escape
        var svg = """
            <svg viewBox="0 0 \(number(width)) \(number(height))" role="img" aria-label="\(escape(chart.title))">\
            <title>\(escape(chart.title))</title><desc>\(escape(chart.caption))</desc>
            """
        var x = labelWidth
        for series in chart.series {
            svg += "<rect class=\"s-\(series.style.rawValue)\" x=\"\(number(x))\" y=\"6\" width=\"10\" height=\"10\"/>"
            svg += "<text x=\"\(number(x + 14))\" y=\"15\">\(escape(series.name))</text>"
            x += 22 + Double(series.name.count) * 6.5
        }
        for (index, bar) in chart.bars.enumerated() {
            let top = legendHeight + Double(index) * row
            let label =
                "<text x=\"\(number(labelWidth - 8))\" y=\"\(number(top + 11))\" text-anchor=\"end\">"
                + "\(escape(shortened(bar.label)))</text>"
            svg += bar.anchor.map { "<a href=\"#\(escape($0))\">\(label)</a>" } ?? label
            var offset = labelWidth
            for (series, value) in zip(chart.series, bar.values) where value > 0 {
                let length = max(value / largest * plot, 1)
                svg +=
                    "<rect class=\"s-\(series.style.rawValue)\" x=\"\(number(offset))\" y=\"\(number(top + 1))\" "
                    + "width=\"\(number(length))\" height=\"\(number(barHeight))\">"
                    + "<title>\(escape("\(series.name): \(chart.unit.format(value))"))</title></rect>"
                offset += length
            }
            svg += "<text x=\"\(number(labelWidth + plot + 8))\" y=\"\(number(top + 11))\">\(escape(bar.note))</text>"
        }
        svg +=
            "<line class=\"axis\" x1=\"\(number(labelWidth))\" y1=\"\(number(legendHeight - 2))\" "
            + "x2=\"\(number(labelWidth))\" y2=\"\(number(height - 4))\"/></svg>"
        return "<figure class=\"chart\"><figcaption><strong>\(escape(chart.title))</strong> — "
            + "\(escape(chart.caption))</figcaption>\(svg)</figure>"
    }

    /// A label cut to fit its column.
    private static func shortened(_ label: String) -> String {
        label.count <= 24 ? label : label.prefix(23) + "…"
    }

    /// `value` with at most one decimal, as SVG attributes take it.
    private static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
