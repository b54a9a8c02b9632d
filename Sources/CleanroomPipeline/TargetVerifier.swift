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
            let name = planned.table.name.description
            guard let table = LiveDigest.table(name, in: targetSchema) else {
                throw ConnectorError.queryFailed(context: "verifying the target", message: "table \(name) is missing from the target")
            }
            // What each read column is checked for, by name (the target may order or name its schema differently).
            let rules = Dictionary(planned.columns.map { ($0.column.name, $0) }, uniquingKeysWith: { a, _ in a })
            let columns = LiveDigest.columns(of: table)
            let checks = columns.map { !planned.rule.isReference && (rules[$0.name].map(ProbePolicy.checksOutput) ?? false) }
            let scans = columns.map { rules[$0.name].map(ProbePolicy.scansPatterns) ?? false }
            scanned += scans.filter { $0 }.count
            let digest = try LiveDigest.read(table, from: staged) { batch in
                batch.forEachRow { fields in
                    for (i, field) in fields.enumerated() where i < checks.count && (checks[i] || scans[i]) {
                        guard let value = CopyText.decode(field) else { continue }
                        if checks[i] {
                            checked += 1
                            if probe.contains(value) {
                                hits += 1
                                hitColumns.insert("\(name).\(columns[i].name)")
                            }
                        }
                        if scans[i] {
                            for finding in Redactor.findings(value, classes: Set(RedactClass.allCases)) {
                                patternHits["\(name).\(columns[i].name):\(finding.0.rawValue)", default: 0] += 1
                            }
                        }
                    }
                }
            }
            digests[name] = digest.hex
        }
        let references = plan.validated.tables.filter(\.rule.isReference).map(\.table.name.description)
        let outcome = LeakProbeOutcome(sourceValues: probe.inserted, checkedValues: checked, hits: hits,
                                       hitColumns: hitColumns.sorted(), falsePositiveRate: probe.falsePositiveRate,
                                       keptTextColumnsScanned: scanned, patternHits: patternHits,
                                       method: "keyed Bloom filter (\(LeakProbe.filterBytes >> 20) MiB, \(LeakProbe.hashCount) hashes) of changed source values of masked text columns" + (references.isEmpty ? "" : "; reference tables not probed: \(references.joined(separator: ", "))"))
        return Verification(digests: digests, probe: outcome)
    }
}
