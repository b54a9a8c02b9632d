/// A share of a PostgreSQL table's rows by where they are stored: the rows whose `ctid` lies in the
/// pages `first ..< end`, or from `first` to the table's end when `end` is nil. PostgreSQL 14 and
/// later read such a share with a TID range scan, so a share costs a read of its pages only.
///
/// Ranges that meet end to end, the first from page 0 and the last open, hold every row of the table
/// exactly once, whatever is stored where — for a table that does not change while they are read (a
/// partitioned table's ranges cut each partition alike). `PostgresSource.pageRanges(of:count:)` cuts them.
public struct PostgresPageRange: Codable, Sendable, Hashable, CustomStringConvertible {
    /// The range's first page.
    public var first: Int
    /// The first page after the range; nil for the table's end.
    public var end: Int?

    /// The pages `first ..< end`, or from `first` to the end.
    public init(first: Int, end: Int?) {
        self.first = first
        self.end = end
    }

    /// The range as a filter of `SourceConnection.openReader` (and `countRows`).
    public var predicate: String {
        let lower = "ctid >= '(\(first),0)'::pg_catalog.tid"
        guard let end else { return lower }
        return lower + " AND ctid < '(\(end),0)'::pg_catalog.tid"
    }

    /// "pages 0..<1200", "pages 1200 to the end".
    public var description: String {
        end.map { "pages \(first)..<\($0)" } ?? "pages \(first) to the end"
    }

    /// `count` ranges of about `pages / count` pages each that meet end to end, from page 0, the
    /// last open (rows added past `pages` fall in it); fewer when the table has fewer pages than
    /// `count`, and none — read it whole — when one range would hold it all.
    static func cutting(pages: Int, into count: Int) -> [PostgresPageRange] {
        let n = min(count, pages)
        guard n > 1 else { return [] }
        let bounds = (0...n).map { pages * $0 / n }
        return (0..<n).map { PostgresPageRange(first: bounds[$0], end: $0 == n - 1 ? nil : bounds[$0 + 1]) }
    }
}
