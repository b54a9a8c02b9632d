import CleanroomConnectors
import CleanroomEvidence
import CleanroomPipeline
import Foundation

/// What one teardown erased (A 8.10).
public struct ErasureOutcome: Sendable, Codable {
    /// The environment's name.
    public var name: String
    /// What was dropped or removed, e.g. `database cr_ci-42`, `role cr_ci-42_owner`, `file …/cr_demo.sqlite`.
    public var dropped: [String]
    /// When the erasure completed.
    public var erasedAt: Date
    /// The ledger entry of the signed `.teardown` record.
    public var evidenceSeq: Int
}

/// What a `gc` run did in one registry.
public struct CollectionOutcome: Sendable {
    /// The registry collected.
    public var registry: String
    /// The environments torn down.
    public var erased: [ErasureOutcome]
    /// Environments that were due but could not be torn down, and stages that could not be
    /// removed, with the reason.
    public var failures: [(name: String, message: String)]
    /// Stages of killed runs removed from the host, each with its own erasure record.
    public var stages: [StageRemoval]
    /// The ledger entry of the `.gc` record.
    public var evidenceSeq: Int
}

/// Tears environments down: drops the database and role, or removes the file, marks the registry
/// row erased and appends a signed erasure record (`.teardown`; `gc` adds a `.gc` record too).
public enum EnvironmentEraser {
    /// Tears down `entry`, which `registry` of `host` holds.
    /// - Returns: nil when it was erased already (nothing to do).
    /// - Throws: `ProvisioningError.stillProvisioning` for an environment another run is still
    ///   creating (unless it is past its expiry: that run died).
    /// - Parameters:
    ///   `abandoned` says the run creating it is known to be gone (`collectGarbage` found its stage
    ///   left by a dead process), so it is torn down before its expiry.
    public static func teardown(
        _ entry: RegistryEntry, host: EnvironmentHost, registry: any EnvironmentRegistry,
        recorder: EvidenceRecorder, now: Date = Date(), abandoned: Bool = false
    ) throws -> ErasureOutcome? {
        if entry.status == .erased { return nil }
        var recorder = recorder
        recorder.mirror = registry.ledgerMirror
        if entry.status == .provisioning, !entry.isExpired(at: now), !abandoned {
            throw ProvisioningError.stillProvisioning(
                environment: entry.name, expiresAt: entry.expiresAt.map(RegistryDates.format) ?? "never")
        }
        let target = RunTarget(
            endpoint: entry.endpoint, environment: entry.name, classification: entry.classification,
            label: entry.label, expiresAt: entry.expiresAt)
        let startedAt = Date()
        do {
            let dropped = try erase(entry, host: host)
            let predicate = ErasurePredicate.erased(
                dropped, kind: .teardown, toolVersion: recorder.toolVersion, target: target, startedAt: startedAt)
            let erasedAt = predicate.header.finishedAt
            let ledgerEntry = try recorder.append(Statement(teardownOf: entry.name, predicate: predicate))
            try registry.markErased(entry.name, at: erasedAt, evidenceSeq: ledgerEntry.seq)
            return ErasureOutcome(name: entry.name, dropped: dropped, erasedAt: erasedAt, evidenceSeq: ledgerEntry.seq)
        } catch {
            _ = try? recorder.recordFailure(
                kind: .teardown, target: entry.endpoint, failure: RunFailure(error), startedAt: startedAt,
                facts: EnvironmentFacts(
                    environment: entry.name, classification: entry.classification,
                    label: entry.label, expiresAt: entry.expiresAt))
            throw error
        }
    }

