import CleanroomConnectors
import CleanroomCore
import CleanroomCrypto
import CleanroomEvidence
import Foundation

/// A shard's signed statement (`shard-I.statement.json`): a `MaskPredicate` of kind `shard` with
/// the shard's columns and counts (no leak probe: that is the run's, settled by `finish`), attesting
/// the plan (`shard-plan:ID`) and the part it stored (`shard-part:I`) by digest (`ShardSubjects`).
enum ShardEvidence {
    static func statement(
        plan: LoadedShardPlan, index: Int, partDigest: String, tables: [TableOutcome], source: EndpointIdentity,
        startedAt: Date, actor: RunActor?, toolVersion: String
    ) -> Statement<MaskPredicate> {
        var header = RunHeader(
            kind: .shard, toolVersion: toolVersion, target: RunTarget(endpoint: plan.plan.target),
            startedAt: startedAt, finishedAt: Date(), outcome: .succeeded)
        header.actor = actor
        return Statement(
            subject: [
                Subject(name: ShardSubjects.planPrefix + plan.plan.id, sha256: plan.digest),
                Subject(name: ShardSubjects.partPrefix + String(index), sha256: partDigest),
            ],
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
