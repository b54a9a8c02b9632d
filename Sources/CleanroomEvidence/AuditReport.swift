import Foundation

/// The audit report's output formats.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// One self-contained HTML page (inline CSS and SVG, no external assets), printable.
    case html
    /// CommonMark with GitHub tables, same structure (charts as tables of their numbers).
    case markdown
}

/// The paper an HTML report is laid out for when printed.
public enum ReportPaper: String, Sendable, CaseIterable {
    /// Whatever the browser's print dialog chooses: the layout fits A4 and US Letter alike.
    case any
    /// ISO A4, 210 × 297 mm.
    case a4
    /// US Letter, 8.5 × 11 in.
    case letter
}

/// The auditor's report on a verified ledger, in the control → evidence shape auditors work from.
///
/// Structure (`sections`): a summary (generated at, ledger, key and how it was pinned, verdict and
/// any problems, contents); warnings (kept columns holding personal-data patterns, environments past
/// their TTL); one section per control with objective, owner, and per guidance point the risk
/// addressed, technical control and evidence produced, linking to the records that evidence it;
/// charts; tables of runs, environments, erasures, refusals, failures and ledger repairs; then every
/// record in detail under the anchor `run-N` (N = the entry's seq). Only statements whose signature
/// verified are shown.
public enum AuditReport {
    /// Renders `ledger` against `controls` in `format`.
    public static func render(
        _ ledger: LedgerReport, controls: [Control] = ControlCatalogue.controls,
        format: ReportFormat, paper: ReportPaper = .any, generatedAt: Date = Date()
    ) -> String {
        let context = ReportContext(ledger: ledger, controls: controls, generatedAt: generatedAt)
        let document = ReportDocument(
            title: ReportContext.title, paper: paper,
            footer:
                "\(ReportContext.title) · ledger \(ledger.isValid ? "valid" : "INVALID") · generated \(context.timestamp(generatedAt))",
            blocks: [.heading(level: 1, text: ReportContext.title, anchor: nil)]
                + sections.flatMap { $0.blocks(context) })
        switch format {
        case .html: return HTMLReportRenderer.render(document)
        case .markdown: return MarkdownReportRenderer.render(document)
        }
    }

    /// The report's sections, in order. A new section is a `ReportSection` added here: the summary's
    /// contents line lists what each section's `contents` names.
    static let sections: [any ReportSection] = [
        SummarySection(), WarningsSection(), ControlsSection(), ChartsSection(), RunsSection(),
        EnvironmentsSection(), ErasuresSection(), RefusalsSection(), FailuresSection(), RepairsSection(),
        RecordsSection(),
    ]
}

/// One section of the audit report: its blocks, built from the ledger's context.
protocol ReportSection: Sendable {
    /// The links this section adds to the contents line: (title, anchor).
    func contents(_ context: ReportContext) -> [(title: String, anchor: String)]
    func blocks(_ context: ReportContext) -> [ReportBlock]
}

/// What every section reads: the verified ledger, its verified statements, anchors, and the small
/// formatting helpers they share.
struct ReportContext {
    static let title = "Cleanroom evidence report"

    let ledger: LedgerReport
    let controls: [Control]
    let generatedAt: Date
    /// The anchor of each record, by ledger line: `run-N`, or `run-N-line-L` for a repeated seq.
    let anchors: [Int: String]
    /// Records whose statement verified, with it.
    let runs: [(record: LedgerRecord, statement: AnyStatement)]

    init(ledger: LedgerReport, controls: [Control], generatedAt: Date) {
        self.ledger = ledger
        self.controls = controls
        self.generatedAt = generatedAt
        var anchors: [Int: String] = [:]
        var used: Set<String> = []
        for record in ledger.records {
            var anchor = "run-\(record.seq)"
            if used.contains(anchor) { anchor += "-line-\(record.line)" }
            used.insert(anchor)
            anchors[record.line] = anchor
        }
        self.anchors = anchors
        runs = ledger.records.compactMap { record in record.statement.map { (record, $0) } }
    }

