import Foundation

/// Every record in detail, under the anchor `run-N`: its fields, subjects, columns, pattern matches
/// and guards. A record whose statement did not verify is listed without its contents.
struct RecordsSection: ReportSection {
    func contents(_ context: ReportContext) -> [(title: String, anchor: String)] { [("Records", "records")] }

    func blocks(_ context: ReportContext) -> [ReportBlock] {
        var blocks: [ReportBlock] = [.heading(level: 2, text: "Records", anchor: "records")]
        for record in context.ledger.records {
            let anchor = context.anchor(record)
            guard let statement = record.statement else {
                blocks.append(.heading(level: 3, text: "Record \(record.seq)", anchor: anchor))
                blocks.append(
                    .paragraph([
                        .text(
                            "Ledger line \(record.line), recorded \(context.timestamp(record.entry.recordedAt)). "
                                + (record.signatureValid
                                    ? "The envelope verifies but does not hold a Cleanroom run statement"
                                    : "Its signature does not verify under key id \(context.ledger.keyID)")
                                + ": its contents are not evidence and are not shown.")
                    ]))
                continue
            }
            let p = statement.header
            blocks.append(
                .heading(
                    level: 3, text: "Record \(record.seq): \(p.kind.rawValue), \(context.outcome(p))", anchor: anchor))
            blocks.append(.fields(fields(of: record, statement, context)))
            blocks += tables(of: statement)
        }
        return blocks
    }

    private func fields(
        of record: LedgerRecord, _ statement: AnyStatement, _ context: ReportContext
    ) -> [(label: String, value: [ReportInline])] {
        let p = statement.header
        let mask = statement.mask?.predicate
        var fields: [(label: String, value: [ReportInline])] = [
            ("Recorded at", [.text(context.timestamp(record.entry.recordedAt))]),
            ("Ledger line", [.text("\(record.line)")]),
            ("Tool version", [.text(p.toolVersion)]),
            ("Started", [.text(context.timestamp(p.startedAt))]),
            ("Finished", [.text(context.timestamp(p.finishedAt))]),
            ("Run by", [context.actor(p)]),
        ]
        func optional(_ label: String, _ value: String?) {
            if let value { fields.append((label, [.text(value)])) }
        }
        if let url = p.actor?.ci?.url { fields.append(("CI job", [.code(url)])) }
        if let refusal = p.refusal {
            fields.append(("Refused by guard", [.text("\(refusal.name): \(refusal.detail)")]))
        } else if let message = p.failureMessage {
            fields.append(("Failure", [.text(message)]))
        }
        if let source = mask?.source { fields.append(("Source", [.text(context.describe(source))])) }
        fields.append(("Target endpoint", [.code(p.target.endpoint)]))
        optional("Environment", p.target.environment)
        optional("Classification", p.target.classification)
        optional("Label", p.target.label)
        optional("Expires", p.target.expiresAt.map(context.timestamp))
        if let digest = mask?.rulesDigest { fields.append(("Rules digest (SHA-256)", [.code(digest)])) }
        if let fingerprint = mask?.maskingKeyFingerprint {
            fields.append(("Masking key fingerprint", [.code(fingerprint)]))
        }
        optional("Authorisation", mask?.authorization)
        let shards = context.shards(of: statement)
        if !shards.isEmpty {
            fields.append(
                (
                    "Shards",
                    shards.enumerated().flatMap { i, shard in (i == 0 ? [] : [.text(", ")]) + [context.link(shard)] }
                ))
        }
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
            fields.append(("Erased at", [.text(context.timestamp(erasure.erasedAt))]))
            fields.append(("Dropped", [.text(erasure.dropped.joined(separator: ", "))]))
        }
        if let repair = statement.ledgerRepair?.predicate.repair {
            fields.append(
                (
                    "Damaged tail moved",
                    [
                        .text("\(repair.bytes) bytes from offset \(repair.offset) to "), .code(repair.movedTo),
                        .text(" (SHA-256 "), .code(repair.sha256), .text(")"),
                    ]
                ))
        }
        if let rotation = statement.keyRotation?.predicate.rotation {
            fields.append(("Next signing key", [.code(rotation.nextKeyID)]))
        }
        if let probe = mask?.leakProbe {
            let rate = probe.falsePositiveRate.map { ", false-positive rate \($0)" } ?? ""
            let words = probe.checkedWords.map { "; \(probe.wordHits ?? 0) word hits in \($0) words checked" } ?? ""
            fields.append(
                (
                    "Leak probe",
                    [
                        .text(
                            "\(probe.hits) hits in \(probe.checkedValues) values checked (\(probe.method)\(rate))\(words); "
                                + "\(probe.patternHits) pattern hits in \(probe.passedTextColumnsScanned) kept text columns"
                        )
                    ]
                ))
        }
        return fields
    }

    private func tables(of statement: AnyStatement) -> [ReportBlock] {
        var blocks: [ReportBlock] = []
        let p = statement.header
        let mask = statement.mask?.predicate
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
        if let matches = mask?.leakProbe?.patternMatches, !matches.isEmpty {
            blocks.append(
                .table(
                    headers: ["Kept column", "Pattern", "Matches"],
                    rows: matches.map { [[.code($0.column)], [.text($0.pattern)], [.text("\($0.count)")]] }))
        }
        if !p.guards.isEmpty {
            blocks.append(
                .table(
                    headers: ["Guard", "Decision", "Detail"],
                    rows: p.guards.map { [[.text($0.name)], [.text($0.decision.rawValue)], [.text($0.detail)]] }))
        }
        return blocks
    }
}
