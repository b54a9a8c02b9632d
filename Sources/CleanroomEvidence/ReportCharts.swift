import Foundation

/// The report's charts: columns and rows masked against kept per run, environment lifetimes against
/// their TTL, and runs over time by outcome. Each is built from verified statements only.
struct ChartsSection: ReportSection {
    func contents(_ context: ReportContext) -> [(title: String, anchor: String)] { [("Charts", "charts")] }

    func blocks(_ context: ReportContext) -> [ReportBlock] {
        var blocks: [ReportBlock] = [.heading(level: 2, text: "Charts", anchor: "charts")]
        let charts = [columnsChart(context), rowsChart(context), lifetimesChart(context), runsOverTime(context)]
        for (chart, empty) in charts {
            blocks.append(chart.bars.isEmpty ? .paragraph([.text("\(chart.title): \(empty)")]) : .chart(chart))
        }
        return blocks
    }

    /// The masking runs that copied columns, in ledger order.
    private func copies(_ context: ReportContext) -> [(record: LedgerRecord, predicate: MaskPredicate)] {
        context.masks.filter { !$0.predicate.columns.isEmpty }
    }

    private func label(_ record: LedgerRecord, _ predicate: MaskPredicate) -> String {
        "#\(record.seq) \(predicate.header.kind.rawValue)"
    }

    private func columnsChart(_ context: ReportContext) -> (ReportChart, String) {
        let bars = copies(context).map { record, p in
            let masked = p.columns.filter { $0.transform != "keep" }.count
            let kept = p.columns.count - masked
            return ReportChart.Bar(
                label: label(record, p), anchor: context.anchor(record), values: [Double(masked), Double(kept)],
                note: "\(masked) masked, \(kept) kept")
        }
        let chart = ReportChart(
            title: "Columns masked and kept, per run",
            caption: "Each copied column's rule: a transform (masked) or keep, an explicit decision.",
            series: [.init(name: "masked", style: .masked), .init(name: "kept", style: .kept)], bars: bars,
            unit: .count)
        return (chart, "no run in this ledger copied columns.")
    }

    private func rowsChart(_ context: ReportContext) -> (ReportChart, String) {
        let bars = copies(context).map { record, p in
            var masked = 0
            var kept = 0
            for table in Dictionary(grouping: p.columns, by: \.table).values {
                let rows = table.map(\.rowsProcessed).max() ?? 0
                if table.contains(where: { $0.transform != "keep" }) { masked += rows } else { kept += rows }
            }
            return ReportChart.Bar(
                label: label(record, p), anchor: context.anchor(record), values: [Double(masked), Double(kept)],
                note: "\(masked) masked, \(kept) kept")
        }
        let chart = ReportChart(
            title: "Rows masked and kept, per run",
            caption:
                "Rows of tables with at least one masked column (masked), and of tables whose every column is kept.",
            series: [.init(name: "masked", style: .masked), .init(name: "kept", style: .kept)], bars: bars,
            unit: .count)
        return (chart, "no run in this ledger copied rows.")
    }

    private func lifetimesChart(_ context: ReportContext) -> (ReportChart, String) {
        let bars = context.lifetimes.map { lifetime in
            let end = lifetime.erasedAt ?? context.generatedAt
            let lived = max(0, end.timeIntervalSince(lifetime.createdAt))
            let within = min(lived, lifetime.ttl)
            let state = lifetime.erasedAt == nil ? "alive" : "lived"
            var note = "\(state) \(ReportContext.duration(lived)) of a \(ReportContext.duration(lifetime.ttl)) TTL"
            if lived > lifetime.ttl { note += ", \(ReportContext.duration(lived - lifetime.ttl)) past it" }
            return ReportChart.Bar(
                label: lifetime.environment, anchor: context.anchor(lifetime.record),
                values: [within, max(0, lifetime.ttl - lived), max(0, lived - lifetime.ttl)], note: note)
        }
        let chart = ReportChart(
            title: "Environment lifetimes against their TTL",
            caption:
                "From provisioning to the erasure record (or to now, for an environment still alive), against the TTL it was given.",
            series: [
                .init(name: "within TTL", style: .lived), .init(name: "TTL left unused", style: .unused),
                .init(name: "past TTL", style: .overdue),
            ], bars: bars, unit: .seconds)
        return (chart, "no environment was provisioned in this ledger.")
    }

