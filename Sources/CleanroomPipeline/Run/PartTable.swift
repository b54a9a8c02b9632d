/// A copied table as a `CopyPart` carries it to `MaskRun.finish`: its outcome and what the audit of
/// its written rows found, as plain values, so that a part copied by another process can be stored
/// and read back (`ShardPartFile`).
struct PartTable: Codable {
    var outcome: TableOutcome
    /// Nil for a table whose rows are not copied.
    var audit: Audit?

    /// What `TargetVerifier` needs of an `OutputAudit`.
    struct Audit: Codable {
        /// The written rows' `TableDigest`, in hex.
        var digest: String
        /// Whether the rows print back as written, so `digest` is the target's (else it is read back).
        var printsBack: Bool
        var checked: Int
        var patternHits: [String: Int]
        var scannedColumns: Int
        var checkedWords: Int
        /// `TokenAudit.candidates`: present only when the word probe flagged a word that the row's
        /// source value also held (a probable leak, confirmed against the source by `finish`).
        var wordCandidates: [[UInt8]: TargetVerifier.Candidate]
    }

    init(outcome: TableOutcome, audit: Audit?) {
        self.outcome = outcome
        self.audit = audit
    }

    init(_ copied: CopiedTable) {
        outcome = copied.outcome
        audit = copied.audit.map { audit in
            Audit(
                digest: audit.digest.hex, printsBack: audit.printsBack, checked: audit.checked,
                patternHits: audit.patternHits, scannedColumns: audit.scannedColumns,
                checkedWords: audit.tokens?.checkedWords ?? 0, wordCandidates: audit.tokens?.candidates ?? [:])
        }
    }
}
