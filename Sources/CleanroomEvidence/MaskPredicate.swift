import Foundation

/// What a `mask` or `provision` run did: the rules and key it masked with, the source it read, each
/// column's transform and counts, the leak probe's result, and for an environment its authorisation,
/// access controls and, for a clone of a golden copy, the golden copy's ledger entry.
///
/// A run that failed before it masked anything has only its header and the `rulesDigest`,
/// `maskingKeyFingerprint` and `authorization` it knew by then: no source, columns or probe.
public struct MaskPredicate: RunPredicate {
    public static let kinds: Set<RunKind> = [.mask, .provision, .shard, .shardPlan]

    public var header: RunHeader
    /// Lower-case hex SHA-256 of the rules file's bytes; nil when the run failed before reading them.
    public var rulesDigest: String?
    /// The masking key's public fingerprint (never the key); nil when the run failed before loading it.
    public var maskingKeyFingerprint: String?
    /// Where the data came from; nil for a failed run.
    public var source: SourceIdentity?
    /// One entry per copied column, keep decisions included; empty for a failed run.
    public var columns: [ColumnEntry]
    /// The leak probe's result; nil for a failed run.
    public var leakProbe: LeakProbe?
    /// The authorisation reference given for this copy (`--authorization`), when there was one.
    public var authorization: String?
    /// The environment's access controls, when the run created or checked them.
    public var access: AccessControl?
    /// The attested run whose output this environment copies, when the run copied instead of masking
    /// (a clone of a golden database); nil otherwise.
    public var origin: Origin?
    /// The slice of the source the run copied, when its rules had a `subset:`; nil for a whole copy.
    public var subset: Subset?

    /// A run of kind `mask` or `provision` (`header.kind`).
    public init(
        header: RunHeader, rulesDigest: String? = nil, maskingKeyFingerprint: String? = nil,
        source: SourceIdentity? = nil, columns: [ColumnEntry] = [], leakProbe: LeakProbe? = nil,
        authorization: String? = nil, access: AccessControl? = nil, origin: Origin? = nil, subset: Subset? = nil
    ) {
        precondition(
            Self.kinds.contains(header.kind), "a MaskPredicate records a mask, provision, shard or shard-plan run")
        self.header = header
        self.rulesDigest = rulesDigest
        self.maskingKeyFingerprint = maskingKeyFingerprint
        self.source = source
        self.columns = columns
        self.leakProbe = leakProbe
        self.authorization = authorization
        self.access = access
        self.origin = origin
        self.subset = subset
    }

    public init(from decoder: any Decoder) throws {
        let (container, header) = try Self.container(decoding: decoder)
        self.header = header
        rulesDigest = try container.decodeIfPresent(String.self, forKey: .rulesDigest)
        maskingKeyFingerprint = try container.decodeIfPresent(String.self, forKey: .maskingKeyFingerprint)
        source = try container.decodeIfPresent(SourceIdentity.self, forKey: .source)
        columns = try container.decode([ColumnEntry].self, forKey: .columns)
        leakProbe = try container.decodeIfPresent(LeakProbe.self, forKey: .leakProbe)
        authorization = try container.decodeIfPresent(String.self, forKey: .authorization)
        access = try container.decodeIfPresent(AccessControl.self, forKey: .access)
        origin = try container.decodeIfPresent(Origin.self, forKey: .origin)
        subset = try container.decodeIfPresent(Subset.self, forKey: .subset)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = try container(encoding: encoder)
        try container.encodeIfPresent(rulesDigest, forKey: .rulesDigest)
        try container.encodeIfPresent(maskingKeyFingerprint, forKey: .maskingKeyFingerprint)
        try container.encodeIfPresent(source, forKey: .source)
        try container.encode(columns, forKey: .columns)
        try container.encodeIfPresent(leakProbe, forKey: .leakProbe)
        try container.encodeIfPresent(authorization, forKey: .authorization)
        try container.encodeIfPresent(access, forKey: .access)
        try container.encodeIfPresent(origin, forKey: .origin)
        try container.encodeIfPresent(subset, forKey: .subset)
    }

