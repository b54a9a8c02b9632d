import CleanroomPipeline

/// Renders a `MaskPreview` table as aligned text: the column names (masked ones highlighted), each
/// column's rule, then for each row the source line and the masked line.
///
/// Cells are made safe and short for a terminal: control characters (an escape sequence in a source
/// value must not drive the operator's terminal), line breaks and bidirectional overrides print as
/// visible escapes, and a cell longer than `cellWidth` characters ends in an ellipsis.
struct PreviewRenderer {
    /// How masked columns stand out.
    enum Style {
        /// ANSI: masked column names bold yellow, their source values red and masked values green.
        case color
        /// No escapes: masked column names end in `*`.
        case plain
    }

    /// The marker after a masked column's name in `plain` style.
    static let maskedMarker = "*"
    /// What a NULL prints as.
    static let null = "NULL"

    let style: Style
    /// The most characters a cell shows (the last of them an ellipsis when cut).
    let cellWidth: Int

    /// The lines of one table's preview, without trailing newlines.
    func lines(_ table: MaskPreview.Table) -> [String] {
        var heading = table.name
        if let filter = table.filter { heading += " (where: \(Self.safe(filter)))" }
        guard table.copiesRows else { return [heading + ": rows: none, structure only; no rows are copied"] }
        let count = table.rows.count
        heading += ": \(count) row\(count == 1 ? "" : "s")"
        let names = table.columns.enumerated().map { i, name in
            cut(Self.safe(name) + (table.masked[i] && style == .plain ? Self.maskedMarker : ""))
        }
        let rules = table.transforms.map { cut(Self.safe($0)) }
        let cells = table.rows.map { row in (row.source.map(cell), row.masked.map(cell)) }
        let widths = table.columns.indices.map { i in
            ([names[i], rules[i]] + cells.flatMap { [$0.0[i], $0.1[i]] }).map(\.count).max() ?? 0
        }
        let number = max(String(count).count, 1)
        let gutter = String(repeating: " ", count: number + 1) + pad("", "source".count) + "  "
        var out = [heading]
        out.append(gutter + line(names, widths) { i, text in table.masked[i] ? paint(text, .header) : text })
        out.append(gutter + line(rules, widths) { _, text in paint(text, .dim) })
        for (n, (source, masked)) in cells.enumerated() {
            let label = pad(String(n + 1), number)
            out.append(
                label + " " + paint("source", .dim) + "  "
                    + line(source, widths) { i, text in table.masked[i] ? paint(text, .before) : text })
            out.append(
                pad("", number) + " " + paint("masked", .dim) + "  "
                    + line(masked, widths) { i, text in table.masked[i] ? paint(text, .after) : text })
        }
        if cells.isEmpty { out.append(gutter + "(no rows)") }
        return out
    }

    /// Cells padded to their column's width (the last one not), painted by `paint`, two spaces apart.
    private func line(_ texts: [String], _ widths: [Int], paint: (Int, String) -> String) -> String {
        let last = texts.count - 1
        let parts = texts.enumerated().map { i, text in
            paint(i, text) + String(repeating: " ", count: i == last ? 0 : widths[i] - text.count)
        }
        var joined = parts.joined(separator: "  ")
        while joined.last == " " { joined.removeLast() }
        return joined
    }

    /// A value as a cell: NULL spelled out, made safe, cut to the cell width.
    private func cell(_ value: String?) -> String {
        value.map { cut(Self.safe($0)) } ?? Self.null
    }

    /// `text` cut to `cellWidth` characters, the last an ellipsis when anything was cut.
    private func cut(_ text: String) -> String {
        guard text.count > cellWidth else { return text }
        return String(text.prefix(max(cellWidth - 1, 0))) + "…"
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(width - text.count, 0)) + text
    }

    private enum Paint: String {
        case header = "1;33"
        case before = "31"
        case after = "32"
        case dim = "2"
    }

    private func paint(_ text: String, _ paint: Paint) -> String {
        style == .color && !text.isEmpty ? "\u{1B}[\(paint.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// `text` with every character that could move the cursor, colour the terminal, break the line or
    /// reorder what follows replaced by a visible escape (`\n`, `\t`, `\x1b`, `\u{202e}`).
    static func safe(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x00..<0x20, 0x7F..<0xA0:
                out +=
                    "\\x" + String(repeating: "0", count: scalar.value < 0x10 ? 1 : 0)
                    + String(scalar.value, radix: 16)
            case 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
