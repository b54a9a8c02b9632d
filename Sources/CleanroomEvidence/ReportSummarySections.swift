import Foundation

/// The report's opening: when and from what it was made, the key it was verified against and how
/// that key was pinned, the verdict with every problem, and the contents.
struct SummarySection: ReportSection {
    func contents(_ context: ReportContext) -> [(title: String, anchor: String)] { [] }

    func blocks(_ context: ReportContext) -> [ReportBlock] {
        let ledger = context.ledger
        let rotations: [ReportInline] =
            ledger.rotatedKeyIDs.isEmpty
            ? [.text("none")]
            : ledger.rotatedKeyIDs.enumerated().flatMap { index, keyID in
                (index > 0 ? [.text(", then ")] : []) + [.code(keyID)]
            }
        var actors: [String] = []
        for run in context.runs {
            if let actor = run.statement.header.actor?.summary, !actors.contains(actor) { actors.append(actor) }
        }
        var blocks: [ReportBlock] = [
            .fields([
                ("Generated at", [.text(context.timestamp(context.generatedAt))]),
                ("Ledger", [.code(ledger.path)]),
                ("Verified against key (fingerprint)", [.code(ledger.keyID)]),
                (
                    "Key pinned by",
                    [.text(ledger.pin?.description ?? "not pinned: the verifying program supplied the key")]
                ),
                ("Signed key rotations followed to", rotations),
                ("Entries", [.text("\(ledger.records.count)")]),
                ("Run by", [.text(actors.isEmpty ? "not recorded" : actors.joined(separator: "; "))]),
                (
                    "Head",
                    [
                        ledger.head.map { .code($0.description) }
                            ?? .text(ledger.headDigest == nil ? "none (empty ledger)" : "not an entry")
                    ]
                ),
                (
                    "Expected head",
                    [
                        ledger.expectedHead.map { .code($0.description) }
                            ?? .text("none given: a ledger cut short would not be noticed (docs/evidence.md)")
                    ]
                ),
            ]),
            .verdict(passed: ledger.isValid, text: "Verification: \(ledger.verdict)"),
        ]
        if !ledger.isValid {
            blocks.append(.list(ledger.problems.map { [.text($0.description)] }))
        }
        var contents: [ReportInline] = [.text("Contents: ")]
        for (index, target) in AuditReport.sections.flatMap({ $0.contents(context) }).enumerated() {
            if index > 0 { contents.append(.text(" · ")) }
            contents.append(.link(target.title, anchor: target.anchor))
        }
        blocks.append(.paragraph(contents))
        return blocks
    }
}

/// What an auditor must look at even when every run succeeded: kept columns whose values matched
/// personal-data patterns (the run succeeds, since a pattern match may be a false alarm, but a keep
/// decision over e-mail addresses is a finding), and environments that outlived their TTL.
struct WarningsSection: ReportSection {
    func contents(_ context: ReportContext) -> [(title: String, anchor: String)] { [("Warnings", "warnings")] }

    func blocks(_ context: ReportContext) -> [ReportBlock] {
        var items: [[ReportInline]] = []
        for (record, p) in context.masks where p.header.outcome == .succeeded {
            guard let probe = p.leakProbe, probe.patternHits > 0 else { continue }
            var item: [ReportInline] = [
                .text("Record "), context.link(record),
                .text(
                    " (\(p.header.kind.rawValue) into \(p.header.target.environment ?? p.header.target.endpoint)) kept "
                        + "\(probe.patternHits) personal-data pattern \(probe.patternHits == 1 ? "match" : "matches") "
                        + "in text columns copied as they are"),
            ]
            for (index, match) in probe.patternMatches.enumerated() {
                item += [
                    .text(index == 0 ? ": " : ", "), .code(match.column), .text(" \(match.count) × \(match.pattern)"),
                ]
            }
            item += [
                .text(". Review those keep decisions: a rule such as "), .code("redact"),
                .text(" masks what the patterns find."),
            ]
            items.append(item)
        }
        for lifetime in context.lifetimes {
            guard let overdue = lifetime.overdue(at: context.generatedAt) else { continue }
            let what =
                lifetime.erasedAt == nil
                ? "expired \(ReportContext.duration(overdue)) ago and has no erasure record in this ledger: run `cleanroom gc`"
                : "was erased \(ReportContext.duration(overdue)) after its expiry"
            items.append(
                [.text("Environment "), .code(lifetime.environment), .text(" (provisioned in record ")]
                    + [context.link(lifetime.record), .text(", TTL \(ReportContext.duration(lifetime.ttl))) ")]
                    + ReportInline.parse(what + "."))
        }
        return [
            .heading(level: 2, text: "Warnings", anchor: "warnings"),
            items.isEmpty
                ? .paragraph([
                    .text("None: no kept column held personal-data patterns, and no environment outlived its TTL.")
                ])
                : .warnings(items),
        ]
    }
}

/// One section per control: objective, owner, its guidance points, and the records evidencing it.
struct ControlsSection: ReportSection {
    func contents(_ context: ReportContext) -> [(title: String, anchor: String)] {
        context.controls.map { ($0.id, $0.anchor) }
    }

    func blocks(_ context: ReportContext) -> [ReportBlock] {
        var blocks: [ReportBlock] = [.heading(level: 2, text: "Controls", anchor: "controls")]
        for control in context.controls {
            blocks.append(.heading(level: 3, text: "\(control.id) \(control.title)", anchor: control.anchor))
            blocks.append(
                .fields([("Objective", ReportInline.parse(control.objective)), ("Owner", [.text(control.owner)])]))
            blocks.append(
                .table(
                    headers: ["Guidance point", "Risk addressed", "Technical control", "Evidence produced"],
                    rows: control.points.map { point in
                        [point.guidance, point.risk, point.technicalControl, point.evidence].map(ReportInline.parse)
                    }))
            let evidencing = context.runs.filter { control.evidencedBy.contains($0.statement.header.kind) }
            var links: [ReportInline] = [.text("Records evidencing this control: ")]
            if evidencing.isEmpty {
                links.append(.text("none in this ledger."))
            } else {
                for (index, run) in evidencing.enumerated() {
                    if index > 0 { links.append(.text(", ")) }
                    links.append(context.link(run.record))
                }
            }
            blocks.append(.paragraph(links))
        }
        return blocks
    }
}
