import CleanroomCrypto
import Foundation

/// Signs run statements and appends them to the ledger (DESIGN §7), each with its ledger position
/// inside the signed predicate. The pipeline and provisioning build the predicates; this only signs,
/// appends and mirrors.
public struct EvidenceRecorder: Sendable {
    public let ledger: Ledger
    public let signingKey: Ed25519PrivateKey
    /// The Cleanroom version that records, for the predicates' `toolVersion`.
    public let toolVersion: String
    /// Called with every appended entry: provisioning mirrors the ledger into a PostgreSQL registry
    /// database. The ledger file stays the record of truth; the mirror reports its own failures.
    public var mirror: (@Sendable (LedgerEntry) -> Void)?
    /// Who is running, written into every statement appended that names no actor of its own; nil
    /// records none (the CLI sets `RunActor.current()`).
    public var actor: RunActor?

    /// Refuses a ledger that could not take an entry (unwritable, a damaged last line, or signed by
    /// another key than `signingKey`), before the run that would record into it creates anything.
    public init(ledgerPath: String, signingKey: Ed25519PrivateKey, toolVersion: String) throws {
        let directory = (ledgerPath as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        ledger = Ledger(path: ledgerPath)
        try ledger.checkAppendable(signedBy: signingKey.publicKey())
        self.signingKey = signingKey
        self.toolVersion = toolVersion
    }

    /// Signs and appends `statement`, with its ledger position inside the signed predicate.
    @discardableResult
    public func append<P: RunPredicate>(_ statement: Statement<P>) throws -> LedgerEntry {
        let entry = try ledger.append { position in
            var positioned = statement
            positioned.predicate.header.ledger = position
            if positioned.predicate.header.actor == nil { positioned.predicate.header.actor = actor }
            return try EvidenceSigner.sign(positioned, key: signingKey)
        }
        mirror?(entry)
        return entry
    }

    /// Records a run that failed or was refused before it produced anything, so the audit trail shows
    /// attempts as well as results: a `MaskPredicate` for `mask` and `provision` (with the rules digest,
    /// key fingerprint and authorisation known by then), an `ErasurePredicate` erasing nothing for
    /// `teardown` and `gc`. A key rotation, ledger repair or shard abort records no failure.
    ///
    /// The subject is what the run was about: the rules file (`rulesPath`, `rulesDigest`) once it was
    /// read, for `mask` and `provision`; the environment (`facts.environment`) or registry (`target`),
    /// erasing nothing, for `teardown` and `gc`; otherwise the target, by its endpoint's digest.
    @discardableResult
    public func recordFailure(
        kind: RunKind, target: String, failure: RunFailure, startedAt: Date, rulesPath: String? = nil,
        rulesDigest: String? = nil, keyFingerprint: String? = nil, facts: EnvironmentFacts = EnvironmentFacts()
    ) throws -> LedgerEntry {
        let header = RunHeader(
            failed: kind, toolVersion: toolVersion, target: facts.target(endpoint: target), guards: facts.guards,
            startedAt: startedAt, failure: failure)
        switch kind {
        case .mask, .provision, .shard, .shardPlan:
            let rules = rulesPath.flatMap { path in rulesDigest.map { Subject.rules(path: path, sha256: $0) } }
            return try append(
                Statement(
                    subject: [rules ?? .target(target)],
                    predicate: MaskPredicate(
                        header: header, rulesDigest: rulesDigest, maskingKeyFingerprint: keyFingerprint,
                        authorization: facts.authorization)))
        case .teardown:
            let predicate = ErasurePredicate(header: header, erasure: nil)
            guard let environment = facts.environment else {
                return try append(Statement(subject: [.target(target)], predicate: predicate))
            }
            return try append(Statement(teardownOf: environment, predicate: predicate))
        case .gc:
            return try append(
                Statement(
                    collecting: target, environments: [], predicate: ErasurePredicate(header: header, erasure: nil)))
        case .keyRotation, .ledgerRepair, .shardAbort:
            preconditionFailure("a key rotation, ledger repair or shard abort records no failure")
        }
    }
}

/// What the evidence says about the environment a run wrote to or erased (filled by provisioning; a
/// plain `mask` only knows its target's endpoint).
public struct EnvironmentFacts: Sendable {
    public var environment: String?
    public var classification: String?
    public var label: String?
    public var expiresAt: Date?
    public var authorization: String?
    public var access: MaskPredicate.AccessControl?
    public var guards: [GuardDecision]

    public init(
        environment: String? = nil, classification: String? = nil, label: String? = nil, expiresAt: Date? = nil,
        authorization: String? = nil, access: MaskPredicate.AccessControl? = nil, guards: [GuardDecision] = []
    ) {
        self.environment = environment
        self.classification = classification
        self.label = label
        self.expiresAt = expiresAt
        self.authorization = authorization
        self.access = access
        self.guards = guards
    }

    /// The statement's target: `endpoint` and these facts.
    public func target(endpoint: String) -> RunTarget {
        RunTarget(
            endpoint: endpoint, environment: environment, classification: classification, label: label,
            expiresAt: expiresAt)
    }
}
