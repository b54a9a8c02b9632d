import CleanroomPipeline
import Foundation

/// Shows a masking run's progress: a redrawn line per table on a terminal, plain lines otherwise
/// (CI logs), nothing with `--quiet`.
final class ProgressDisplay: MaskObserver, @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`; workers report from several threads.
    private let lock = NSLock()
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var lastDraw = Date.distantPast
    private var started: [String: Date] = [:]
    private var estimates: [String: Int] = [:]

    func phase(_ message: String) {
        write("· \(message)")
    }

    func tableStarted(_ table: String, estimatedRows: Int?) {
        lock.lock()
        started[table] = Date()
        estimates[table] = estimatedRows
        lock.unlock()
    }

    func tableProgress(_ table: String, rows: Int, bytes: Int) {
        guard isTerminal else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) > 0.2 else { return }
        lastDraw = now
        let seconds = max(0.001, now.timeIntervalSince(started[table] ?? now))
        let rate = Double(bytes) / seconds / 1_048_576
        var line = "  \(table): \(rows) rows, \(String(format: "%.1f", rate)) MB/s"
        if let estimate = estimates[table], estimate > rows, rows > 0 {
            let remaining = Double(estimate - rows) / (Double(rows) / seconds)
            line += String(format: ", %d%%, ETA %.0f s", rows * 100 / estimate, remaining)
        }
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(line)".utf8))
    }

    func tableFinished(_ table: String, rows: Int, bytes: Int, seconds: Double) {
        let rate = Double(bytes) / max(seconds, 0.001) / 1_048_576
        write("  \(table): \(rows) rows in \(String(format: "%.2f", seconds)) s (\(String(format: "%.1f", rate)) MB/s)")
    }

    private func write(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        let prefix = isTerminal ? "\r\u{1B}[2K" : ""
        FileHandle.standardError.write(Data((prefix + line + "\n").utf8))
    }
}
