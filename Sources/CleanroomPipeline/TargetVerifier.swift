import CleanroomConnectors
import CleanroomCore
import CleanroomMasking

/// Re-reads a loaded target: each table's canonical digest, the leak-probe lookups and the PII
/// pattern scan of kept text columns.
enum TargetVerifier {
    struct Verification {
        var digests: [String: String]
        var probe: LeakProbeOutcome
    }

    static func verify(_ staged: any SourceConnection, plan: MaskingPlan, probe: LeakProbe) throws -> Verification {
        let targetSchema = try staged.introspect()
        var digests: [String: String] = [:]
        var checked = 0
        var hits = 0
        var hitColumns: Set<String> = []
        var patternHits: [String: Int] = [:]
        var scanned = 0
        for planned in plan.validated.tables where planned.rule.copyRows {
            let name = planned.table.name
            guard let table = targetSchema.table(name) ?? targetSchema.tables.first(where: { $0.name.name == name.name }) else {
                throw ConnectorError.queryFailed(context: "verifying the target", message: "table \(name) is missing from the target")
            }
            let columns = planned.columns.compactMap { table.column(named: $0.column.name) }
            let checks = planned.columns.map(ProbePolicy.checksOutput)
            let scans = planned.columns.map(ProbePolicy.scansPatterns)
            scanned += scans.filter { $0 }.count
            var digest = TableDigest()
            let reader = try staged.openReader(table: table, columns: columns, filter: nil, limit: nil)
            defer { reader.close() }
            while let batch = try reader.next() {
                digest.add(batch)
                try batch.forEachRow { fields in
                    for (i, field) in fields.enumerated() where i < checks.count && (checks[i] || scans[i]) {
                        guard let value = CopyText.decode(field) else { continue }
                        if checks[i] {
                            checked += 1
                            if probe.contains(value) {
                                hits += 1
                                hitColumns.insert("\(name).\(planned.columns[i].column.name)")
                            }
                        }
                        if scans[i] {
                            for finding in Redactor.findings(value, classes: Set(RedactClass.allCases)) {
                                patternHits["\(name).\(planned.columns[i].column.name):\(finding.0.rawValue)", default: 0] += 1
                            }
                        }
                    }
                }
            }
            digests[name.description] = digest.hex
        }
        let outcome = LeakProbeOutcome(sourceValues: probe.inserted, checkedValues: checked, hits: hits,
                                       hitColumns: hitColumns.sorted(), falsePositiveRate: probe.falsePositiveRate,
                                       keptTextColumnsScanned: scanned, patternHits: patternHits,
                                       method: "keyed Bloom filter (\(LeakProbe.filterBytes >> 20) MiB, \(LeakProbe.hashCount) hashes) of changed source values of masked text columns")
        return Verification(digests: digests, probe: outcome)
    }
}
