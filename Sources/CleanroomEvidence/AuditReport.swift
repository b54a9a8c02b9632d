import Foundation

/// The audit report's output formats.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// One self-contained HTML page (inline CSS, no external assets), printable.
    case html
    /// CommonMark with GitHub tables, same structure.
    case markdown
}

/// The auditor's report on a verified ledger, in the control → evidence shape auditors work from.
///
/// Structure: a header (generated at, ledger, key id, verification verdict and any problems); one
/// section per control with objective, owner, and per guidance point the risk addressed, technical
/// control and evidence produced, linking to the records that evidence it; tables of runs,
/// environments (provisions), erasures (teardowns and gc) and failures; then every record in detail
/// under the anchor `run-N` (N = the entry's seq). Only statements whose signature verified are shown.
public enum AuditReport {
    /// Renders `ledger` against `controls` in `format`.
    public static func render(
        _ ledger: LedgerReport, controls: [Control] = ControlCatalogue.controls,
        format: ReportFormat, generatedAt: Date = Date()
    ) -> String {
        let document = ReportBuilder(ledger: ledger, controls: controls, generatedAt: generatedAt).document()
        switch format {
        case .html: return HTMLReportRenderer.render(document)
        case .markdown: return MarkdownReportRenderer.render(document)
        }
    }
}

/// Builds the `ReportDocument` of one ledger report.
private struct ReportBuilder {
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

    static let title = "Cleanroom evidence report"

    func document() -> ReportDocument {
        var blocks: [ReportBlock] = [.heading(level: 1, text: Self.title, anchor: nil)]
        blocks += header()
        blocks += controlSections()
        blocks += runsTable()
        blocks += environmentsTable()
        blocks += erasuresTable()
        blocks += failuresTable()
        blocks += recordDetails()
        return ReportDocument(title: Self.title, blocks: blocks)
    }

    // MARK: Sections

