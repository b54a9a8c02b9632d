/// `cleanroom preview`'s plain output (no colour) read back into tables, so tests can compare cells.
///
/// A table is a heading (`main.person: 2 rows`), the column names (masked ones ending in `*`), the
/// rules, and a `source` and a `masked` line per row; tables are separated by a blank line. Cells
/// are cut at the column names' positions, so values with spaces read back whole.
public struct PreviewOutput {
    public struct Table {
        /// The heading up to the first `:` or ` (where: …)`.
        public var name: String
        /// The heading as printed.
        public var heading: String
        /// Column names without the marker.
        public var columns: [String]
        /// Per column: whether its name carries the masked marker.
        public var masked: [Bool]
        public var rules: [String]
        public var source: [[String]]
        public var output: [[String]]

        /// The cells of `column` in the source lines.
        public func sourceColumn(_ column: String) -> [String] { cells(column, source) }
        /// The cells of `column` in the masked lines.
        public func maskedColumn(_ column: String) -> [String] { cells(column, output) }

        private func cells(_ column: String, _ rows: [[String]]) -> [String] {
            guard let i = columns.firstIndex(of: column) else { return [] }
            return rows.map { $0[i] }
        }
    }

    public var tables: [Table]

    /// The table named `name`, if the output has it.
    public func table(_ name: String) -> Table? { tables.first { $0.name == name } }

    /// Parses `text`; throws on a line that does not fit the layout.
    public init(_ text: String) throws {
        let blocks = text.split(separator: "\n", omittingEmptySubsequences: false)
            .split(whereSeparator: \.isEmpty)
        tables = try blocks.map { try Self.table(Array($0.map(String.init))) }
    }

    private static func table(_ lines: [String]) throws -> Table {
        let heading = lines[0]
        let name = String(heading.prefix { $0 != ":" && $0 != " " })
        var table = Table(
            name: name, heading: heading, columns: [], masked: [], rules: [], source: [], output: [])
        guard lines.count >= 3 else { return table }
        let header = Array(lines[1])
        var starts: [Int] = []
        for i in header.indices where header[i] != " " && (i == 0 || header[i - 1] == " ") { starts.append(i) }
        let names = starts.indices.map { slice(header, starts, $0) }
        table.columns = names.map { $0.hasSuffix("*") ? String($0.dropLast()) : $0 }
        table.masked = names.map { $0.hasSuffix("*") }
        table.rules = starts.indices.map { slice(Array(lines[2]), starts, $0) }
        for line in lines.dropFirst(3) where line.drop(while: { $0 == " " }) != "(no rows)" {
            let characters = Array(line)
            let label = String(characters.prefix(starts[0])).split(separator: " ").last.map(String.init)
            let cells = starts.indices.map { slice(characters, starts, $0) }
            switch label {
            case "source": table.source.append(cells)
            case "masked": table.output.append(cells)
            default: throw TestFailure("not a preview row: \(line)")
            }
        }
        return table
    }

    /// The characters of column `i`, from its start to the next column's, trailing spaces dropped.
    private static func slice(_ line: [Character], _ starts: [Int], _ i: Int) -> String {
        let from = min(starts[i], line.count)
        let to = i + 1 < starts.count ? min(starts[i + 1], line.count) : line.count
        var cell = String(line[from..<to])
        while cell.last == " " { cell.removeLast() }
        return cell
    }
}