    /// The identity of a source: enough to tell two databases apart, nothing that is data or a secret.
    public struct SourceIdentity: Codable, Sendable, Hashable {
        /// The connector kind: `postgres`, `sqlite`, `csv`, `jsonl`.
        public var kind: String
        /// The server's identity, e.g. a PostgreSQL system identifier or `host:port`; a path for files.
        public var server: String
        /// The database name (or file name).
        public var database: String

        public init(kind: String, server: String, database: String) {
            self.kind = kind
            self.server = server
            self.database = database
        }
    }

    /// What happened to one column.
    public struct ColumnEntry: Codable, Sendable, Hashable {
        /// The schema-qualified table, e.g. `public.customer`.
        public var table: String
        public var column: String
        /// The rule in short, e.g. `keep`, `fake: email (unique)`, `fpe: digits`.
        public var transform: String
        /// The keyed transform's domain, when it has one.
        public var domain: String?
        public var rowsProcessed: Int
        /// How many values the transform changed.
        public var valuesChanged: Int

        public init(
            table: String, column: String, transform: String, domain: String? = nil, rowsProcessed: Int,
            valuesChanged: Int
        ) {
            self.table = table
            self.column = column
            self.transform = transform
            self.domain = domain
            self.rowsProcessed = rowsProcessed
            self.valuesChanged = valuesChanged
        }
    }

    /// The leak probe's counts: masked source values found in the output, PII patterns in kept text.
    public struct LeakProbe: Codable, Sendable, Hashable {
        /// Output values checked against the keyed digest set of masked source values.
        public var checkedValues: Int
        /// Output values that matched a masked source value. Any hit fails the run.
        public var hits: Int
        /// How the check was made, e.g. `keyed-digest-set` or `bloom(keyed, 1e-6)`.
        public var method: String
        /// The probabilistic set's false-positive rate, when the method has one.
        public var falsePositiveRate: Double?
        /// Passthrough (`keep`) text columns scanned for PII patterns.
        public var passedTextColumnsScanned: Int
        /// PII pattern matches in those columns.
        public var patternHits: Int
        /// The matches by column and pattern, keyed `schema.table.column:pattern` (e.g.
        /// `public.invoice.note:email`); nil when there were none, and in statements written before it.
        public var patternHitColumns: [String: Int]?
        /// Words of kept and text-preserving output columns looked up in the run vocabulary (the words
        /// of masked name, e-mail, username and street columns); nil in statements written before the
        /// word-level probe, or when the run learnt no vocabulary.
        public var checkedWords: Int?
        /// Output words found among them and confirmed against the source. Any hit fails the run.
        public var wordHits: Int?

        public init(
            checkedValues: Int, hits: Int, method: String, falsePositiveRate: Double? = nil,
            passedTextColumnsScanned: Int, patternHits: Int, patternHitColumns: [String: Int]? = nil,
            checkedWords: Int? = nil, wordHits: Int? = nil
        ) {
            self.checkedValues = checkedValues
            self.hits = hits
            self.method = method
            self.falsePositiveRate = falsePositiveRate
            self.passedTextColumnsScanned = passedTextColumnsScanned
            self.patternHits = patternHits
            self.patternHitColumns = patternHitColumns
            self.checkedWords = checkedWords
            self.wordHits = wordHits
        }
    }

    /// An environment's access controls (A 8.33: equal to production's).
    public struct AccessControl: Codable, Sendable, Hashable {
        /// The environment's owner role (no password).
        public var role: String
        /// The grants and revocations in force, e.g. `REVOKE CONNECT ON DATABASE ci_42 FROM PUBLIC`.
        public var grants: [String]

        public init(role: String, grants: [String]) {
            self.role = role
            self.grants = grants
        }
    }

    /// The attested run an environment was copied from (A 8.33: the clone carries the masking
    /// evidence of its golden copy, by reference to its ledger entry).
    public struct Origin: Codable, Sendable, Hashable {
        /// The environment copied, e.g. `golden_ci-ephemeral`.
        public var environment: String
        /// The `seq` of the ledger entry that attested its content.
        public var ledgerSeq: Int
        /// That entry's digest (lower-case hex SHA-256 of its ledger line), so a re-chained ledger shows.
        public var ledgerEntryDigest: String

        public init(environment: String, ledgerSeq: Int, ledgerEntryDigest: String) {
            self.environment = environment
            self.ledgerSeq = ledgerSeq
            self.ledgerEntryDigest = ledgerEntryDigest
        }
    }
}
