import CleanroomConnectors
import CleanroomCore
import CleanroomMasking

/// Confirms the leak probe's positives exactly: re-reads the masked text columns of the source and
/// keeps the flagged output values whose key belongs to a real source value. Runs only when the
/// filter flagged something, so a clean run reads the source once.
enum LeakConfirmation {
    static func confirm(_ verification: TargetVerifier.Verification, source: any SourceConnection,
                        plan: MaskingPlan, probe: LeakProbe) throws -> LeakProbeOutcome {
        var confirmed: Set<LeakProbe.Key> = []
        if !verification.candidates.isEmpty {
            for planned in plan.validated.tables where planned.rule.copyRows {
                let recorded = planned.columns.filter(ProbePolicy.recordsSource).map(\.column)
                guard !recorded.isEmpty else { continue }
                let reader = try source.openReader(table: planned.table, columns: recorded, filter: planned.rule.filter, limit: nil)
                defer { reader.close() }
                while let batch = try reader.next() {
                    batch.forEachRow { fields in
                        for field in fields {
                            if let value = CopyText.decode(field), let key = probe.key(value), verification.candidates[key] != nil {
                                confirmed.insert(key)
                            }
                        }
                    }
                }
            }
        }
        let hits = confirmed.compactMap { verification.candidates[$0] }
        let references = plan.validated.tables.filter(\.rule.isReference).map(\.table.name.description)
        let dismissed = verification.candidates.count - confirmed.count
        return LeakProbeOutcome(
            sourceValues: probe.inserted, checkedValues: verification.checked,
            hits: hits.reduce(0) { $0 + $1.occurrences },
            hitColumns: hits.reduce(into: Set<String>()) { $0.formUnion($1.columns) }.sorted(),
            falsePositiveRate: probe.falsePositiveRate,
            keptTextColumnsScanned: verification.scannedColumns, patternHits: verification.patternHits,
            method: "keyed Bloom filter (\(probe.filterBytes) bytes, \(LeakProbe.hashCount) hashes) of changed source values of masked text columns, "
                + "looked up for kept and text-preserving columns, every positive confirmed against the source"
                + " (\(dismissed) filter false positive\(dismissed == 1 ? "" : "s") dismissed)"
                + (references.isEmpty ? "" : "; reference tables not probed: \(references.joined(separator: ", "))"))
    }
}
