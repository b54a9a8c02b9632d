import CleanroomPipeline
import Foundation
import Synchronization

/// Shows a masking run's progress on standard error, nothing with `--quiet`.
///
/// On a terminal one status line is redrawn at most five times a second, holding every table being
/// copied (several with `--jobs`): rows, rate, and percent and ETA where the source estimates its
/// rows. Elsewhere (a CI log) each table in progress gets a plain line every `interval` seconds, so
/// a long table is never silent; `CLEANROOM_PROGRESS_INTERVAL` sets it (default 10 s).
final class ProgressDisplay: MaskObserver {
    private struct Copying {
        var started: Date
        var estimate: Int?
        var rows = 0
        var bytes = 0
        var lastLogged: Date
    }

    private struct State {
        var copying: [String: Copying] = [:]
        /// Tables in the order they started, for a stable status line.
        var order: [String] = []
        var lastDraw = Date.distantPast
    }

    private let state = Mutex(State())
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let interval: TimeInterval

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        interval = environment["CLEANROOM_PROGRESS_INTERVAL"].flatMap(TimeInterval.init) ?? 10
    }

    func phase(_ message: String) {
        write(["· \(message)"])
    }

    func tableStarted(_ table: String, estimatedRows: Int?) {
        let now = Date()
        state.withLock {
            $0.copying[table] = Copying(started: now, estimate: estimatedRows, lastLogged: now)
            $0.order.append(table)
        }
    }

    func tableProgress(_ table: String, rows: Int, bytes: Int) {
        let now = Date()
        let output: String? = state.withLock { state in
            guard var entry = state.copying[table] else { return nil }
            entry.rows = rows
            entry.bytes = bytes
            defer { state.copying[table] = entry }
            if isTerminal {
                guard now.timeIntervalSince(state.lastDraw) > 0.2 else { return nil }
                state.lastDraw = now
                let parts = state.order.compactMap { name in
                    (name == table ? entry : state.copying[name]).map { Self.describe(name, $0, now: now) }
                }
                return "\r\u{1B}[2K  " + parts.joined(separator: " · ")
            }
            guard now.timeIntervalSince(entry.lastLogged) >= interval else { return nil }
            entry.lastLogged = now
            return "  \(Self.describe(table, entry, now: now))\n"
        }
        if let output { FileHandle.standardError.write(Data(output.utf8)) }
    }

    func tableFinished(_ table: String, rows: Int, bytes: Int, seconds: Double) {
        state.withLock {
            $0.copying[table] = nil
            $0.order.removeAll { $0 == table }
        }
        let rate = Double(bytes) / max(seconds, 0.001) / 1_048_576
        write([
            "  \(table): \(rows) rows in \(String(format: "%.2f", seconds)) s (\(String(format: "%.1f", rate)) MB/s)"
        ])
    }

    /// `customer: 1200 rows, 3.1 MB/s, 40%, ETA 12 s`.
    private static func describe(_ table: String, _ entry: Copying, now: Date) -> String {
        let seconds = max(0.001, now.timeIntervalSince(entry.started))
        var line =
            "\(table): \(entry.rows) rows, \(String(format: "%.1f", Double(entry.bytes) / seconds / 1_048_576)) MB/s"
        if let estimate = entry.estimate, estimate > entry.rows, entry.rows > 0 {
            let remaining = Double(estimate - entry.rows) / (Double(entry.rows) / seconds)
            line += String(format: ", %d%%, ETA %.0f s", entry.rows * 100 / estimate, remaining)
        }
        return line
    }

    private func write(_ lines: [String]) {
        let prefix = isTerminal ? "\r\u{1B}[2K" : ""
        let text = lines.map { prefix + $0 + "\n" }.joined()
        state.withLock { _ in FileHandle.standardError.write(Data(text.utf8)) }
    }
}
