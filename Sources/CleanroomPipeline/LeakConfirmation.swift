import CleanroomConnectors
import CleanroomCore
import CleanroomMasking

/// Confirms the leak probe's positives exactly: re-reads the masked text columns of the source and
/// keeps the flagged output values whose key belongs to a real source value. Runs only when the
/// filter flagged something, so a clean run reads the source once. The flagged values are confirmed
/// in rounds of at most `TargetVerifier.candidateLimit` keys (a share of them each, one more read of
/// the source per round), so memory stays bounded when a saturated filter flags many and every
/// flagged value is still confirmed; where a confirmed value was found is looked up afterwards.
enum LeakConfirmation {
    /// - Parameter learnt: the rules the run vocabulary was learnt with (see `WordConfirmation`).
    static func confirm(
        _ verification: TargetVerifier.Verification, lookups: LookupSpill, source: any SourceConnection,
        plan: MaskingPlan, learnt: ValidatedRules, probe: LeakProbe, jobs: Int, observer: (any MaskObserver)?
    ) throws -> LeakProbeOutcome {
        var hits = 0
        var hitColumns = Set<String>()
        var sources: [String: Set<String>] = [:]
        var dismissed = 0
        var share: TargetVerifier.Share? = TargetVerifier.Share()
        while let current = share {
            guard let flagged = try TargetVerifier.flagged(in: lookups, probe: probe, share: current) else {
                share = current.split
                continue
            }
            let confirmed = try confirm(
                flagged, source: source, plan: plan, probe: probe, jobs: jobs, observer: observer)
            if !confirmed.isEmpty {
                for (key, candidate) in try TargetVerifier.candidates(Set(confirmed.keys), in: lookups, plan: plan) {
                    hits += candidate.occurrences
                    hitColumns.formUnion(candidate.columns)
                    for output in candidate.columns { sources[output, default: []].formUnion(confirmed[key] ?? []) }
                }
            }
            dismissed += flagged.count - confirmed.count
            share = current.next
        }
        let references = plan.validated.tables.filter(\.rule.isReference).map(\.table.name.description)
        let words = try WordConfirmation.confirm(
            verification.wordCandidates, source: source, learnt: learnt, jobs: jobs, observer: observer)
        var outcome = LeakProbeOutcome(
            sourceValues: probe.recorded, checkedValues: verification.checked,
            hits: hits, hitColumns: hitColumns.sorted(), hitSources: sources.mapValues { $0.sorted() },
            falsePositiveRate: probe.falsePositiveRate,
            keptTextColumnsScanned: verification.scannedColumns, patternHits: verification.patternHits,
            method:
                "Bloom filter (\(probe.filterBytes) bytes, \(LeakProbe.hashCount) hashes; SipHash keyed with a random secret of the run) of changed source values of masked text columns, "
                + "looked up for kept columns and the values text-preserving columns left unchanged (places and single common words left out), every positive confirmed against the source"
                + " (\(dismissed) filter false positive\(dismissed == 1 ? "" : "s") dismissed)"
                + (references.isEmpty ? "" : "; reference tables not probed: \(references.joined(separator: ", "))")
                + (plan.vocabulary == nil
                    ? ""
                    : "; words (3+ letters) of kept and text-preserving outputs looked up in the run "
                        + "vocabulary (a keyed Bloom filter sized from the row estimates) of masked name, e-mail, "
                        + "username and street columns, each hit that is no common word (nor a place's in a short value) "
                        + "confirmed in the row's source value and the source columns")
        )
        outcome.learntWords = plan.vocabulary?.learnt ?? 0
        outcome.checkedWords = verification.checkedWords
        outcome.wordHits = words.hits
        outcome.wordHitColumns = words.columns
        outcome.wordHitSources = words.sources
        outcome.publicWordsDismissed = words.publicWords
        return outcome
    }

    /// The keys among `flagged` that are masked source values', with the source columns
    /// (`table.column`) holding them.
    private static func confirm(
        _ flagged: Set<LeakProbe.Key>, source: any SourceConnection, plan: MaskingPlan,
        probe: LeakProbe, jobs: Int, observer: (any MaskObserver)?
    ) throws -> [LeakProbe.Key: Set<String>] {
        guard !flagged.isEmpty else { return [:] }
        observer?.phase("confirming the \(flagged.count) value(s) the leak probe flagged against the source")
        let tables = plan.validated.tables.filter {
            $0.rule.copyRows && $0.columns.contains(where: ProbePolicy.recordsSource)
        }
        let found = try ParallelWork.map(tables.count, jobs: jobs, name: "cleanroom-confirm") { i in
            try sourceKeys(of: tables[i], in: source, probe: probe) { flagged.contains($0) }
        }
        var confirmed: [LeakProbe.Key: Set<String>] = [:]
        for part in found { confirmed.merge(part) { $0.union($1) } }
        return confirmed
    }

    /// The keys of the masked source values of `planned` that `wanted` accepts, with the columns
    /// (`table.column`) holding them.
    private static func sourceKeys(
        of planned: PlannedTable, in source: any SourceConnection, probe: LeakProbe,
        wanted: (LeakProbe.Key) -> Bool
    ) throws -> [LeakProbe.Key: Set<String>] {
        let recorded = planned.columns.filter(ProbePolicy.recordsSource).map(\.column)
        let names = recorded.map { "\(planned.table.name).\($0.name)" }
        var keys: [LeakProbe.Key: Set<String>] = [:]
        try SourceValues.forEach(recorded, of: planned, in: source) { i, value in
            let bytes = UnsafeRawBufferPointer(value)
            guard let filterKey = probe.filterKey(bytes) else { return }
            let key = probe.key(bytes, filter: filterKey)
            if wanted(key) { keys[key, default: []].insert(names[i]) }
        }
        return keys
    }
}