    /// Tears down every expired environment in `registry` (only those of `templates`, when given)
    /// and removes the stages killed runs left on `host` for them (`EnvironmentHost.staleStages`), each with its own
    /// erasure record, then appends one `.gc` record listing everything dropped.
    ///
    /// An environment still `provisioning` whose stage was left by its own run, now gone (a provision
    /// SIGKILLed mid-load), is abandoned: nothing will finish it, so its role and registry claim are
    /// torn down now, with a teardown record, rather than at its expiry. "Its own run" means a stage
    /// started no earlier than the registry claim, so a stage of an earlier, killed attempt never
    /// condemns a later, live one.
    public static func collectGarbage(
        host: EnvironmentHost, registry: any EnvironmentRegistry, recorder: EvidenceRecorder,
        templates: Set<String>? = nil, now: Date = Date()
    ) throws -> CollectionOutcome {
        let startedAt = Date()
        var recorder = recorder
        recorder.mirror = registry.ledgerMirror
        let entries = try registry.entries().filter {
            $0.status != .erased && (templates?.contains($0.template) ?? true)
        }
        let due = entries.filter { $0.isExpired(at: now) }
        var erased: [ErasureOutcome] = []
        var failures: [(name: String, message: String)] = []
        func tearDown(_ entry: RegistryEntry, abandoned: Bool) {
            do {
                let outcome = try teardown(
                    entry, host: host, registry: registry, recorder: recorder, now: now, abandoned: abandoned)
                if let outcome { erased.append(outcome) }
            } catch {
                failures.append((entry.name, RunFailure(error).message))
            }
        }
        for entry in due { tearDown(entry, abandoned: false) }
        let stages = try host.staleStages(of: entries)
        let abandoned = entries.filter { entry in
            entry.status == .provisioning && !entry.isExpired(at: now)
                && stages.contains { stage in
                    host.stage(stage, isFor: entry) && (stage.owner.map { $0.startedAt >= entry.createdAt } ?? false)
                }
        }
        let sweep = try StaleStageSweep.remove(stages, recorder: recorder)
        failures += sweep.failures.map { ($0.stage, $0.message) }
        for entry in abandoned { tearDown(entry, abandoned: true) }
        let scope = templates.map { " (templates \($0.sorted().joined(separator: ", ")))" } ?? ""
        let erasure = ErasurePredicate.Erasure(
            dropped: erased.flatMap(\.dropped) + sweep.removed.flatMap(\.dropped), erasedAt: Date())
        let predicate = ErasurePredicate(
            header: RunHeader(
                kind: .gc, toolVersion: recorder.toolVersion,
                target: RunTarget(
                    endpoint: registry.location,
                    label: "expired environments in \(registry.location)\(scope) and stages of killed runs on \(host)"),
                startedAt: startedAt, finishedAt: Date(), outcome: failures.isEmpty ? .succeeded : .failed,
                failureMessage: failures.isEmpty
                    ? nil : failures.map { "\($0.name): \($0.message)" }.joined(separator: "; ")),
            erasure: erasure)
        let entry = try recorder.append(
            Statement(
                collecting: registry.location, environments: erased.map { ($0.name, $0.dropped) },
                predicate: predicate))
        return CollectionOutcome(
            registry: registry.location, erased: erased, failures: failures, stages: sweep.removed,
            evidenceSeq: entry.seq)
    }

    /// Drops what `entry` names on `host` and says what existed.
    static func erase(_ entry: RegistryEntry, host: EnvironmentHost) throws -> [String] {
        let endpoint = try Endpoint(parsing: entry.endpoint)
        switch (host, endpoint) {
        case (.postgres(let admin), .postgres(let address)):
            return try PostgresEnvironment(admin: admin, database: address.database, role: entry.role).drop()
        case (.sqlite, .sqlite(let path)):
            var dropped: [String] = []
            for file in [path, path + "-journal", path + "-wal", path + "-shm"]
            where FileManager.default.fileExists(atPath: file) {
                try FileManager.default.removeItem(atPath: file)
                dropped.append("file \(file)")
            }
            return dropped
        default:
            throw ProvisioningError.conflictingObject(
                environment: entry.name, message: "its endpoint \(entry.endpoint) is not on \(host)")
        }
    }
}
