import Foundation

/// Every verified record, one row each: its number and kind, and what an auditor compares across
/// runs (when it finished is in its record: nine columns are what fits across A4 portrait).
struct RunsSection: ReportSection {
    func contents(_ context: ReportContext) -> [(title: String, anchor: String)] { [("Runs", "runs")] }

    func blocks(_ context: ReportContext) -> [ReportBlock] {
        context.section(
            "Runs", anchor: "runs",
            headers: [
                "Record", "Started", "Outcome", "Source", "Target", "Rules digest", "Key fingerprint", "Authorisation",
                "Run by",
            ],
            rows: context.copies.map { run in
                let p = run.statement.header
                let mask = run.statement.mask?.predicate
                let shards = context.shards(of: run.statement)
                let kind = shards.isEmpty ? p.kind.rawValue : "\(p.kind.rawValue) in \(shards.count) shards"
                return [
                    [context.link(run.record), .text(" \(kind)")], [.text(context.timestamp(p.startedAt))],
                    [.text(context.outcome(p))],
                    [.text(mask?.source.map(context.describe) ?? "—")],
                    [.text(p.target.environment ?? p.target.endpoint)],
                    [context.code(mask?.rulesDigest.map { String($0.prefix(16)) })],
                    [context.code(mask?.maskingKeyFingerprint)], [.text(mask?.authorization ?? "—")],
                    [context.actor(p)],
                ]
            })
    }
}

/// Environments provisioned (A 8.33, A 8.31): classification, label, expiry, owner role, authorisation.
struct EnvironmentsSection: ReportSection {
    func contents(_ context: ReportContext) -> [(title: String, anchor: String)] {
        [("Environments", "environments")]
    }

    func blocks(_ context: ReportContext) -> [ReportBlock] {
        context.section(
            "Environments", anchor: "environments",
            headers: [
                "Record", "Environment", "Classification", "Endpoint", "Label", "Expires", "Owner role",
                "Authorisation", "Outcome",
            ],
            rows: context.masks.filter { $0.predicate.header.kind == .provision }.map { record, p in
                let target = p.header.target
                return [
                    [context.link(record)], [.text(target.environment ?? "—")],
                    [.text(target.classification ?? "—")], [.code(target.endpoint)], [.text(target.label ?? "—")],
                    [.text(target.expiresAt.map(context.timestamp) ?? "—")], [.text(p.access?.role ?? "—")],
                    [.text(p.authorization ?? "—")], [.text(context.outcome(p.header))],
                ]
            })
    }
}

/// Teardowns and gc runs (A 8.10): what was dropped, when.
struct ErasuresSection: ReportSection {
    func contents(_ context: ReportContext) -> [(title: String, anchor: String)] { [("Erasures", "erasures")] }

    func blocks(_ context: ReportContext) -> [ReportBlock] {
        context.section(
            "Erasures", anchor: "erasures",
            headers: ["Record", "Kind", "Environment", "Dropped", "Erased at", "Outcome"],
            rows: context.runs.compactMap { run in run.statement.erasure.map { (run.record, $0.predicate) } }.map {
                record, p in
                let header = p.header
                return [
                    [context.link(record)], [.text(header.kind.rawValue)],
                    [.text(header.target.environment ?? header.target.endpoint)],
                    [.text(p.erasure.map { $0.dropped.joined(separator: ", ") } ?? "—")],
                    [.text(p.erasure.map { context.timestamp($0.erasedAt) } ?? "—")],
                    [.text(context.outcome(header))],
                ]
            })
    }
}

/// Runs a guard refused (exit 3, nothing changed): separation, coverage, authorisation, a name in use.
/// A refusal is the control working, so it is listed apart from failures.
struct RefusalsSection: ReportSection {
    func contents(_ context: ReportContext) -> [(title: String, anchor: String)] { [("Refusals", "refusals")] }

    func blocks(_ context: ReportContext) -> [ReportBlock] {
        let rows: [[[ReportInline]]] = context.runs.compactMap { run in
            let p = run.statement.header
            guard let refusal = p.refusal else { return nil }
            return [
                [context.link(run.record)], [.text(p.kind.rawValue)], [.text(context.timestamp(p.finishedAt))],
                [.text(p.target.environment ?? p.target.endpoint)], [.text(refusal.name)], [.text(refusal.detail)],
                [context.actor(p)],
            ]
        }
        return context.section(
            "Refusals", anchor: "refusals", headers: ["Record", "Kind", "When", "Target", "Guard", "Why", "Run by"],
            rows: rows)
    }
}

/// Runs that started and failed, and records whose statement could not be shown.
struct FailuresSection: ReportSection {
    func contents(_ context: ReportContext) -> [(title: String, anchor: String)] { [("Failures", "failures")] }

    func blocks(_ context: ReportContext) -> [ReportBlock] {
        var rows: [[[ReportInline]]] = []
        for record in context.ledger.records {
            guard let p = record.statement?.header else {
                let reason =
                    record.signatureValid ? "not a Cleanroom run statement" : "signature does not verify under this key"
                rows.append([
                    [context.link(record)], [.text("—")], [.text(context.timestamp(record.entry.recordedAt))],
                    [.text(reason)], [.text("—")],
                ])
                continue
            }
            guard p.outcome == .failed, p.refusal == nil else { continue }
            rows.append([
                [context.link(record)], [.text(p.kind.rawValue)], [.text(context.timestamp(p.finishedAt))],
                [.text(p.failureMessage ?? "failed")], [context.actor(p)],
            ])
        }
        return context.section(
            "Failures", anchor: "failures", headers: ["Record", "Kind", "When", "Reason", "Run by"], rows: rows)
    }
}

/// Damaged ledger tails moved aside by `cleanroom evidence repair`, each with its signed record, and a
/// damaged tail still at the end of the ledger.
struct RepairsSection: ReportSection {
    func contents(_ context: ReportContext) -> [(title: String, anchor: String)] {
        [("Ledger repairs", "repairs")]
    }

    func blocks(_ context: ReportContext) -> [ReportBlock] {
        let rows: [[[ReportInline]]] = context.runs.compactMap { run in
            guard let repair = run.statement.ledgerRepair?.predicate else { return nil }
            return [
                [context.link(run.record)], [.text(context.timestamp(repair.header.finishedAt))],
                [.code(repair.repair.movedTo)], [.text("\(repair.repair.offset)")], [.text("\(repair.repair.bytes)")],
                [.code(repair.repair.sha256)], [context.actor(repair.header)],
            ]
        }
        var blocks = context.section(
            "Ledger repairs", anchor: "repairs",
            headers: ["Record", "When", "Damaged tail moved to", "At byte", "Bytes", "SHA-256", "Run by"], rows: rows)
        for problem in context.ledger.problems {
            guard case .unterminatedLastLine(_, let offset) = problem else { continue }
            blocks.append(
                .warnings([
                    [
                        .text(
                            "The ledger ends in a damaged tail from byte offset \(offset): no run records into it "
                                + "until "), .code("cleanroom evidence repair"),
                        .text(" moves the tail aside with a signed record."),
                    ]
                ]))
        }
        if !rows.isEmpty {
            blocks.append(
                .paragraph([
                    .text("Each moved file can be checked against its record: its SHA-256 must be the one listed.")
                ]))
        }
        return blocks
    }
}
