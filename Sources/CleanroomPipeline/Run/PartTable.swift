import CleanroomEvidence

/// A copied table, or a share of its rows, as a `CopyPart` carries it to `MaskRun.finish`: its
/// outcome and what the audit of its written rows found, as plain values, so that a part copied by
/// another process can be stored and read back (`ShardPartFile`). Shares of one table merge into
/// the table (`merging(_:)`).
struct PartTable: Codable {
    var outcome: TableOutcome
    /// Nil for a table whose rows are not copied.
    var audit: Audit?
    /// The shares of the table's rows this holds (`TableShare.rows`), sorted; empty for all of them.
    var shares: [String]

    /// What `TargetVerifier` needs of an `OutputAudit`.
    struct Audit: Codable {
        /// The written rows' `TableDigest`, not yet taken, so that shares add up.
        var digest: TableDigest
        /// Whether the rows print back as written, so `digest` is the target's (else it is read back).
        var printsBack: Bool
        var checked: Int
        var patternHits: [String: Int]
        /// The table's kept text columns scanned for patterns (the same in every share).
        var scannedColumns: Int
        var checkedWords: Int
        /// `TokenAudit.candidates`: present only when the word probe flagged a word that the row's
        /// source value also held (a probable leak, confirmed against the source by `finish`).
        var wordCandidates: [[UInt8]: TargetVerifier.Candidate]
        /// `TokenAudit.unconfirmed`; nil when empty.
        var unconfirmedWords: [String: Int]?

        /// This audit and `other`'s, of another share of the table, as one.
        func merging(_ other: Audit) -> Audit {
            var merged = self
            merged.digest.merge(other.digest)
            merged.printsBack = printsBack && other.printsBack
            merged.checked += other.checked
            merged.patternHits.merge(other.patternHits, uniquingKeysWith: +)
            merged.checkedWords += other.checkedWords
            merged.wordCandidates.merge(other.wordCandidates) { $0.adding($1) }
            let unconfirmed = (unconfirmedWords ?? [:]).merging(other.unconfirmedWords ?? [:], uniquingKeysWith: +)
            merged.unconfirmedWords = unconfirmed.isEmpty ? nil : unconfirmed
            return merged
        }
    }

    init(outcome: TableOutcome, audit: Audit?, shares: [String] = []) {
        self.outcome = outcome
        self.audit = audit
        self.shares = shares
    }

    init(_ copied: CopiedTable, share: String?) {
        outcome = copied.outcome
        audit = copied.audit.map { audit in
            Audit(
                digest: audit.digest, printsBack: audit.printsBack, checked: audit.checked,
                patternHits: audit.patternHits, scannedColumns: audit.scannedColumns,
                checkedWords: audit.tokens?.checkedWords ?? 0, wordCandidates: audit.tokens?.candidates ?? [:],
                unconfirmedWords: audit.tokens.flatMap { $0.unconfirmed.isEmpty ? nil : $0.unconfirmed })
        }
        shares = share.map { [$0] } ?? []
    }

    /// This share of the table and `other`, another share of it, as one: rows, bytes and counts
    /// added, the longer time, the digests merged.
    /// - Throws: `PipelineError.partsDoNotFit` when either holds the whole table or both hold a share.
    func merging(_ other: PartTable) throws -> PartTable {
        guard !shares.isEmpty, !other.shares.isEmpty, Set(shares).isDisjoint(with: other.shares) else {
            throw PipelineError.partsDoNotFit(reason: "\(outcome.table) was copied by two parts")
        }
        var merged = self
        merged.shares = (shares + other.shares).sorted()
        merged.outcome.rows += other.outcome.rows
        merged.outcome.bytes += other.outcome.bytes
        merged.outcome.seconds = max(outcome.seconds, other.outcome.seconds)
        merged.outcome.columns = zip(outcome.columns, other.outcome.columns).map { $0.adding($1) }
        merged.audit = try audit.map { audit in
            guard let theirs = other.audit else {
                throw PipelineError.partsDoNotFit(reason: "the shares of \(outcome.table) were audited apart")
            }
            return audit.merging(theirs)
        }
        return merged
    }
}
