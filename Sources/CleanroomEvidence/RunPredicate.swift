import CleanroomCrypto
import Foundation

/// The predicate of a Cleanroom run statement: what one mask, provision, teardown or gc run did, or
/// which key signs the ledger from the next entry on (`keyRotation`).
///
/// A plain data model that the pipeline and provisioning fill in. It holds identities, digests, counts
/// and decisions only: never data values, passwords or key material. Dates encode as RFC 3339 UTC.
public struct RunPredicate: Codable, Sendable, Equatable {
    /// The `predicateType` of statements carrying this predicate.
    public static let predicateType = "https://cleanroom.dev/evidence/run/v1"

    /// What kind of run this records.
    public var kind: Kind
    /// The Cleanroom version that ran.
    public var toolVersion: String
    /// Lower-case hex SHA-256 of the rules file's bytes; nil for runs without rules (teardown, gc).
    public var rulesDigest: String?
    /// The masking key's public fingerprint (never the key); nil for runs that mask nothing.
    public var maskingKeyFingerprint: String?
    /// Where the data came from; nil for runs that read no source (teardown, gc).
    public var source: SourceIdentity?
    /// Where the data went, or the environment erased.
    public var target: Target
    /// One entry per copied column, keep decisions included.
    public var columns: [ColumnEntry]
    /// The leak probe's result; nil for runs that mask nothing.
    public var leakProbe: LeakProbe?
    /// Every guard evaluated, passed or refused.
    public var guards: [GuardDecision]
    /// The authorisation reference given for this copy (`--authorization`), when there was one.
    public var authorization: String?
    /// The environment's access controls, when the run created or checked them.
    public var access: AccessControl?
    /// What a teardown or gc erased.
    public var erasure: Erasure?
    /// The attested run whose output this environment copies, when the run copied instead of masking
    /// (a clone of a golden database); nil otherwise.
    public var origin: Origin?
    public var startedAt: Date
    public var finishedAt: Date
    public var outcome: Outcome
    /// Why the run failed; nil when it succeeded. Must not contain data values or secrets.
    public var failureMessage: String?
    /// Where this statement sits in the ledger, signed with it: a removed, inserted or re-chained entry
    /// then breaks a signature-protected link, not only the unsigned `seq`/`prev` of the line.
    public var ledger: LedgerPosition?
    /// For a `keyRotation`: the key that signs every later entry. The entry itself is signed by the key
    /// it retires, so a verifier that pinned that key can follow it.
    public var rotation: KeyRotation?

    public init(
        kind: Kind, toolVersion: String, rulesDigest: String? = nil, maskingKeyFingerprint: String? = nil,
        source: SourceIdentity? = nil, target: Target, columns: [ColumnEntry] = [], leakProbe: LeakProbe? = nil,
        guards: [GuardDecision] = [], authorization: String? = nil, access: AccessControl? = nil,
        erasure: Erasure? = nil, origin: Origin? = nil, startedAt: Date, finishedAt: Date, outcome: Outcome,
        failureMessage: String? = nil
    ) {
        self.kind = kind
        self.toolVersion = toolVersion
        self.rulesDigest = rulesDigest
        self.maskingKeyFingerprint = maskingKeyFingerprint
        self.source = source
        self.target = target
        self.columns = columns
        self.leakProbe = leakProbe
        self.guards = guards
        self.authorization = authorization
        self.access = access
        self.erasure = erasure
        self.origin = origin
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.failureMessage = failureMessage
        ledger = nil
        rotation = nil
    }

    /// The next signing key a `keyRotation` names.
    public struct KeyRotation: Codable, Sendable, Hashable {
        /// `Ed25519PublicKey.keyID` of the next key.
        public var nextKeyID: String
        /// Standard base64 of the next key's raw 32 bytes.
        public var nextPublicKey: String

        public init(nextKey: Ed25519PublicKey) {
            nextKeyID = nextKey.keyID
            nextPublicKey = Data(nextKey.raw).base64EncodedString()
        }

        /// The next key, when `nextPublicKey` is a key whose id is `nextKeyID`.
        public var nextKey: Ed25519PublicKey? {
            guard let raw = Data(base64Encoded: nextPublicKey), let key = try? Ed25519PublicKey(raw: Array(raw)),
                key.keyID == nextKeyID
            else { return nil }
            return key
        }
    }

    /// A ledger position: the entry's sequence number and the SHA-256 (hex) of the previous line.
    public struct LedgerPosition: Codable, Sendable, Hashable {
        public var seq: Int
        public var previous: String

        public init(seq: Int, previous: String) {
            self.seq = seq
            self.previous = previous
        }
    }

    /// The kinds of run that emit evidence.
    public enum Kind: String, Codable, Sendable, Hashable, CaseIterable {
        case mask, provision, teardown, gc
        /// The ledger's signing key replaced by `RunPredicate.rotation`'s next key.
        case keyRotation = "key-rotation"
    }

    /// Whether the run did everything asked.
    public enum Outcome: String, Codable, Sendable, Hashable {
        case succeeded, failed
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

    /// The environment written to (or erased).
    public struct Target: Codable, Sendable, Hashable {
        /// The endpoint as printed without its password, e.g. `postgres://app@db:5432/ci_42`.
        public var endpoint: String
        /// The environment's name; nil for a plain `mask` into an unmanaged target.
        public var environment: String?
        /// Its classification, e.g. `development` or `test`.
        public var classification: String?
        /// The label the environment carries (name prefix, database comment).
        public var label: String?
        /// When the environment expires (its TTL).
        public var expiresAt: Date?

        public init(
            endpoint: String, environment: String? = nil, classification: String? = nil,
            label: String? = nil, expiresAt: Date? = nil
        ) {
            self.endpoint = endpoint
            self.environment = environment
            self.classification = classification
            self.label = label
            self.expiresAt = expiresAt
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
            table: String, column: String, transform: String, domain: String? = nil,
            rowsProcessed: Int, valuesChanged: Int
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

        public init(
            checkedValues: Int, hits: Int, method: String, falsePositiveRate: Double? = nil,
            passedTextColumnsScanned: Int, patternHits: Int
        ) {
            self.checkedValues = checkedValues
            self.hits = hits
            self.method = method
            self.falsePositiveRate = falsePositiveRate
            self.passedTextColumnsScanned = passedTextColumnsScanned
            self.patternHits = patternHits
        }
    }

    /// One guard's decision.
    public struct GuardDecision: Codable, Sendable, Hashable {
        /// The guard, e.g. `target-not-production`, `target-not-source`, `authorization-present`.
        public var name: String
        public var decision: Decision
        /// What was compared, without secrets.
        public var detail: String

        public init(name: String, decision: Decision, detail: String) {
            self.name = name
            self.decision = decision
            self.detail = detail
        }

        public enum Decision: String, Codable, Sendable, Hashable {
            case passed, refused
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

    /// What a teardown or gc erased (A 8.10).
    public struct Erasure: Codable, Sendable, Hashable {
        /// What was dropped or removed, e.g. `database ci_42`, `role ci_42_owner`, `file env.sqlite`.
        public var dropped: [String]
        /// When the erasure completed.
        public var erasedAt: Date

        public init(dropped: [String], erasedAt: Date) {
            self.dropped = dropped
            self.erasedAt = erasedAt
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
