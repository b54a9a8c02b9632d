import CleanroomCore
import Foundation

/// Why a `cleanroom shard` command stopped. Every check of another process's file fails closed.
public enum ShardError: CleanroomError {
    /// A plan or part file is missing, malformed or of another format.
    case unreadable(path: String, reason: String)
    /// A shard's file could not be written beside the plan.
    case cannotWrite(path: String, reason: String)
    /// A file or the command's inputs do not belong to this plan: another plan's part, a digest that
    /// does not match, a statement signed by another key, other rules or another masking key.
    case refused(path: String, reason: String)
    /// `shard finish` found no statement of shard `index`: it has not finished (or its files are gone).
    case shardMissing(index: Int, path: String)
    /// `--index` (or `$JOB_COMPLETION_INDEX`) is missing, not a number, or not a shard of the plan.
    case badIndex(String)
    /// What `shard` cannot do yet (a source or target other than PostgreSQL, rules with a `subset:`).
    case unsupported(String)
    /// The plan's staging database is not there (dropped by `shard abort`, or renamed by `finish`).
    case stageMissing(stage: String, plan: String)
    /// The plan's stage is past its expiry (`shard plan --ttl`): it counts as abandoned.
    case expired(stage: String, at: Date)
    /// The sources of a plan with several are not one database showing one committed state (`ShardSources`).
    case sourcesDiffer(String)

    public var exitStatus: ExitStatus {
        switch self {
        case .unreadable, .badIndex, .unsupported: return .usage
        case .refused, .shardMissing, .stageMissing, .sourcesDiffer, .expired: return .guardRefused
        case .cannotWrite: return .runFailed
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): \(reason)"
        case .cannotWrite(let path, let reason): return "\(path): cannot be written: \(reason)"
        case .refused(let path, let reason): return "\(path): refused: \(reason)"
        case .shardMissing(let index, let path):
            return "shard \(index) has not finished: no \(path); run `cleanroom shard run --index \(index)` again"
        case .badIndex(let reason): return "shard index: \(reason)"
        case .unsupported(let what): return "cleanroom shard: \(what)"
        case .expired(let stage, let at):
            return
                "the plan's staging database \(stage) expired at \(at.formatted(.iso8601)) (shard plan --ttl): it counts as abandoned; run `cleanroom shard abort` and plan again"
        case .sourcesDiffer(let reason): return "the sources are not one state of one database: \(reason)"
        case .stageMissing(let stage, let plan):
            return
                "the staging database \(stage) of plan \(plan) is gone (dropped by `shard abort`, or made visible by `shard finish`); run `cleanroom shard plan` again"
        }
    }
}
