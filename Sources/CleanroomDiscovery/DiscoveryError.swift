import CleanroomCore

/// Failures of `cleanroom scan` and `cleanroom check`. Messages name the table or file concerned and
/// never quote sampled values.
public enum DiscoveryError: CleanroomError, Equatable {
    /// `--sample` below 1.
    case invalidSampleSize(Int)
    /// Reading a table's sample failed; `reason` is the connector's message.
    case sampleFailed(table: String, reason: String)
    /// `--out` names a file that exists: scan never replaces rules that may have been reviewed.
    case outputExists(path: String)
    /// The draft rules file could not be written.
    case cannotWrite(path: String, reason: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .invalidSampleSize, .outputExists: return .usage
        case .sampleFailed, .cannotWrite: return .runFailed
        }
    }

    public var description: String {
        switch self {
        case .invalidSampleSize(let n):
            return
                "--sample \(n): the sample size is the number of rows read per table and must be at least 1 (default 1000)"
        case .sampleFailed(let table, let reason):
            return "sampling \(table) failed: \(reason)"
        case .outputExists(let path):
            return
                "\(path) exists; scan never replaces a rules file that may have been reviewed: move it away or choose another --out"
        case .cannotWrite(let path, let reason):
            return "cannot write the draft rules to \(path): \(reason); choose another --out path"
        }
    }
}
