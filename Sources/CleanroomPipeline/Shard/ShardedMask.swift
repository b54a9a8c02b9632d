import CleanroomConnectors
import CleanroomCore
import CleanroomCrypto
import CleanroomEvidence
import CleanroomMasking
import Foundation

/// A `mask` spread over processes, possibly on machines apart (docs/scale-out.md): `plan` once,
/// `run` once per shard (at the same time, in any order, again after a failure), `finish` once.
/// The result is the target a single `mask` of the same source, rules and key writes.
///
/// Each phase is a `MaskRun` of its own, planned alike from the source (same rules, key, schema),
/// loading into the one staging database `plan` prepared; their leak-probe filters are keyed with a
/// secret derived from the key and the plan (`ShardPlan.probeSecret`), so `finish` merges them.
/// PostgreSQL to PostgreSQL only, rules without a `subset:`. A shard copies whole tables and page
/// ranges of the large ones; the stage's part log (`PostgresSharedStage`) has each part loaded once.
public enum ShardedMask {
    /// `cleanroom shard plan`: validates the rules against the source (fail closed, as `mask`),
    /// cuts each table larger than a shard's fair share into page ranges (`ShardPlan.rangeCount`;
    /// none with `wholeTables`),
    /// assigns the parts to `shards` shards, writes the plan to `planPath`, then creates the staging
    /// database with the pre-data schema and the part log, marked incomplete and the plan's, and
    /// records the plan in the ledger (`ShardEvidence.plan`). An incomplete stage counts as abandoned
    /// `ttl` seconds after the plan. With `replicas`, the shards read the request's source and them in
    /// turn. With several sources or a table in ranges, the plan records the sources' committed state,
    /// which every later phase checks (`ShardSources`).
    /// - Returns: the plan as written.
    /// - Throws: `ShardError.unsupported` for other kinds of source or target, or a `subset:`; the
    ///   rules' validation errors; `ConnectorError.targetExists`; the ledger's errors. Nothing is
    ///   left behind.
    public static func plan(
        _ request: MaskRequest, replicas: [Endpoint] = [], shards: Int, wholeTables: Bool = false, planPath: String,
        ttl: TimeInterval, recorder: EvidenceRecorder
    ) throws -> LoadedShardPlan {
        let startedAt = Date()
        guard shards >= 1 else { throw ShardError.badIndex("--shards must be at least 1") }
        let sources = try ([request.source] + replicas).map { endpoint in
            guard case .postgres(let address) = endpoint else {
                throw ShardError.unsupported("source and target must both be PostgreSQL databases")
            }
            return address
        }
        guard case .postgres(let address) = request.target else {
            throw ShardError.unsupported("source and target must both be PostgreSQL databases")
        }
        let state = try ShardSources.state(of: sources)
        guard request.rules.subset == nil else {
            throw ShardError.unsupported("\(request.rules.path) has a subset:, which a sharded run does not take yet")
        }
        guard !request.rules.tables.keys.contains(where: { $0.schema == PostgresSharedStage.logSchema }) else {
            throw ShardError.unsupported(
                "the source has a schema \(PostgresSharedStage.logSchema), the name a sharded run's part log takes")
        }
        let id = Hex.encode((0..<16).map { _ in UInt8.random(in: .min ... .max) })
        let target = try PostgresTarget(address: address)
        let draft = ShardPlan(
            format: ShardPlan.currentFormat, id: id, createdAt: startedAt, expiresAt: startedAt + ttl,
            sources: sources.map(\.urlWithoutPassword), sourceState: nil,
            target: address.urlWithoutPassword, stage: target.stageAddress.database,
            rulesPath: request.rules.path, rulesDigest: request.rules.digest,
            keyFingerprint: request.key.fingerprint, leakProbeBytes: 0,
            prepass: ShardPlan.SealedFile(bytes: 0, sha256: ""), tables: [], shards: [])
        let run = try MaskRun.plan(request, target: target, probeSecret: try draft.probeSecret(key: request.key))
        var plan = draft
        plan.tables = run.tables
        plan.leakProbeBytes = run.probeBytes
        let parts = try parts(of: run, shards: wholeTables ? 1 : shards)
        plan.shards = ShardPlan.assign(parts, tables: plan.tables, count: shards, sources: sources.count)
        if sources.count > 1 || parts.contains(where: { $0.pages != nil }) {
            try ShardSources.refuseTarget(run.targetIdentity, onServerOf: run.sourceIdentity)
            try ShardSources.check(sources[0], shows: state, "while the plan read it")
            plan.sourceState = state
        }
        let directory = ShardFiles.folder(ofPlan: planPath)
        let found = SourcePrepass.Found(vocabulary: run.plan.vocabulary, uniqueDraws: run.plan.uniqueDraws)
        do {
            plan.prepass = try ShardPrepassFile.write(
                found, plan: id, key: request.key, directory: directory)
            let written = try plan.encoded()
            try ShardFiles.write(written, to: planPath)
            try run.prepare()
            try PostgresSharedStage.mark(target, plan: id, expiresAt: draft.expiresAt)
            run.release()
            // The plan as written, not as read back: the folder may be writable by others.
            let loaded = try LoadedShardPlan(path: planPath, contents: written)
            try recorder.append(
                ShardEvidence.plan(
                    loaded, source: run.sourceIdentity, startedAt: startedAt, toolVersion: recorder.toolVersion))
            return loaded
        } catch {
            // A stage marked and released is the plan's, which only this drops now.
            _ = try? PostgresSharedStage.drop(draft.stage, of: address, plan: id)
            try? FileManager.default.removeItem(atPath: planPath)
            try? FileManager.default.removeItem(atPath: ShardPrepassFile.path(in: directory))
            throw error
        }
    }

