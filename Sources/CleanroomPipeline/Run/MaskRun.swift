import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import Foundation

/// A masking run (DESIGN §2) in its phases, each a step another capability can build on:
///
/// 1. `plan(_:)`: introspect the source, validate the rules against it (fail closed), guard the
///    target (it is not the source), learn the run vocabulary (`VocabularyPass`: the words of masked
///    name, e-mail, username and street columns, which `redact` and the word-level leak probe use),
///    resolve the collisions of `unique: true` columns (`UniquePass`; both in one `SourcePrepass`),
///    and draw the leak probe's secret. With a `subset:`, narrow each table's read to its selection
///    (`SubsetSelection`) and start counting its rows on the source, which goes on while the run
///    does (`SubsetCounting`); the pre-pass reads every row, so a name of a row left out is still
///    found in the kept rows' text (the kept rows only with `vocabulary: kept`).
/// 2. `prepare()`: create the target and the structure rows need.
/// 3. `copy(tables:)`: stream tables through their maskers into the target; returns a `CopyPart`.
///    Parts merge, so the tables may be copied in several parts.
/// 4. `finish(_:)`: finish the schema, settle the digests and the leak probe, and only then commit.
///
/// A run on one machine is `plan → prepare → copy(all) → finish` (`MaskRunner.run`). Any failure
/// after `plan` aborts the target, so nothing half-written is left behind; so does an interrupt
/// (SIGINT, SIGTERM) from `plan` until the run ends, and a run released before it finished.
public final class MaskRun {
    public let request: MaskRequest
    let startedAt: Date
    let source: any SourceConnection
    let target: any TargetConnection
    let sourceIdentity: EndpointIdentity
    let targetIdentity: EndpointIdentity
    let schema: DatabaseSchema
    let plan: MaskingPlan
    /// The rules the vocabulary was learnt from: as validated, before a subset narrowed them (unless
    /// the subset says `vocabulary: kept`).
    private let learnt: ValidatedRules
    /// The run's subset, if its rules have one, with its counts on the source, taken meanwhile.
    private let subset: SubsetCounting?
    /// What every part's leak-probe filter is keyed with.
    private let probeSecret: LeakProbe.Secret
    /// Every part's leak-probe filter size (`MaskRequest.leakProbeBytes`, or sized from the row estimates).
    let probeBytes: Int
    private var definition: SchemaDefinition?
    private var interruption: Interrupts.Registration?
    /// Whether the run has ended: committed, or aborted after a failure.
    private var ended = false

    /// The tables of the run, in the plan's order, as `copy(tables:)` takes them.
    public var tables: [String] { plan.validated.tables.map(\.table.name.description) }

    private init(
        request: MaskRequest, startedAt: Date, source: any SourceConnection, target: any TargetConnection,
        sourceIdentity: EndpointIdentity, targetIdentity: EndpointIdentity, schema: DatabaseSchema,
        plan: MaskingPlan, learnt: ValidatedRules, subset: SubsetCounting?, probeSecret: LeakProbe.Secret
    ) {
        self.probeSecret = probeSecret
        self.request = request
        self.startedAt = startedAt
        self.source = source
        self.target = target
        self.sourceIdentity = sourceIdentity
        self.targetIdentity = targetIdentity
        self.schema = schema
        self.plan = plan
        self.learnt = learnt
        self.subset = subset
        probeBytes = request.leakProbeBytes ?? LeakProbe.filterBytes(forValues: Self.recordedValues(plan, source))
        interruption = Interrupts.shared.register { _ in target.abort() }
    }

    /// A run given up before it ended (a phase never called) removes what it created and waits for
    /// its subset counts, so that no query of it outlives it.
    deinit {
        if !ended { target.abort() }
        subset?.wait()
        interruption?.cancel()
    }

    /// Introspects, validates, guards, learns the run vocabulary, resolves unique columns' collisions
    /// and draws the probe secret; creates nothing yet.
    /// - Throws: the rules' validation errors, `PipelineError.targetIsSource`, connection errors.
    public static func plan(_ request: MaskRequest) throws -> MaskRun {
        try plan(request, target: nil, probeSecret: .random())
    }

