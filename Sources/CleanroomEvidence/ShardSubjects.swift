import CleanroomCore
import CleanroomCrypto

/// The subjects that tie a sharded run's statements together (docs/evidence.md, "Sharded runs"):
/// the plan's statement (kind `shard-plan`) attests `shard-plan:ID` (the plan file's SHA-256); a
/// shard statement (kind `shard`) attests `shard-plan:ID` and `shard-part:I` (its part file's
/// SHA-256); the run's `mask` statement attests its tables, `shard-plan:ID`, and
/// `shard-statement:I` for every shard, the SHA-256 of that shard statement's payload; an abort
/// (kind `shard-abort`) attests `shard-plan:ID`.
public enum ShardSubjects {
    public static let planPrefix = "shard-plan:"
    public static let partPrefix = "shard-part:"
    public static let statementPrefix = "shard-statement:"

    /// The digest a run statement names a shard statement by: SHA-256 of its envelope's payload.
    public static func digest(ofPayload payload: [UInt8]) -> String {
        Hex.encode(SHA256Hasher.digest(payload))
    }

    /// Whether `subject` names a shard plan.
    public static func isPlan(_ subject: Subject) -> Bool {
        subject.name.hasPrefix(planPrefix)
    }

    /// Whether `subject` names a shard statement.
    public static func isShardStatement(_ subject: Subject) -> Bool {
        subject.name.hasPrefix(statementPrefix)
    }
}
