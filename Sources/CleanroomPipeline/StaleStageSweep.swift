import CleanroomConnectors
import CleanroomCore
import CleanroomCrypto
import CleanroomEvidence
import Foundation

/// A stage of a killed run that was removed, with its signed erasure record.
public struct StageRemoval: Sendable, Codable {
    /// The stage, e.g. `database shop__crstage_1a2b3c4d` or `partial /data/.shop.sqlite.partial-Ab12Cd`.
    public var stage: String
    /// The endpoint the stage would have become.
    public var target: String
    /// The run that left it, e.g. `process 4242 on ci-7, started 2026-12-07T01:02:03Z, which is gone`.
    public var owner: String
    /// What was dropped or removed.
    public var dropped: [String]
    /// The ledger entry of the `.gc` erasure record.
    public var evidenceSeq: Int
}

/// What a sweep did: the stages removed and those that could not be, with the reason.
public struct StageSweepOutcome: Sendable {
    public var removed: [StageRemoval] = []
    public var failures: [(stage: String, message: String)] = []
}

/// Removes the stages killed runs left behind (`ConnectorFactory.staleStages`): `gc` sweeps a whole
/// host, and `mask` and `provision` the place of their own target before creating it. Each removal
/// is a signed `.gc` erasure record naming the stage, the target it was for and the run that left it.
public enum StaleStageSweep {
    /// Removes each of `stages`, recording each removal (or its failure) in the ledger.
    /// - Throws: only when the ledger cannot take a record: a removal is never left unrecorded silently.
    public static func remove(_ stages: [StaleStage], recorder: EvidenceRecorder) throws -> StageSweepOutcome {
        var outcome = StageSweepOutcome()
        for stage in stages {
            let startedAt = Date()
            let target = RunTarget(
                endpoint: stage.target,
                label: "\(stage.description), a stage of \(stage.target) left by \(stage.leftBy)")
            let dropped: [String]
            do {
                dropped = try stage.remove()
            } catch {
                let failure = RunFailure(message: "could not remove \(stage.description): \(RunFailure(error).message)")
                try recorder.recordFailure(
                    kind: .gc, target: stage.target, failure: failure, startedAt: startedAt,
                    facts: EnvironmentFacts(label: target.label))
                outcome.failures.append((stage.description, failure.message))
                continue
            }
            let predicate = ErasurePredicate.erased(
                dropped, kind: .gc, toolVersion: recorder.toolVersion, target: target, startedAt: startedAt)
            let entry = try recorder.append(
                Statement(subject: [stageSubject(stage.description, dropped: dropped)], predicate: predicate))
            outcome.removed.append(
                StageRemoval(
                    stage: stage.description, target: stage.target, owner: stage.leftBy, dropped: dropped,
                    evidenceSeq: entry.seq))
        }
        return outcome
    }

    /// The record's in-toto subject: the stage (`stage:<description>`), by the SHA-256 of what was
    /// dropped, each item followed by a newline (the erasure-list digest teardown records use).
    static func stageSubject(_ stage: String, dropped: [String]) -> Subject {
        Subject(
            name: "stage:\(stage)",
            sha256: Subject.erasureDigest(dropped))
    }
}
