import CleanroomConnectors
import CleanroomEvidence
import CleanroomMasking
import Foundation

/// What one table's copy did.
public struct TableOutcome: Sendable, Codable {
    public var table: String
    /// Rows written (0 for `rows: none`).
    public var rows: Int
    /// Bytes of COPY text written.
    public var bytes: Int
    public var seconds: Double
    /// The canonical content digest of the table as loaded (see `TableDigest`).
    public var digest: String
    /// Whether the digest came from reading the table back from the target, because its written rows
    /// would not all print back unchanged (see `OutputForm`); otherwise it is the written rows' digest.
    public var readBack = false
    public var columns: [ColumnStatistics]
}

/// The leak probe's findings (A 8.11).
public struct LeakProbeOutcome: Sendable, Codable {
    /// Source values of masked columns recorded (changed values, with repetitions).
    public var sourceValues: Int
    /// Output values looked up.
    public var checkedValues: Int
    /// Output values found among the masked source values.
    public var hits: Int
    /// Where the hits were (table.column).
    public var hitColumns: [String]
    /// For each output column with hits, the masked source columns whose values it held.
    public var hitSources: [String: [String]] = [:]
    public var falsePositiveRate: Double
    /// Kept text columns scanned for PII patterns, and the pattern matches found there.
    public var keptTextColumnsScanned: Int
    public var patternHits: [String: Int]
    public var method: String
    /// Words of masked name, e-mail, username and street columns learnt (with repetitions; 0 when the
    /// run learnt no vocabulary).
    public var learntWords = 0
    /// Words of kept and text-preserving outputs looked up in the run vocabulary.
    public var checkedWords = 0
    /// Occurrences of learnt words, confirmed against the source, found in those outputs.
    public var wordHits = 0
    /// Where the word hits were (table.column), and for each, the source columns whose words they are.
    public var wordHitColumns: [String] = []
    public var wordHitSources: [String: [String]] = [:]
    /// Flagged words dismissed because reference tables hold them too (public vocabulary).
    public var publicWordsDismissed = 0
}

/// Everything a finished (or failed) masking run reports; evidence is built from it.
public struct MaskResult: Sendable {
    public var source: EndpointIdentity
    public var sourceDescription: String
    public var target: EndpointIdentity
    public var targetDescription: String
    public var rulesPath: String
    public var rulesDigest: String
    public var keyFingerprint: String
    public var tables: [TableOutcome]
    public var leakProbe: LeakProbeOutcome
    public var separationCheck: String
    /// What the subset kept, when the rules have a `subset:`.
    public var subset: MaskPredicate.Subset?
    public var startedAt: Date
    public var finishedAt: Date
}
