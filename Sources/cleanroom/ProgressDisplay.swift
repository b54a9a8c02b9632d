import CleanroomPipeline
import Foundation
import Synchronization

/// Shows a masking run's progress on standard error (`--progress`; nothing with `--quiet`).
///
/// - `bar` (a terminal): one status line, redrawn at most five times a second, holding every table
///   being copied (several with `--jobs`): rows of the source's estimate, percent, MB/s and ETA.
/// - `plain` (a CI log): a line per table in progress every `interval` seconds, from a heartbeat
///   thread, so a long or stalled table is never silent, and the same for a long step with no table
///   running (index builds, verification); `CLEANROOM_PROGRESS_INTERVAL` sets it (default 10 s).
/// - `json`: the same events as one JSON object a line (`ProgressEvent`), for machines.
///
/// Every step (`phase`) is timed: its time is shown when the next one starts or the run ends (for
/// people only from 0.1 s: a step that only announces the next, such as "building golden database",
/// would read 0.00 s; JSON has them all). The table copy counts as the step "copying tables". Call
/// `finish()` when the run is over; calling it again does nothing.
final class ProgressDisplay: MaskObserver {
    /// How the events are written.
    enum Style: Sendable {
        case bar, plain, json
    }

    private struct Copying {
        var started: Date
        var estimate: Int?
        var rows = 0
        var bytes = 0
        var lastLogged: Date
    }

    private struct Step {
        var name: String
        var started: Date
        var lastLogged: Date
    }

    private struct State {
        var copying: [String: Copying] = [:]
        /// Tables in the order they started, for a stable status line.
        var order: [String] = []
        var lastDraw = Date.distantPast
        var step: Step?
        var finished = false
    }

    /// The step the table copy is shown as.
    static let copyStep = "copying tables"

    private let state = Mutex(State())
    private let style: Style
    private let interval: TimeInterval
    private let started = Date()

    init(style: Style, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.style = style
        interval = max(0, environment["CLEANROOM_PROGRESS_INTERVAL"].flatMap(TimeInterval.init) ?? 10)
        guard style != .bar else { return }
        let period = min(max(interval / 4, 0.05), 1)
        Thread.detachNewThread { [weak self] in
            while true {
                Thread.sleep(forTimeInterval: period)
                guard let self, self.heartbeat() else { return }
            }
        }
    }

    /// Ends the last step (showing its time) and the heartbeat.
    func finish() {
        let now = Date()
        emit { state in
            state.finished = true
            return endStep(&state, now: now)
        }
    }

    func phase(_ message: String) {
        let now = Date()
        emit { beginStep(&$0, message, now: now) }
    }

    func tableStarted(_ table: String, estimatedRows: Int?) {
        let now = Date()
        emit { state in
            var events = state.step?.name == Self.copyStep ? [] : beginStep(&state, Self.copyStep, now: now)
            state.copying[table] = Copying(started: now, estimate: estimatedRows, lastLogged: now)
            state.order.append(table)
            if style == .json { events.append(ProgressEvent(tableStarted: table, estimate: estimatedRows)) }
            return events
        }
    }

    func tableProgress(_ table: String, rows: Int, bytes: Int) {
        let now = Date()
        if style == .bar {
            state.withLock { state in
                state.copying[table]?.rows = rows
                state.copying[table]?.bytes = bytes
                guard now.timeIntervalSince(state.lastDraw) > 0.2 else { return }
                state.lastDraw = now
                let parts = state.order.compactMap { name in state.copying[name].map { describe(name, $0, now) } }
                FileHandle.standardError.write(Data(("\r\u{1B}[2K  " + parts.joined(separator: " · ")).utf8))
            }
            return
        }
        emit { state in
            guard var entry = state.copying[table] else { return [] }
            entry.rows = rows
            entry.bytes = bytes
            defer { state.copying[table] = entry }
            guard now.timeIntervalSince(entry.lastLogged) >= interval else { return [] }
            entry.lastLogged = now
            return [progress(table, entry, now)]
        }
    }

    func tableFinished(_ table: String, rows: Int, bytes: Int, seconds: Double) {
        emit { state in
            state.copying[table] = nil
            state.order.removeAll { $0 == table }
            return [ProgressEvent(tableFinished: table, rows: rows, bytes: bytes, seconds: seconds)]
        }
    }

    /// One heartbeat: a line for each table not shown for `interval` seconds, or for the step when no
    /// table is running. False once the run is over.
    private func heartbeat() -> Bool {
        let now = Date()
        var running = true
        emit { state in
            guard !state.finished else {
                running = false
                return []
            }
            var events: [ProgressEvent] = []
            for name in state.order {
                guard var entry = state.copying[name], now.timeIntervalSince(entry.lastLogged) >= interval else {
                    continue
                }
                entry.lastLogged = now
                state.copying[name] = entry
                events.append(progress(name, entry, now))
            }
            if state.order.isEmpty, var step = state.step, now.timeIntervalSince(step.lastLogged) >= interval {
                step.lastLogged = now
                state.step = step
                events.append(ProgressEvent(stepRunning: step.name, seconds: now.timeIntervalSince(step.started)))
            }
            return events
        }
        return running
    }

    private func beginStep(_ state: inout State, _ name: String, now: Date) -> [ProgressEvent] {
        let ended = endStep(&state, now: now)
        state.step = Step(name: name, started: now, lastLogged: now)
        return ended + [ProgressEvent(stepStarted: name)]
    }

    private func endStep(_ state: inout State, now: Date) -> [ProgressEvent] {
        guard let step = state.step else { return [] }
        state.step = nil
        return [ProgressEvent(stepFinished: step.name, seconds: now.timeIntervalSince(step.started))]
    }

    private func progress(_ table: String, _ entry: Copying, _ now: Date) -> ProgressEvent {
        ProgressEvent(
            progressOf: table, rows: entry.rows, bytes: entry.bytes, estimate: entry.estimate,
            seconds: now.timeIntervalSince(entry.started))
    }

    private func describe(_ table: String, _ entry: Copying, _ now: Date) -> String {
        String(progress(table, entry, now).text.drop { $0 == " " })
    }

    /// Applies `update` and writes the events it returns, under one lock, so lines keep its order.
    private func emit(_ update: (inout State) -> [ProgressEvent]) {
        state.withLock { state in
            let events = update(&state)
            guard !events.isEmpty else { return }
            let elapsed = Date().timeIntervalSince(started)
            let text: String
            switch style {
            case .json: text = events.map { $0.json(elapsed: elapsed) + "\n" }.joined()
            case .plain: text = events.filter(\.isWorthALine).map { $0.text + "\n" }.joined()
            case .bar: text = events.filter(\.isWorthALine).map { "\r\u{1B}[2K" + $0.text + "\n" }.joined()
            }
            FileHandle.standardError.write(Data(text.utf8))
        }
    }
}