    /// What one shard did.
    public struct ShardOutcome: Sendable {
        public var index: Int
        public var tables: [TableOutcome]
        /// Where its signed statement is.
        public var statementPath: String
    }

    /// `cleanroom shard run`: copies shard `index`'s parts into the plan's stage, each loaded with its
    /// entry in the stage's part log — a rerun masks again the parts the log holds, for their
    /// account, without loading them twice, and loads the others —, stores its part beside the plan
    /// (`ShardPartFile`) and a statement of it signed with `signingKey`.
    /// - Throws: `ShardError.refused` for rules or a key other than the plan's; `ShardError.badIndex`;
    ///   `ShardError.stageMissing`; the copy's errors (the stage stays for a rerun).
    public static func run(
        _ plan: LoadedShardPlan, index: Int, rules: RulesFile, key: MaskingKey, jobs: Int,
        observer: (any MaskObserver)? = nil, signingKey: Ed25519PrivateKey, actor: RunActor? = nil,
        toolVersion: String
    ) throws -> ShardOutcome {
        guard plan.plan.shards.indices.contains(index) else {
            throw ShardError.badIndex("\(index) is not a shard of the plan (0 to \(plan.plan.shards.count - 1))")
        }
        let startedAt = Date()
        let shard = plan.plan.shards[index]
        let source = try sourceAddress(plan, shard.source)
        if let state = plan.plan.sourceState { try ShardSources.check(source, shows: state, "before the copy") }
        let run = try attach(
            plan, source: source, rules: rules, key: key, jobs: jobs, observer: observer,
            parts: Dictionary(shard.parts.map { ($0.table, $0.logName) }) { a, _ in a })
        defer { run.release() }
        let files = plan.files(of: index)
        try files.remove()
        let part = try run.copy(shard.parts.map(\.share))
        if let state = plan.plan.sourceState { try ShardSources.check(source, shows: state, "during the copy") }
        let partDigest = try ShardPartFile.write(part, plan: plan, files: files)
        let outcomes = part.tables.keys.sorted().compactMap { part.tables[$0]?.outcome }
        let statement = ShardEvidence.statement(
            plan: plan, index: index, partDigest: partDigest, tables: outcomes, source: run.sourceIdentity,
            startedAt: startedAt, actor: actor, toolVersion: toolVersion)
        let envelope = try EvidenceSigner.sign(statement, key: signingKey)
        try ShardFiles.write(Data(try EvidenceJSON.encode(envelope)), to: files.statement)
        return ShardOutcome(index: index, tables: outcomes, statementPath: files.statement)
    }

