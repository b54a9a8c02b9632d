import CleanroomCore
import Foundation

/// Failures of a masking run as a whole (component errors pass through with their own types).
public enum PipelineError: CleanroomError {
    /// The target is the source (same server identity and database, or the same file).
    case targetIsSource(identity: String)
    /// The run was stopped because another table failed; carries the first failure.
    case tableFailed(table: String, underlying: String)
    /// The leak probe found masked source values in the output.
    /// `sources` names, for each output column, the masked source columns whose values it held.
    case leakDetected(hits: Int, columns: [String], sources: [String: [String]])
    /// The word-level leak probe found words of masked name, e-mail, username or street values in kept
    /// or text-preserving output columns. `sources` names, for each output column, the masked source
    /// columns whose words it held.
    case wordsLeaked(hits: Int, columns: [String], sources: [String: [String]])
    /// The word-level probe flagged more distinct words than it holds for confirmation
    /// (`TargetVerifier.candidateLimit`); `occurrences` names, per output column, the flagged words
    /// beyond them, which were never confirmed or dismissed, so the run cannot say they are no leak.
    case wordsUnconfirmed(limit: Int, occurrences: [String: Int])
    /// A temporary file of the run (the leak probe's lookups, the first draws of unique columns)
    /// could not be created, written or read; `holding` says what it holds and how much of it.
    case scratchFileFailed(directory: String, holding: String, reason: String)
    /// A run's phases were called with tables or parts that are not the run's: a table it does not
    /// plan, parts of another run, a table copied twice or not at all.
    case partsDoNotFit(reason: String)
    /// SIGINT or SIGTERM ended the run; what it created was removed.
    case interrupted(signal: Int32)
    /// The run's evidence could not be recorded before the target was to be made visible; the
    /// target was removed, so no copy ships without its record.
    case evidenceNotRecorded(underlying: String)
    /// The rules have a `subset:`, and the source reads only whole files (CSV, JSONL).
    case subsetNeedsSQLSource(source: String)
    /// `cleanroom subset plan` with rules that have no `subset:`.
    case subsetMissing(rules: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .targetIsSource: return .guardRefused
        case .subsetNeedsSQLSource, .subsetMissing: return .usage
        case .tableFailed, .leakDetected, .wordsLeaked, .wordsUnconfirmed, .scratchFileFailed, .partsDoNotFit,
            .interrupted,
            .evidenceNotRecorded:
            return .runFailed
        }
    }

    public var description: String {
        switch self {
        case .targetIsSource(let identity):
            return
                "separation guard refused: the target is the source (\(identity)); Cleanroom never writes back into its source"
        case .tableFailed(let table, let underlying):
            return "\(table): \(underlying)"
        case .leakDetected(let hits, let columns, let sources):
            return "leak probe failed: \(hits) source value(s) of masked columns found in the output (in "
                + Self.places(columns, sources, "values") + "); nothing was kept; mask those columns too, or mark "
                + "public reference tables `reference: true` in the rules"
        case .wordsLeaked(let hits, let columns, let sources):
            return "leak probe failed: \(hits) word(s) of masked names, e-mail addresses, usernames or streets "
                + "found in the output (in " + Self.places(columns, sources, "words") + "); nothing was kept; "
                + "mask those columns (`filler` for free text, or `redact` with its `name` class)"
        case .wordsUnconfirmed(let limit, let occurrences):
            let places = occurrences.sorted { $0.key < $1.key }.map { "\($0.value) in \($0.key)" }
            return "leak probe incomplete: more than \(limit) distinct words of masked names, e-mail addresses, "
                + "usernames or streets were flagged in the output, and their rows' source values held them too; "
                + "the flagged words beyond those (" + places.joined(separator: ", ") + ") were not confirmed, "
                + "so nothing was kept; mask those columns (`filler` for free text, or `redact` with its `name` "
                + "class), or mark public reference tables `reference: true` in the rules"
        case .scratchFileFailed(let directory, let holding, let reason):
            return
                "a scratch file in \(directory) failed: \(reason); it holds \(holding): set TMPDIR to a writable folder with room for that"
        case .interrupted(let signal):
            return
                "interrupted by \(signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "signal \(signal)"); "
                + "the target was removed"
        case .evidenceNotRecorded(let underlying):
            return "\(underlying); the target was removed: a copy never ships without its evidence"
        case .partsDoNotFit(let reason):
            return "the run's parts do not fit together: \(reason); nothing was kept"
        case .subsetMissing(let rules):
            return "\(rules) has no `subset:`; add one with `roots:` (docs/subsetting.md)"
        case .subsetNeedsSQLSource(let source):
            return
                "\(source) reads whole files, so it cannot select a subset's rows; subset a PostgreSQL or SQLite source "
                + "(load the files into SQLite first), or remove `subset:` from the rules"
        }
    }

    /// Output columns, each with the masked source columns whose values or words it held.
    private static func places(_ columns: [String], _ sources: [String: [String]], _ what: String) -> String {
        columns.map { column in
            sources[column].map { "\(column), \(what) of \($0.joined(separator: ", "))" } ?? column
        }.joined(separator: "; ")
    }
}
