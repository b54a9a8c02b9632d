import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import Foundation

/// What to mask, from where, to where.
public struct MaskRequest: Sendable {
    public var source: Endpoint
    public var target: Endpoint
    public var rules: RulesFile
    public var key: MaskingKey
    /// Worker threads masking tables (a large table is shared between them), and connections
    /// building the target's indexes.
    public var jobs: Int
    public var observer: (any MaskObserver)?
    /// The leak probe's Bloom filter size: a smaller one saves memory and costs a second read of the
    /// masked source columns when it reports false positives (which are then dismissed).
    public var leakProbeBytes: Int

    public init(source: Endpoint, target: Endpoint, rules: RulesFile, key: MaskingKey,
                jobs: Int = ProcessInfo.processInfo.activeProcessorCount, observer: (any MaskObserver)? = nil,
                leakProbeBytes: Int = LeakProbe.filterBytes) {
        self.source = source
        self.target = target
        self.rules = rules
        self.key = key
        self.jobs = max(1, jobs)
        self.observer = observer
        self.leakProbeBytes = leakProbeBytes
    }
}

/// Runs the data path of DESIGN §2: introspect, validate (fail closed), guard, create the target,
/// stream every table through its maskers in parallel (digesting and auditing the written rows),
/// finish the schema, settle the digests (reading back the tables whose rows would not print back
/// as written) and the leak probe, and only then commit. Any failure aborts the target.
public enum MaskRunner {
    public static func run(_ request: MaskRequest) throws -> MaskResult {
        let startedAt = Date()
        let observer = request.observer
        let source = try ConnectorFactory.source(request.source)
        let sourceIdentity = try source.identity()
        observer?.phase("reading the source schema")
        let schema = try source.introspect()
        observer?.phase("validating \(request.rules.path) against the source")
        let validated = try RulesValidator.validate(request.rules, against: schema)
        let plan = try MaskingPlan(rules: validated, key: request.key)

        let target = try ConnectorFactory.target(request.target)
        let targetIdentity = try target.identity()
        guard targetIdentity != sourceIdentity else {
            throw PipelineError.targetIsSource(identity: sourceIdentity.description)
        }
        let probe = LeakProbe(filterBytes: request.leakProbeBytes)
        let interruption = Interrupts.shared.register { target.abort() }
        defer { interruption.cancel() }
        do {
            observer?.phase("creating the target schema")
            let definition = try source.schemaDefinition(for: schema)
            try target.prepare(schema: schema, definition: definition)
            let spill = try LookupSpill()
            let copied = try TableCopier.copy(plan: plan, source: source, target: target, probe: probe, spill: spill, jobs: request.jobs,
                                              observer: observer)
            let (verification, leakProbe) = try finalizeAndVerify(
                target: target, finalize: { try target.finalizeSchema(schema: schema, definition: definition, jobs: request.jobs) },
                verify: {
                    let verification = try TargetVerifier.verify(copied, staged: target.stagedSource, plan: plan, probe: probe,
                                                                 spill: spill, jobs: request.jobs)
                    return (verification, try LeakConfirmation.confirm(verification, source: source, plan: plan, probe: probe,
                                                                       jobs: request.jobs, observer: observer))
                }, observer: observer)
            if leakProbe.hits > 0 {
                throw PipelineError.leakDetected(hits: leakProbe.hits, columns: leakProbe.hitColumns)
            }
            try target.commit()
            let tables = copied.map { table in
                var o = table.outcome
                o.digest = verification.digests[o.table] ?? ""
                o.readBack = verification.readBack.contains(o.table)
                return o
            }
            return MaskResult(source: sourceIdentity, sourceDescription: request.source.description,
                              target: targetIdentity, targetDescription: request.target.description,
                              rulesPath: request.rules.path, rulesDigest: request.rules.digest,
                              keyFingerprint: request.key.fingerprint, tables: tables, leakProbe: leakProbe,
                              separationCheck: "target \(targetIdentity) is not the source \(sourceIdentity)",
                              startedAt: startedAt, finishedAt: Date())
        } catch {
            target.abort()
            throw error
        }
    }

    /// Finishes the target's schema and verifies it (digests, reading back the tables that need it, and
    /// the leak probe's lookups). On PostgreSQL both run at once: building indexes and validating
    /// constraints leaves the rows as they are, and each post-data statement holds its table's locks
    /// only while it runs.
    /// Elsewhere (a SQLite file is locked while its indexes are written) one after the other.
    private static func finalizeAndVerify<Verified>(target: any TargetConnection, finalize: () throws -> Void,
                                                    verify: @escaping @Sendable () throws -> Verified,
                                                    observer: (any MaskObserver)?) throws -> Verified {
        guard case .postgres = target.endpoint else {
            observer?.phase("creating indexes, constraints and triggers")
            try finalize()
            observer?.phase("verifying the target (digests and leak probe)")
            return try verify()
        }
        observer?.phase("creating indexes, constraints and triggers while verifying the target (digests and leak probe)")
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