    /// `plan(_:)` loading into `given` (a stage another process prepared, for a sharded run) instead
    /// of a target of its own, with every part's filter keyed with `probeSecret`, and taking what
    /// `found` says (another process's pre-pass, `ShardPrepassFile`) instead of reading the source
    /// for it.
    static func plan(
        _ request: MaskRequest, target given: (any TargetConnection)?, probeSecret: LeakProbe.Secret,
        prepass found: SourcePrepass.Found? = nil
    ) throws -> MaskRun {
        let startedAt = Date()
        let observer = request.observer
        let source = try ConnectorFactory.source(request.source)
        let sourceIdentity = try source.identity()
        observer?.phase("reading the source schema")
        let schema = try source.introspect()
        observer?.phase("validating \(request.rules.path) against the source")
        let validated = try RulesValidator.validate(request.rules, against: schema)
        var plan = try MaskingPlan(rules: validated, key: request.key)

        let target = try given ?? ConnectorFactory.target(request.target)
        let targetIdentity = try target.identity()
        guard targetIdentity != sourceIdentity else {
            throw PipelineError.targetIsSource(identity: sourceIdentity.description)
        }
        let subset = try SubsetSelection.plan(validated, source: source)
        let narrowed = subset?.narrowing(validated) ?? validated
        // Every source row, unless the subset says `vocabulary: kept`.
        let keptOnly = subset?.subset.vocabularyFromKeptRows == true
        let learnt = keptOnly ? narrowed : validated
        // The counts run meanwhile; a failure before the run exists waits for them (no query outlives it).
        let subsetCounting = subset.map { SubsetCounting($0, source: source, jobs: request.jobs) }
        do {
            let prepass = keptOnly ? try MaskingPlan(rules: narrowed, key: request.key) : plan
            let found = try found ?? SourcePrepass.run(prepass, source: source, jobs: request.jobs, observer: observer)
            if subset != nil || found.vocabulary != nil || !found.uniqueDraws.isEmpty {
                plan = try MaskingPlan(
                    rules: narrowed, key: request.key, vocabulary: found.vocabulary, uniqueDraws: found.uniqueDraws)
            }
        } catch {
            subsetCounting?.wait()
            throw error
        }
        return MaskRun(
            request: request, startedAt: startedAt, source: source, target: target,
            sourceIdentity: sourceIdentity, targetIdentity: targetIdentity, schema: schema, plan: plan,
            learnt: learnt, subset: subsetCounting, probeSecret: probeSecret)
    }

    /// About how many source values the leak probe records: each copied table's estimated rows
    /// (10,000 where the source cannot tell) times its recorded columns.
    private static func recordedValues(_ plan: MaskingPlan, _ source: any SourceConnection) -> Int {
        plan.validated.tables.reduce(0) { sum, table in
            let columns = table.columns.filter(ProbePolicy.recordsSource).count
            guard table.rule.copyRows, columns > 0 else { return sum }
            return sum + (source.estimatedRowCount(of: table.table) ?? 10_000) * columns
        }
    }

    /// Creates the target and the structure rows need (tables, types; indexes come in `finish`).
    public func prepare() throws {
        try abortingOnFailure {
            request.observer?.phase("creating the target schema")
            let definition = try source.schemaDefinition(for: schema)
            try target.prepare(schema: schema, definition: definition)
            self.definition = definition
        }
    }

    /// Takes the target as another process prepared it (`prepare()` there): the schema definition
    /// `finish` completes it with, read from the source. For a run loading into a shared stage.
    func attach() throws {
        try abortingOnFailure { definition = try source.schemaDefinition(for: schema) }
    }

    /// Ends this process's part of a run whose target other processes go on with (a sharded run's
    /// plan and shards): nothing is aborted or committed; the run refuses every phase after it.
    func release() {
        ended = true
        interruption?.cancel()
    }

    /// Copies the named tables (as the run's `tables` names them) whole: `copy(_:)`.
    public func copy(tables names: [String]) throws -> CopyPart {
        try copy(names.map { TableShare(table: $0) })
    }

    /// Copies the tables or shares of tables, on `request.jobs` worker threads and in the plan's
    /// order. Each part fills a leak-probe filter of its own (`probeBytes`).
    /// - Throws: `PipelineError.partsDoNotFit` for a table the run does not plan, or two shares of one
    ///   table; the first table's failure otherwise.
    public func copy(_ shares: [TableShare]) throws -> CopyPart {
        try abortingOnFailure {
            let planned = plan.validated.tables.map(\.table.name.description)
            var rows: [Int: String?] = [:]
            for share in shares {
                guard let index = planned.firstIndex(of: share.table) else {
                    throw PipelineError.partsDoNotFit(reason: "the run plans no table \(share.table)")
                }
                if let earlier = rows.updateValue(share.rows, forKey: index), earlier != share.rows {
                    throw PipelineError.partsDoNotFit(reason: "two shares of \(share.table) in one part")
                }
            }
            let probe = LeakProbe(filterBytes: probeBytes, secret: probeSecret)
            let lookups = try LookupSpill()
            let copied = try TableCopier.copy(
                rows.keys.sorted().map { ($0, rows[$0]!) }, plan: plan, source: source,
                target: target, probe: probe, spill: lookups, jobs: request.jobs,
                observer: request.observer)
            return CopyPart(
                tables: copied.reduce(into: [:]) { $0[$1.key] = PartTable($1.value, share: rows[$1.key]!) },
                probe: probe, lookups: lookups)
        }
    }

