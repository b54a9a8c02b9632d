import ArgumentParser
import Foundation

/// One thing `ProgressDisplay` reports, as a line for people (`text`) or a JSON object (`json`).
///
/// JSON lines (`--progress json`) carry `event` and the fields that apply, plus `elapsed`, seconds
/// since the run began:
///
/// | event | fields |
/// | --- | --- |
/// | `step-started` | `step` |
/// | `step-running` | `step`, `seconds` (a heartbeat while no table is copying) |
/// | `step-finished` | `step`, `seconds` |
/// | `table-started` | `table`, `estimate` (the source's row estimate, when it has one) |
/// | `table-progress` | `table`, `rows`, `bytes`, `seconds`, `bytesPerSecond`, and with an estimate `estimate`, `percent`, `etaSeconds` |
/// | `table-finished` | `table`, `rows`, `bytes`, `seconds`, `bytesPerSecond` |
struct ProgressEvent: Encodable {
    var event: String
    var step: String?
    var table: String?
    var rows: Int?
    var bytes: Int?
    var estimate: Int?
    var seconds: Double?
    var bytesPerSecond: Double?
    var percent: Int?
    var etaSeconds: Double?
    var elapsed: Double?

    private init(_ event: String) { self.event = event }

    init(stepStarted step: String) {
        self.init("step-started")
        self.step = step
    }

    init(stepRunning step: String, seconds: Double) {
        self.init("step-running")
        self.step = step
        self.seconds = seconds
    }

    init(stepFinished step: String, seconds: Double) {
        self.init("step-finished")
        self.step = step
        self.seconds = seconds
    }

    init(tableStarted table: String, estimate: Int?) {
        self.init("table-started")
        self.table = table
        self.estimate = estimate
    }

    init(progressOf table: String, rows: Int, bytes: Int, estimate: Int?, seconds: Double) {
        self.init("table-progress", table: table, rows: rows, bytes: bytes, seconds: seconds)
        // Percent and ETA only while the estimate is ahead: past it, the estimate was wrong.
        if let estimate, estimate > rows, rows > 0 {
            self.estimate = estimate
            percent = rows * 100 / estimate
            etaSeconds = Double(estimate - rows) / (Double(rows) / max(seconds, 0.001))
        }
    }

    init(tableFinished table: String, rows: Int, bytes: Int, seconds: Double) {
        self.init("table-finished", table: table, rows: rows, bytes: bytes, seconds: seconds)
    }

    /// A table's rows and bytes after `seconds`, and the rate.
    private init(_ event: String, table: String, rows: Int, bytes: Int, seconds: Double) {
        self.init(event)
        self.table = table
        self.rows = rows
        self.bytes = bytes
        self.seconds = seconds
        bytesPerSecond = Double(bytes) / max(seconds, 0.001)
    }

    /// The line for people: `· creating indexes…`, `  creating indexes…: 4.20 s`,
    /// `  public.rental: 1200 of 16044 rows, 3.1 MB/s, 7%, ETA 12 s`, `  public.rental: 16044 rows in 0.84 s (3.1 MB/s)`.
    var text: String {
        let rate = String(format: "%.1f MB/s", (bytesPerSecond ?? 0) / 1_048_576)
        switch event {
        case "step-started":
            return "· \(step ?? "")"
        case "step-running":
            return "  \(step ?? ""): running for \(String(format: "%.0f", seconds ?? 0)) s"
        case "step-finished":
            return "  \(step ?? ""): \(String(format: "%.2f", seconds ?? 0)) s"
        case "table-finished":
            return "  \(table ?? ""): \(rows ?? 0) rows in \(String(format: "%.2f", seconds ?? 0)) s (\(rate))"
        default:
            guard let estimate, let percent, let etaSeconds else {
                return "  \(table ?? ""): \(rows ?? 0) rows, \(rate)"
            }
            return "  \(table ?? ""): \(rows ?? 0) of \(estimate) rows, \(rate), \(percent)%, ETA "
                + String(format: "%.0f s", etaSeconds)
        }
    }

    /// Whether people get a line for it: all but steps that took less than 0.1 s.
    var isWorthALine: Bool {
        event != "step-finished" || (seconds ?? 0) >= 0.1
    }

    /// One line of JSON, keys sorted, with `elapsed` seconds since the run began.
    func json(elapsed: Double) -> String {
        func rounded(_ value: Double?, _ places: Double) -> Double? { value.map { ($0 * places).rounded() / places } }
        var event = self
        event.elapsed = rounded(elapsed, 1000)
        event.seconds = rounded(seconds, 1000)
        event.bytesPerSecond = rounded(bytesPerSecond, 1)
        event.etaSeconds = rounded(etaSeconds, 10)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(event)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

/// `--progress`: how a masking command shows progress.
enum ProgressMode: String, CaseIterable, ExpressibleByArgument {
    case auto, bar, plain, json, none
}

/// The `--progress` option of the commands that mask (`mask`, `provision`).
struct ProgressOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Progress on standard error: auto (bar on a terminal, else plain), bar, plain (a line per table every $CLEANROOM_PROGRESS_INTERVAL s, default 10), json (one object a line) or none.",
            valueName: "mode"))
    var progress: ProgressMode = .auto

    /// The display for a run: nil with `--quiet` or `--progress none`.
    func display(quiet: Bool) -> ProgressDisplay? {
        switch quiet ? .none : progress {
        case .none: nil
        case .auto: ProgressDisplay(style: isatty(STDERR_FILENO) == 1 ? .bar : .plain)
        case .bar: ProgressDisplay(style: .bar)
        case .plain: ProgressDisplay(style: .plain)
        case .json: ProgressDisplay(style: .json)
        }
    }
}
