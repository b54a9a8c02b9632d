/// A table of a run to copy (`MaskRun.copy(_:)`): all of its rows, or the share a condition selects.
/// Shares of one table copied in different parts merge into the table when the run finishes, so the
/// shares of a table must hold each of its rows once (page ranges do: `PostgresPageRange`).
public struct TableShare: Hashable, Sendable {
    /// The table, as the run names it (`MaskRun.tables`).
    public var table: String
    /// A SQL condition selecting the share's rows, added to the table's `where:`; nil for every row.
    public var rows: String?

    /// `table`'s rows, those `rows` selects (all of them for nil).
    public init(table: String, rows: String? = nil) {
        self.table = table
        self.rows = rows
    }
}
