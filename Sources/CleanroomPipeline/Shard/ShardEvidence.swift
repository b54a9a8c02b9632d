import CleanroomConnectors
import CleanroomCore
import CleanroomCrypto
import CleanroomEvidence
import Foundation

/// The statements of a sharded run besides its `mask` statement (`ShardSubjects`): the plan's, in
/// the ledger from `shard plan`; each shard's signed statement (`shard-I.statement.json`), which
/// `finish` appends; and an abort's.
enum ShardEvidence {
    /// `shard plan`'s record (kind `shard-plan`): the rules, key and source the plan was made with,
    /// attesting the plan file (`shard-plan:ID`) and the rules file by digest.
    static func plan(
        _ plan: LoadedShardPlan, source: EndpointIdentity, startedAt: Date, toolVersion: String
    ) -> Statement<MaskPredicate> {
        Statement(
            subject: [planSubject(plan), .rules(path: plan.plan.rulesPath, sha256: plan.plan.rulesDigest)],
            predicate: MaskPredicate(
                header: RunHeader(
                    kind: .shardPlan, toolVersion: toolVersion, target: RunTarget(endpoint: plan.plan.target),
                    startedAt: startedAt, finishedAt: Date(), outcome: .succeeded),
                rulesDigest: plan.plan.rulesDigest, maskingKeyFingerprint: plan.plan.keyFingerprint,
                source: .init(kind: source.kind, server: source.server, database: source.database)))
    }

    /// `shard abort`'s record (kind `shard-abort`): what it dropped, attesting the plan.
    static func abort(
        _ plan: LoadedShardPlan, dropped: [String], startedAt: Date, toolVersion: String
    ) -> Statement<ErasurePredicate> {
        Statement(
            subject: [planSubject(plan)],
            predicate: .erased(
                dropped, kind: .shardAbort, toolVersion: toolVersion, target: RunTarget(endpoint: plan.plan.target),
                startedAt: startedAt))
    }

    /// Refuses unless `ledger` holds a succeeded `shard-plan` record of this plan file (its digest).
    static func checkPlanRecorded(_ plan: LoadedShardPlan, in ledger: Ledger, publicKey: Ed25519PublicKey) throws {
        let subject = planSubject(plan)
        let recorded = try ledger.verify(publicKey: publicKey).records.contains { record in
            guard record.signatureValid, let statement = record.statement else { return false }
            return statement.header.kind == .shardPlan && statement.header.outcome == .succeeded
                && statement.subject.contains(subject)
        }
        guard recorded else {
            throw ShardError.refused(
                path: ledger.path,
                reason:
                    "it holds no record of plan \(plan.plan.id) with digest \(plan.digest): the plan file changed since `shard plan` recorded it, or was recorded in another ledger (give --ledger)"
            )
        }
    }

    /// `shard-plan:ID`, by the plan file's digest.
    static func planSubject(_ plan: LoadedShardPlan) -> Subject {
        Subject(name: ShardSubjects.planPrefix + plan.plan.id, sha256: plan.digest)
    }

    /// A shard's statement: a `MaskPredicate` of kind `shard` with the shard's columns and counts (no
    /// leak probe: that is the run's, settled by `finish`), attesting the plan (`shard-plan:ID`) and
    /// the part it stored (`shard-part:I`) by digest.
    static func statement(
        plan: LoadedShardPlan, index: Int, partDigest: String, tables: [TableOutcome], source: EndpointIdentity,
        startedAt: Date, actor: RunActor?, toolVersion: String
    ) -> Statement<MaskPredicate> {
        var header = RunHeader(
            kind: .shard, toolVersion: toolVersion, target: RunTarget(endpoint: plan.plan.target),
            startedAt: startedAt, finishedAt: Date(), outcome: .succeeded)
        header.actor = actor
        return Statement(
            subject: [planSubject(plan), Subject(name: ShardSubjects.partPrefix + String(index), sha256: partDigest)],
            predicate: MaskPredicate(
                header: header, rulesDigest: plan.plan.rulesDigest, maskingKeyFingerprint: plan.plan.keyFingerprint,
                source: .init(kind: source.kind, server: source.server, database: source.database),
                columns: MaskPredicate.ColumnEntry.entries(tables)))
    }

    /// Shard `files.index`'s statement, once it verifies under `publicKey` and names this plan and
    /// this shard's part.
    /// - Returns: the envelope and the part file's digest it signed.
    /// - Throws: `ShardError.shardMissing` without a statement; `ShardError.refused` otherwise.
    static func check(
        _ files: ShardFiles, plan: LoadedShardPlan, publicKey: Ed25519PublicKey
    ) throws -> (Envelope, partDigest: String) {
        guard let data = FileManager.default.contents(atPath: files.statement) else {
            throw ShardError.shardMissing(index: files.index, path: files.statement)
        }
        let envelope: Envelope
        let statement: AnyStatement
        do {
            envelope = try EvidenceJSON.decode(Envelope.self, from: Array(data))
            statement = try EvidenceVerifier.verify(envelope, publicKey: publicKey)
        } catch {
            throw ShardError.refused(path: files.statement, reason: "\(error)")
        }
        guard statement.header.kind == .shard, statement.header.outcome == .succeeded else {
            throw ShardError.refused(path: files.statement, reason: "not a successful shard statement")
        }
        let subjects = Dictionary(statement.subject.map { ($0.name, $0.digest.sha256) }) { a, _ in a }
        guard subjects[ShardSubjects.planPrefix + plan.plan.id] == plan.digest else {
            throw ShardError.refused(path: files.statement, reason: "it is a statement of another plan")
        }
        guard let partDigest = subjects[ShardSubjects.partPrefix + String(files.index)] else {
            let named = statement.subject.first { $0.name.hasPrefix(ShardSubjects.partPrefix) }?.name ?? "no part"
            throw ShardError.refused(
                path: files.statement, reason: "it attests \(named), not \(ShardSubjects.partPrefix)\(files.index)")
        }
        return (envelope, partDigest)
    }
}