    /// Finishes the schema, verifies the target (digests, the leak probe) and commits it.
    /// - Parameters:
    ///   - parts: every part `copy(tables:)` returned, which together hold every table once.
    ///   - beforeCommit: called with the verified result before the target is made visible (the
    ///     evidence is written here); when it throws, the target is removed and the run fails.
    /// - Throws: `PipelineError.leakDetected` when masked source values reached the output;
    ///   `PipelineError.partsDoNotFit` when the parts do not cover the run's tables;
    ///   `PipelineError.evidenceNotRecorded` when `beforeCommit` threw.
    public func finish(_ parts: [CopyPart], beforeCommit: ((MaskResult) throws -> Void)? = nil) throws -> MaskResult {
        let result = try abortingOnFailure { try verifyAndCommit(parts, beforeCommit: beforeCommit) }
        ended = true
        interruption?.cancel()
        return result
    }

    /// `finish` without the abort on failure.
    private func verifyAndCommit(_ parts: [CopyPart], beforeCommit: ((MaskResult) throws -> Void)?) throws -> MaskResult
    {
        let part = try CopyPart.merging(parts)
        let missing = plan.validated.tables.indices.filter { part.tables[$0] == nil }
        guard missing.isEmpty, let definition else {
            let names = missing.map { tables[$0] }.joined(separator: ", ")
            throw PipelineError.partsDoNotFit(
                reason: definition == nil
                    ? "the target was not prepared"
                    : "not copied: \(names)")
        }
        let copied = plan.validated.tables.indices.compactMap { part.tables[$0] }
        let (plan, learnt, source, target) = (plan, learnt, source, target)
        let (jobs, observer) = (request.jobs, request.observer)
        let (probe, lookups) = (part.probe, part.lookups)
        let (verification, leakProbe) = try finalizeAndVerify(
            finalize: { try target.finalizeSchema(schema: schema, definition: definition, jobs: jobs) },
            verify: {
                let verification = try TargetVerifier.verify(
                    copied, staged: target.stagedSource, plan: plan,
                    probe: probe, spill: lookups, jobs: jobs)
                return (
                    verification,
                    try LeakConfirmation.confirm(
                        verification, lookups: lookups, source: source, plan: plan, learnt: learnt,
                        probe: probe, jobs: jobs, observer: observer)
                )
            })
        if leakProbe.hits > 0 {
            throw PipelineError.leakDetected(
                hits: leakProbe.hits, columns: leakProbe.hitColumns, sources: leakProbe.hitSources)
        }
        if leakProbe.wordHits > 0 {
            throw PipelineError.wordsLeaked(
                hits: leakProbe.wordHits, columns: leakProbe.wordHitColumns, sources: leakProbe.wordHitSources)
        }
        if !verification.unconfirmedWords.isEmpty {
            throw PipelineError.wordsUnconfirmed(
                limit: TargetVerifier.candidateLimit, occurrences: verification.unconfirmedWords)
        }
        let outcomes = copied.map { table in
            var o = table.outcome
            o.digest = verification.digests[o.table] ?? ""
            o.readBack = verification.readBack.contains(o.table)
            return o
        }
        let result = MaskResult(
            source: sourceIdentity, sourceDescription: request.source.description,
            target: targetIdentity, targetDescription: request.target.description,
            rulesPath: request.rules.path, rulesDigest: request.rules.digest,
            keyFingerprint: request.key.fingerprint, tables: outcomes, leakProbe: leakProbe,
            separationCheck: "target \(targetIdentity) is not the source \(sourceIdentity)",
            subset: try subset.map { counting in
                try counting.selection.outcome(
                    counting.counts(), written: Dictionary(outcomes.map { ($0.table, $0.rows) }) { a, _ in a })
            },
            startedAt: startedAt, finishedAt: Date())
        do {
            try beforeCommit?(result)
        } catch {
            throw PipelineError.evidenceNotRecorded(underlying: "\(error)")
        }
        try target.commit()
        return result
    }

    /// Runs `body`, aborting the target when it fails; refuses once the run has ended.
    private func abortingOnFailure<T>(_ body: () throws -> T) throws -> T {
        guard !ended else { throw PipelineError.partsDoNotFit(reason: "the run has ended already") }
        do {
            return try body()
        } catch {
            target.abort()
            ended = true
            interruption?.cancel()
            throw error
        }
    }

    /// Finishes the target's schema and verifies it (digests, reading back the tables that need it, and
    /// the leak probe's lookups): both at once where the target allows it
    /// (`TargetTraits.finalizesWhileVerifying`), otherwise one after the other.
    private func finalizeAndVerify<Verified>(
        finalize: () throws -> Void,
        verify: @escaping @Sendable () throws -> Verified
    ) throws -> Verified {
        let observer = request.observer
        guard target.traits.finalizesWhileVerifying else {
            observer?.phase("creating indexes, constraints and triggers")
            try finalize()
            observer?.phase("verifying the target (digests and leak probe)")
            return try verify()
        }
        observer?.phase(
            "creating indexes, constraints and triggers while verifying the target (digests and leak probe)")
        let verified = HandOver<Result<Verified, any Error>?>(nil)
        let verifier = WorkerThread(name: "cleanroom-verify") { verified.value = Result { try verify() } }
        do {
            try finalize()
        } catch {
            target.abort()  // ends the verifier's sessions at once
            verifier.join()
            throw error
        }
        verifier.join()
        return try verified.value!.get()
    }
}