    /// Verified `mask` and `provision` statements: one per copy (a sharded run's shards are part of
    /// its `mask` statement, `shards(of:)`; its plan is a run of its own, not a copy).
    var masks: [(record: LedgerRecord, predicate: MaskPredicate)] {
        runs.compactMap { run in
            run.statement.header.kind.attestsCopy ? run.statement.mask.map { (run.record, $0.predicate) } : nil
        }
    }

    /// The runs other than shards, which are shown with the sharded run that names them.
    var copies: [(record: LedgerRecord, statement: AnyStatement)] {
        runs.filter { $0.statement.header.kind != .shard }
    }

    /// The shard records a sharded run's statement names (`ShardSubjects`), in its order.
    func shards(of statement: AnyStatement) -> [LedgerRecord] {
        let named = statement.subject.filter(ShardSubjects.isShardStatement).map(\.digest.sha256)
        guard !named.isEmpty else { return [] }
        let byDigest = Dictionary(
            runs.filter { $0.statement.header.kind == .shard }.compactMap { run in
                (try? run.record.entry.envelope.payloadBytes()).map {
                    (ShardSubjects.digest(ofPayload: $0), run.record)
                }
            }
        ) { first, _ in first }
        return named.compactMap { byDigest[$0] }
    }

    /// A level-2 section holding one table, or a line saying there is nothing to show.
    func section(_ title: String, anchor: String, headers: [String], rows: [[[ReportInline]]]) -> [ReportBlock] {
        [
            .heading(level: 2, text: title, anchor: anchor),
            rows.isEmpty ? .paragraph([.text("None in this ledger.")]) : .table(headers: headers, rows: rows),
        ]
    }

    func anchor(_ record: LedgerRecord) -> String {
        anchors[record.line] ?? "run-\(record.seq)"
    }

    func link(_ record: LedgerRecord) -> ReportInline {
        .link("#\(record.seq)", anchor: anchor(record))
    }

    func code(_ text: String?) -> ReportInline {
        text.map { .code($0) } ?? .text("—")
    }

    /// How the run ended, refusals told apart from failures: `succeeded`, `failed`, `refused`.
    func outcome(_ header: RunHeader) -> String {
        header.refusal == nil ? header.outcome.rawValue : "refused"
    }

    /// Who ran it, or a dash for statements that do not say.
    func actor(_ header: RunHeader) -> ReportInline {
        .text(header.actor?.summary ?? "—")
    }

    func describe(_ source: MaskPredicate.SourceIdentity) -> String {
        "\(source.kind) \(source.server) / \(source.database)"
    }

    /// `date` in UTC as RFC 3339 allows it with a space, `2026-01-01 00:01:05Z`: a narrow table column
    /// wraps it between date and time rather than inside either.
    func timestamp(_ date: Date) -> String {
        date.formatted(Self.timestampStyle)
    }

    private static let timestampStyle = Date.VerbatimFormatStyle(
        format:
            "\(year: .defaultDigits)-\(month: .twoDigits)-\(day: .twoDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits)Z",
        timeZone: TimeZone(identifier: "UTC")!, calendar: Calendar(identifier: .gregorian))

    /// `seconds` for people: `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total) s" }
        let minutes = total / 60
        if minutes < 60 { return "\(minutes) min" }
        let hours = minutes / 60
        if hours < 48 { return minutes % 60 == 0 ? "\(hours) h" : "\(hours) h \(minutes % 60) min" }
        return hours % 24 == 0 ? "\(hours / 24) d" : "\(hours / 24) d \(hours % 24) h"
    }
}

extension RunHeader {
    /// The guard that refused the run, when it was refused (nothing changed, exit 3) rather than failed.
    var refusal: GuardDecision? {
        outcome == .failed ? guards.first { $0.decision == .refused } : nil
    }
}

extension MaskPredicate.LeakProbe {
    /// `patternHitColumns` split into the column (`schema.table.column`) and the pattern, most
    /// matches first; empty when there were none.
    var patternMatches: [(column: String, pattern: String, count: Int)] {
        (patternHitColumns ?? [:]).map { key, count in
            guard let split = key.lastIndex(of: ":") else { return (key, "pattern", count) }
            return (String(key[..<split]), String(key[key.index(after: split)...]), count)
        }.sorted { ($1.count, $0.column, $0.pattern) < ($0.count, $1.column, $1.pattern) }
    }
}