    /// `cleanroom shard finish`: checks that the ledger holds the plan's record, then every shard's
    /// statement (signed under `recorder`'s key, naming this plan and its part) and part, and that the
    /// stage's part log holds exactly the plan's parts; merges them, runs post-data and the
    /// verification of `mask` (digests, leak probe), appends the shard statements and then the run's
    /// `mask` statement naming them to the ledger, and only then renames the stage to the target's
    /// name. With a recorded source state, the source must show it before and after.
    /// - Throws: `ShardError.shardMissing` or `.refused` (nothing changed: rerun the shard, or
    ///   `abort`); `PipelineError.partsDoNotFit` for a table in two shards or in none; a leak.
    ///   After a failure the stage stays, incomplete, until `abort`.
    public static func finish(
        _ plan: LoadedShardPlan, rules: RulesFile, key: MaskingKey, jobs: Int,
        observer: (any MaskObserver)? = nil, recorder: EvidenceRecorder
    ) throws -> (result: MaskResult, entry: LedgerEntry) {
        let publicKey = try recorder.signingKey.publicKey()
        try ShardEvidence.checkPlanRecorded(plan, in: recorder.ledger, publicKey: publicKey)
        let secret = try plan.plan.probeSecret(key: key)
        var envelopes: [Envelope] = []
        var parts: [CopyPart] = []
        for index in plan.plan.shards.indices {
            let files = plan.files(of: index)
            let (envelope, partDigest) = try ShardEvidence.check(files, plan: plan, publicKey: publicKey)
            envelopes.append(envelope)
            let part = try ShardPartFile.read(files, plan: plan, expectedDigest: partDigest, secret: secret)
            let planned = plan.plan.shards[index].parts.map(\.share)
            let copied = part.tables.values.map { TableShare(table: $0.outcome.table, rows: $0.shares.first) }
            guard Set(copied) == Set(planned), copied.count == planned.count else {
                throw ShardError.refused(
                    path: files.part, reason: "it does not hold the parts the plan gives shard \(index)")
            }
            parts.append(part)
        }
        let shardSubjects = try envelopes.enumerated().map { index, envelope in
            Subject(
                name: ShardSubjects.statementPrefix + String(index),
                sha256: ShardSubjects.digest(ofPayload: try envelope.payloadBytes()))
        }
        let address = try targetAddress(plan)
        let source = try sourceAddress(plan, 0)
        if let state = plan.plan.sourceState { try ShardSources.check(source, shows: state, "before finish") }
        let run = try attach(plan, source: source, rules: rules, key: key, jobs: jobs, observer: observer)
        try checkPartLog(plan, run: run, stage: address.with(database: plan.plan.stage))
        try run.attach()
        var entry: LedgerEntry?
        let result = try run.finish(parts) { result in
            if let state = plan.plan.sourceState { try ShardSources.check(source, shows: state, "during finish") }
            try PostgresSharedStage.dropPartLog(stage: plan.plan.stage, of: address)
            for envelope in envelopes { _ = try recorder.ledger.append(envelope) }
            entry = try recorder.recordMask(result, shards: [ShardEvidence.planSubject(plan)] + shardSubjects)
        }
        return (result, entry!)
    }

    /// `cleanroom shard abort`: drops the plan's stage and the shards' files beside the plan, and
    /// records what it dropped (`ShardEvidence.abort`).
    /// - Returns: whether there was a stage to drop.
    public static func abort(_ plan: LoadedShardPlan, recorder: EvidenceRecorder) throws -> Bool {
        let startedAt = Date()
        let dropped = try PostgresSharedStage.drop(plan.plan.stage, of: try targetAddress(plan), plan: plan.plan.id)
        for index in plan.plan.shards.indices { try plan.files(of: index).remove() }
        let erased = (dropped ? ["database \(plan.plan.stage)"] : []) + ["the shards' files beside the plan"]
        try recorder.append(
            ShardEvidence.abort(plan, dropped: erased, startedAt: startedAt, toolVersion: recorder.toolVersion))
        return dropped
    }