    private func runsOverTime(_ context: ReportContext) -> (ReportChart, String) {
        let times = context.runs.map(\.statement.header.finishedAt)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let hourly = (times.max().map { end in times.min().map { end.timeIntervalSince($0) } ?? 0 } ?? 0) < 2 * 86_400
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = calendar.timeZone
        formatter.dateFormat = hourly ? "yyyy-MM-dd HH:00 'UTC'" : "yyyy-MM-dd"
        var buckets: [(start: Date, counts: [Double])] = []
        for run in context.runs.sorted(by: { $0.statement.header.finishedAt < $1.statement.header.finishedAt }) {
            let header = run.statement.header
            let start =
                hourly
                ? calendar.dateInterval(of: .hour, for: header.finishedAt)!.start
                : calendar.startOfDay(for: header.finishedAt)
            if buckets.last?.start != start { buckets.append((start, [0, 0, 0])) }
            let series = header.refusal != nil ? 2 : header.outcome == .succeeded ? 0 : 1
            buckets[buckets.count - 1].counts[series] += 1
        }
        let bars = buckets.map { bucket in
            let c = bucket.counts.map { Int($0) }
            return ReportChart.Bar(
                label: formatter.string(from: bucket.start), anchor: nil, values: bucket.counts,
                note: "\(c[0]) succeeded, \(c[1]) failed, \(c[2]) refused")
        }
        let chart = ReportChart(
            title: "Runs over time",
            caption: "Every verified record by \(hourly ? "hour" : "day") (UTC) it finished in, by outcome.",
            series: [
                .init(name: "succeeded", style: .succeeded), .init(name: "failed", style: .failed),
                .init(name: "refused", style: .refused),
            ], bars: bars, unit: .count)
        return (chart, "no verified record in this ledger.")
    }
}

/// An environment provisioned in the ledger, from its `provision` record to the erasure record that
/// names it (a `teardown`, or a `gc` listing it among its subjects).
struct EnvironmentLifetime {
    var environment: String
    /// The provision record.
    var record: LedgerRecord
    var createdAt: Date
    var expiresAt: Date
    /// When a later erasure record erased it; nil while none does.
    var erasedAt: Date?

    /// The TTL it was given.
    var ttl: Double { max(0, expiresAt.timeIntervalSince(createdAt)) }

    /// How long past its expiry it was erased, or is still alive at `now`; nil when within its TTL.
    func overdue(at now: Date) -> Double? {
        let end = erasedAt ?? now
        return end > expiresAt ? end.timeIntervalSince(expiresAt) : nil
    }
}

extension ReportContext {
    /// Every environment a successful `provision` record created (with an expiry), in ledger order.
    var lifetimes: [EnvironmentLifetime] {
        // Each environment's erasures, by ledger line, so a ledger of thousands of CI environments is
        // read once.
        var erasures: [String: [(line: Int, erasedAt: Date)]] = [:]
        for run in runs {
            guard let erasure = run.statement.erasure?.predicate.erasure else { continue }
            for subject in run.statement.subject where subject.name.hasPrefix("environment:") {
                erasures[String(subject.name.dropFirst("environment:".count)), default: []].append(
                    (run.record.line, erasure.erasedAt))
            }
        }
        let provisions = masks.filter {
            $0.predicate.header.kind == .provision && $0.predicate.header.outcome == .succeeded
        }
        return provisions.compactMap { record, p in
            guard let name = p.header.target.environment, let expiresAt = p.header.target.expiresAt else { return nil }
            return EnvironmentLifetime(
                environment: name, record: record, createdAt: p.header.startedAt, expiresAt: expiresAt,
                erasedAt: erasures[name]?.first { $0.line > record.line }?.erasedAt)
        }
    }
}
