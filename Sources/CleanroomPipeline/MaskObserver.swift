/// Receives progress of a masking run (the CLI draws bars or prints lines from it).
/// Calls arrive from worker threads.
public protocol MaskObserver: Sendable {
    /// A step of the run outside the per-table copy, e.g. "validating rules".
    func phase(_ message: String)
    /// A table's copy began; `estimatedRows` is the source's estimate, when it has one.
    func tableStarted(_ table: String, estimatedRows: Int?)
    /// Cumulative rows and bytes of `table` so far.
    func tableProgress(_ table: String, rows: Int, bytes: Int)
    func tableFinished(_ table: String, rows: Int, bytes: Int, seconds: Double)
}