    /// Refuses unless the stage's part log names exactly the plan's parts whose rows are copied: each
    /// loaded once, none missing, nothing else.
    private static func checkPartLog(_ plan: LoadedShardPlan, run: MaskRun, stage: PostgresAddress) throws {
        let copied = Set(run.plan.validated.tables.filter(\.rule.copyRows).map(\.table.name.description))
        let expected = Set(plan.plan.shards.flatMap(\.parts).filter { copied.contains($0.table) }.map(\.logName))
        let logged = try PostgresSharedStage.loadedParts(stage: stage)
        guard logged == expected else {
            let (missing, unknown) = (expected.subtracting(logged).sorted(), logged.subtracting(expected).sorted())
            throw ShardError.refused(
                path: "the part log of \(stage.database)",
                reason: "it does not name the plan's loaded parts (missing: \(missing), not planned: \(unknown))")
        }
    }

    /// The parts of `run`'s tables for `shards` shards: a table whose rows are copied and whose
    /// estimate is over a shard's fair share in page ranges (as many as `ShardPlan.rangeCount` says
    /// and the table has pages for), every other table whole.
    private static func parts(of run: MaskRun, shards: Int) throws -> [ShardPlan.Part] {
        let estimates = run.plan.validated.tables.map { planned in
            planned.rule.copyRows ? run.source.estimatedRowCount(of: planned.table) ?? 0 : 0
        }
        let total = estimates.reduce(0, +)
        return try zip(run.plan.validated.tables, estimates).flatMap { planned, estimate in
            let name = planned.table.name.description
            let count = ShardPlan.rangeCount(estimate: estimate, total: total, count: shards)
            let ranges =
                count > 1 ? try (run.source as? PostgresSource)?.pageRanges(of: planned.table, count: count) ?? [] : []
            guard !ranges.isEmpty else { return [ShardPlan.Part(table: name, pages: nil, estimatedRows: estimate)] }
            return ranges.map { ShardPlan.Part(table: name, pages: $0, estimatedRows: estimate / ranges.count) }
        }
    }

    /// A run of `plan` reading `source` and loading into its stage, once the rules and key are the plan's.
    /// - Parameter parts: the part log's name of each table this process loads (`ShardPlan.Part.logName`).
    private static func attach(
        _ plan: LoadedShardPlan, source: PostgresAddress, rules: RulesFile, key: MaskingKey, jobs: Int,
        observer: (any MaskObserver)?, parts: [String: String] = [:]
    ) throws -> MaskRun {
        let p = plan.plan
        guard rules.digest == p.rulesDigest else {
            throw ShardError.refused(
                path: rules.path, reason: "the plan was made with other rules (\(p.rulesPath), \(p.rulesDigest))")
        }
        guard key.fingerprint == p.keyFingerprint else {
            throw ShardError.refused(
                path: "the masking key",
                reason: "the plan was made with key \(p.keyFingerprint), not \(key.fingerprint)")
        }
        let address = try targetAddress(plan)
        guard let expiresAt = try PostgresSharedStage.expiry(of: p.stage, on: address, plan: p.id) else {
            throw ShardError.stageMissing(stage: p.stage, plan: p.id)
        }
        guard expiresAt > Date() else { throw ShardError.expired(stage: p.stage, at: expiresAt) }
        let prepass = try ShardPrepassFile.read(plan, key: key)
        let stage = try PostgresTarget(address: address, attachingTo: p.stage, parts: parts)
        let request = MaskRequest(
            source: .postgres(source), target: .postgres(address), rules: rules, key: key, jobs: jobs,
            observer: observer, leakProbeBytes: p.leakProbeBytes)
        return try MaskRun.plan(request, target: stage, probeSecret: try p.probeSecret(key: key), prepass: prepass)
    }

    /// The plan's source number `index`.
    private static func sourceAddress(_ plan: LoadedShardPlan, _ index: Int) throws -> PostgresAddress {
        guard plan.plan.sources.indices.contains(index),
            case .postgres(let address) = try Endpoint(parsing: plan.plan.sources[index])
        else { throw ShardError.unreadable(path: "the plan", reason: "it names no PostgreSQL source \(index)") }
        return address
    }

    /// The plan's target.
    private static func targetAddress(_ plan: LoadedShardPlan) throws -> PostgresAddress {
        guard case .postgres(let address) = try Endpoint(parsing: plan.plan.target) else {
            throw ShardError.unsupported("the plan's target is not a PostgreSQL database")
        }
        return address
    }
}