    private func header() -> [ReportBlock] {
        let rotations: [ReportInline] =
            ledger.rotatedKeyIDs.isEmpty
            ? [.text("none")]
            : ledger.rotatedKeyIDs.enumerated().flatMap { index, keyID in
                (index > 0 ? [.text(", then ")] : []) + [.code(keyID)]
            }
        var blocks: [ReportBlock] = [
            .fields([
                ("Generated at", [.text(timestamp(generatedAt))]),
                ("Ledger", [.code(ledger.path)]),
                ("Verified against key (fingerprint)", [.code(ledger.keyID)]),
                (
                    "Key pinned by",
                    [
                        .text(
                            ledger.pin?.description
                                ?? "not pinned: the verifying program supplied the key")
                    ]
                ),
                ("Signed key rotations followed to", rotations),
                ("Entries", [.text("\(ledger.records.count)")]),
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
        let targets =
            controls.map { ($0.id, $0.anchor) }
            + [
                ("Runs", "runs"), ("Environments", "environments"), ("Erasures", "erasures"), ("Failures", "failures"),
                ("Records", "records"),
            ]
        for (index, target) in targets.enumerated() {
            if index > 0 { contents.append(.text(" · ")) }
            contents.append(.link(target.0, anchor: target.1))
        }
        blocks.append(.paragraph(contents))
        return blocks
    }

    private func controlSections() -> [ReportBlock] {
        var blocks: [ReportBlock] = [.heading(level: 2, text: "Controls", anchor: "controls")]
        for control in controls {
            blocks.append(.heading(level: 3, text: "\(control.id) \(control.title)", anchor: control.anchor))
            blocks.append(
                .fields([("Objective", ReportInline.parse(control.objective)), ("Owner", [.text(control.owner)])]))
            blocks.append(
                .table(
                    headers: ["Guidance point", "Risk addressed", "Technical control", "Evidence produced"],
                    rows: control.points.map { point in
                        [point.guidance, point.risk, point.technicalControl, point.evidence].map(ReportInline.parse)
                    }))
            let evidencing = runs.filter { control.evidencedBy.contains($0.statement.header.kind) }
            var links: [ReportInline] = [.text("Records evidencing this control: ")]
            if evidencing.isEmpty {
                links.append(.text("none in this ledger."))
            } else {
                for (index, run) in evidencing.enumerated() {
                    if index > 0 { links.append(.text(", ")) }
                    links.append(link(run.record))
                }
            }
            blocks.append(.paragraph(links))
        }
        return blocks
    }

    private func runsTable() -> [ReportBlock] {
        section(
            "Runs", anchor: "runs",
            headers: [
                "Record", "Kind", "Started", "Finished", "Outcome", "Source", "Target", "Rules digest",
                "Key fingerprint", "Authorisation",
            ],
            rows: runs.map { run in
                let p = run.statement.header
                let mask = run.statement.mask?.predicate
                return [
                    [link(run.record)], [.text(p.kind.rawValue)], [.text(timestamp(p.startedAt))],
                    [.text(timestamp(p.finishedAt))], [.text(p.outcome.rawValue)],
                    [.text(mask?.source.map(describe) ?? "—")],
                    [.text(p.target.environment ?? p.target.endpoint)],
                    [code(mask?.rulesDigest.map { String($0.prefix(16)) })],
                    [code(mask?.maskingKeyFingerprint)], [.text(mask?.authorization ?? "—")],
                ]
            })
    }

    private func environmentsTable() -> [ReportBlock] {
        section(
            "Environments", anchor: "environments",
            headers: [
                "Record", "Environment", "Classification", "Endpoint", "Label", "Expires", "Owner role",
                "Authorisation", "Outcome",
            ],
            rows: runs.compactMap { run in run.statement.mask.map { (run.record, $0.predicate) } }
                .filter { $0.1.header.kind == .provision }.map { record, p in
                    let target = p.header.target
                    return [
                        [link(record)], [.text(target.environment ?? "—")], [.text(target.classification ?? "—")],
                        [.code(target.endpoint)], [.text(target.label ?? "—")],
                        [.text(target.expiresAt.map(timestamp) ?? "—")],
                        [.text(p.access?.role ?? "—")], [.text(p.authorization ?? "—")],
                        [.text(p.header.outcome.rawValue)],
                    ]
                })
    }

    private func erasuresTable() -> [ReportBlock] {
        section(
            "Erasures", anchor: "erasures",
            headers: ["Record", "Kind", "Environment", "Dropped", "Erased at", "Outcome"],
            rows: runs.compactMap { run in run.statement.erasure.map { (run.record, $0.predicate) } }.map { record, p in
                let header = p.header
                return [
                    [link(record)], [.text(header.kind.rawValue)],
                    [.text(header.target.environment ?? header.target.endpoint)],
                    [.text(p.erasure.map { $0.dropped.joined(separator: ", ") } ?? "—")],
                    [.text(p.erasure.map { timestamp($0.erasedAt) } ?? "—")], [.text(header.outcome.rawValue)],
                ]
            })
    }

    /// Failed runs, refused guards, and records whose statement could not be shown.
    private func failuresTable() -> [ReportBlock] {
        var rows: [[[ReportInline]]] = []
        for record in ledger.records {
            guard let p = record.statement?.header else {
                let reason =
                    record.signatureValid ? "not a Cleanroom run statement" : "signature does not verify under this key"
                rows.append([
                    [link(record)], [.text("—")], [.text(timestamp(record.entry.recordedAt))], [.text(reason)],
                ])
                continue
            }
            let refused = p.guards.filter { $0.decision == .refused && $0.detail != p.failureMessage }
                .map { "guard \($0.name) refused: \($0.detail)" }
            let reasons = (p.outcome == .failed ? [p.failureMessage ?? "failed"] : []) + refused
            if !reasons.isEmpty {
                rows.append([
                    [link(record)], [.text(p.kind.rawValue)], [.text(timestamp(p.finishedAt))],
                    [.text(reasons.joined(separator: "; "))],
                ])
            }
        }
        return section("Failures", anchor: "failures", headers: ["Record", "Kind", "When", "Reason"], rows: rows)
    }

    private func recordDetails() -> [ReportBlock] {
        var blocks: [ReportBlock] = [.heading(level: 2, text: "Records", anchor: "records")]
        for record in ledger.records {
            let anchor = anchors[record.line] ?? "run-\(record.seq)"
            guard let statement = record.statement else {
                blocks.append(.heading(level: 3, text: "Record \(record.seq)", anchor: anchor))
                blocks.append(
                    .paragraph([
                        .text(
                            "Ledger line \(record.line), recorded \(timestamp(record.entry.recordedAt)). "
                                + (record.signatureValid
                                    ? "The envelope verifies but does not hold a Cleanroom run statement"
                                    : "Its signature does not verify under key id \(ledger.keyID)")
                                + ": its contents are not evidence and are not shown.")
                    ]))
                continue
            }
            let p = statement.header
            let mask = statement.mask?.predicate
            blocks.append(
                .heading(
                    level: 3, text: "Record \(record.seq): \(p.kind.rawValue), \(p.outcome.rawValue)", anchor: anchor))
            var fields: [(label: String, value: [ReportInline])] = [
                ("Recorded at", [.text(timestamp(record.entry.recordedAt))]),
                ("Ledger line", [.text("\(record.line)")]),
                ("Tool version", [.text(p.toolVersion)]),
                ("Started", [.text(timestamp(p.startedAt))]),
                ("Finished", [.text(timestamp(p.finishedAt))]),
            ]
            if let message = p.failureMessage { fields.append(("Failure", [.text(message)])) }
            if let source = mask?.source { fields.append(("Source", [.text(describe(source))])) }
            fields.append(("Target endpoint", [.code(p.target.endpoint)]))
            optional(&fields, "Environment", p.target.environment)
            optional(&fields, "Classification", p.target.classification)
            optional(&fields, "Label", p.target.label)
            optional(&fields, "Expires", p.target.expiresAt.map(timestamp))
            if let digest = mask?.rulesDigest { fields.append(("Rules digest (SHA-256)", [.code(digest)])) }
            if let fingerprint = mask?.maskingKeyFingerprint {
                fields.append(("Masking key fingerprint", [.code(fingerprint)]))
            }
            optional(&fields, "Authorisation", mask?.authorization)
            if let access = mask?.access {
                fields.append(("Owner role", [.code(access.role)]))
                fields.append(("Grants", [.text(access.grants.isEmpty ? "—" : access.grants.joined(separator: "; "))]))
            }
            if let origin = mask?.origin {
                fields.append(
                    (
                        "Cloned from",
                        [
                            .text("\(origin.environment), attested in record \(origin.ledgerSeq) (entry digest "),
                            .code(String(origin.ledgerEntryDigest.prefix(16)) + "…"), .text(")"),
                        ]
                    ))
            }
            if let erasure = statement.erasure?.predicate.erasure {
                fields.append(("Erased at", [.text(timestamp(erasure.erasedAt))]))
                fields.append(("Dropped", [.text(erasure.dropped.joined(separator: ", "))]))
            }
            if let probe = mask?.leakProbe {
                let rate = probe.falsePositiveRate.map { ", false-positive rate \($0)" } ?? ""
                fields.append(
                    (
                        "Leak probe",
                        [
                            .text(
                                "\(probe.hits) hits in \(probe.checkedValues) values checked (\(probe.method)\(rate)); "
                                    + "\(probe.patternHits) pattern hits in \(probe.passedTextColumnsScanned) kept text columns"
                            )
                        ]
                    ))
            }
            blocks.append(.fields(fields))
            if let subset = mask?.subset { blocks += SubsetReport.blocks(subset) }
            if !statement.subject.isEmpty {
                blocks.append(
                    .table(
                        headers: ["Subject", "SHA-256"],
                        rows: statement.subject.map { [[.text($0.name)], [.code($0.digest.sha256)]] }))
            }
            if let columns = mask?.columns, !columns.isEmpty {
                blocks.append(
                    .table(
                        headers: ["Table", "Column", "Transform", "Domain", "Rows", "Values changed"],
                        rows: columns.map { c in
                            [
                                [.text(c.table)], [.text(c.column)], [.text(c.transform)], [.text(c.domain ?? "—")],
                                [.text("\(c.rowsProcessed)")], [.text("\(c.valuesChanged)")],
                            ]
                        }))
            }
            if !p.guards.isEmpty {
                blocks.append(
                    .table(
                        headers: ["Guard", "Decision", "Detail"],
                        rows: p.guards.map { [[.text($0.name)], [.text($0.decision.rawValue)], [.text($0.detail)]] }))
            }
        }
        return blocks
    }

    // MARK: Pieces

    /// A level-2 section holding one table, or a line saying there is nothing to show.
    private func section(_ title: String, anchor: String, headers: [String], rows: [[[ReportInline]]]) -> [ReportBlock]
    {
        [
            .heading(level: 2, text: title, anchor: anchor),
            rows.isEmpty ? .paragraph([.text("None in this ledger.")]) : .table(headers: headers, rows: rows),
        ]
    }

    private func link(_ record: LedgerRecord) -> ReportInline {
        .link("#\(record.seq)", anchor: anchors[record.line] ?? "run-\(record.seq)")
    }

    private func code(_ text: String?) -> ReportInline {
        text.map { .code($0) } ?? .text("—")
    }

    private func optional(_ fields: inout [(label: String, value: [ReportInline])], _ label: String, _ value: String?) {
        if let value { fields.append((label, [.text(value)])) }
    }

    private func describe(_ source: MaskPredicate.SourceIdentity) -> String {
        "\(source.kind) \(source.server) / \(source.database)"
    }

    private func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
