import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import Foundation

/// Re-reads a loaded target, tables in parallel: each table's canonical digest, the leak-probe
/// lookups and the PII pattern scan of kept text columns.
enum TargetVerifier {
    struct Verification {
        var digests: [String: String]
        var checked: Int
        /// Output values the filter reports as possibly masked source values, by key: where they
        /// were found and how often. `LeakConfirmation` decides which are real.
        var candidates: [LeakProbe.Key: Candidate]
        var patternHits: [String: Int]
        var scannedColumns: Int
    }

    /// An output value the filter flagged.
    struct Candidate: Sendable {
        var columns: Set<String> = []
        var occurrences = 0
    }

    /// What reading one table back found.
    struct TableFindings: Sendable {
        var table: String
        var digest: String
        var checked = 0
        var candidates: [LeakProbe.Key: Candidate] = [:]
        var patternHits: [String: Int] = [:]
        var scannedColumns = 0
    }

    /// At most this many distinct flagged values are kept per table (a bound on memory; a run with
    /// more has leaked on a large scale and fails anyway).
    static let candidateLimit = 100_000
    static let allClasses = Set(RedactClass.allCases)

    static func verify(_ staged: any SourceConnection, plan: MaskingPlan, probe: LeakProbe, jobs: Int) throws -> Verification {
        let targetSchema = try staged.introspect()
        let tables = plan.validated.tables.filter(\.rule.copyRows)
        let all = try ParallelWork.map(tables.count, jobs: jobs, name: "cleanroom-verify") { i in
            try read(tables[i], from: staged, schema: targetSchema, probe: probe)
        }
        var candidates: [LeakProbe.Key: Candidate] = [:]
        for findings in all {
            candidates.merge(findings.candidates) { a, b in Candidate(columns: a.columns.union(b.columns), occurrences: a.occurrences + b.occurrences) }
        }
        return Verification(digests: Dictionary(uniqueKeysWithValues: all.map { ($0.table, $0.digest) }),
                            checked: all.reduce(0) { $0 + $1.checked }, candidates: candidates,
                            patternHits: all.reduce(into: [String: Int]()) { $0.merge($1.patternHits, uniquingKeysWith: +) },
                            scannedColumns: all.reduce(0) { $0 + $1.scannedColumns })
    }

    static func read(_ planned: PlannedTable, from staged: any SourceConnection, schema: DatabaseSchema, probe: LeakProbe) throws -> TableFindings {
        let name = planned.table.name.description
        guard let table = LiveDigest.table(name, in: schema) else {
            throw ConnectorError.queryFailed(context: "verifying the target", message: "table \(name) is missing from the target")
        }
        // What each read column is checked for, by name (the target may order or name its schema differently).
        let rules = Dictionary(planned.columns.map { ($0.column.name, $0) }, uniquingKeysWith: { a, _ in a })
        let columns = LiveDigest.columns(of: table)
        let checks = columns.map { !planned.rule.isReference && (rules[$0.name].map(ProbePolicy.checksOutput) ?? false) }
        let scans = columns.map { rules[$0.name].map(ProbePolicy.scansPatterns) ?? false }
        var findings = TableFindings(table: name, digest: "", scannedColumns: scans.filter { $0 }.count)
        let watched = columns.indices.filter { checks[$0] || scans[$0] }
        var scratch: [UInt8] = []
        let digest = try LiveDigest.read(table, from: staged) { batch in
            guard !watched.isEmpty else { return }
            batch.forEachRow { fields in
                for i in watched where i < fields.count && !CopyText.isNull(fields[i]) {
                    scratch.removeAll(keepingCapacity: true)
                    CopyText.unescape(fields[i], into: &scratch)
                    scratch.withUnsafeBytes { value in
                        guard checks[i], let filterKey = probe.filterKey(value) else { return }
                        findings.checked += 1
                        guard probe.mayContain(filterKey) else { return }
                        let key = probe.key(value, filter: filterKey)
                        if findings.candidates[key] != nil || findings.candidates.count < candidateLimit {
                            findings.candidates[key, default: Candidate()].columns.insert("\(name).\(columns[i].name)")
                            findings.candidates[key]?.occurrences += 1
                        }
                    }
                    if scans[i] {
                        for finding in Redactor.findings(scratch, classes: allClasses) {
                            findings.patternHits["\(name).\(columns[i].name):\(finding.0.rawValue)", default: 0] += 1
                        }
                    }
                }
            }
        }
        findings.digest = digest.hex
        return findings
    }
}
