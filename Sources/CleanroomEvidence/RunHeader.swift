import Foundation

/// What every run statement records, whatever its kind: which run, by which version, on what, the
/// guards it evaluated, when, how it ended, and where the statement sits in the ledger.
public struct RunHeader: Sendable, Equatable {
    /// What kind of run this records; it decides the predicate's type (`RunPredicate`).
    public var kind: RunKind
    /// The Cleanroom version that ran.
    public var toolVersion: String
    /// Where the data went, the environment erased, or the ledger whose key rotated.
    public var target: RunTarget
    /// Every guard evaluated, passed or refused.
    public var guards: [GuardDecision]
    public var startedAt: Date
    public var finishedAt: Date
    public var outcome: RunOutcome
    /// Why the run failed; nil when it succeeded. Must not contain data values or secrets.
    public var failureMessage: String?
    /// Where this statement sits in the ledger, signed with it: a removed, inserted or re-chained entry
    /// then breaks a signature-protected link, not only the unsigned `seq`/`prev` of the line. Set by
    /// `Ledger.append` under the ledger's lock.
    public var ledger: LedgerPosition?
    /// Who ran it (OS user, CI job); nil in statements written before it was recorded, and when the
    /// recorder was given no actor (`EvidenceRecorder.actor`).
    public var actor: RunActor?

    public init(
        kind: RunKind, toolVersion: String, target: RunTarget, guards: [GuardDecision] = [], startedAt: Date,
        finishedAt: Date, outcome: RunOutcome, failureMessage: String? = nil
    ) {
        self.kind = kind
        self.toolVersion = toolVersion
        self.target = target
        self.guards = guards
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.failureMessage = failureMessage
        ledger = nil
        actor = nil
    }

    /// The header of a run that failed, or was refused, with `failure`: a refusal adds its guard's
    /// decision unless `guards` holds a refused one already.
    public init(
        failed kind: RunKind, toolVersion: String, target: RunTarget, guards: [GuardDecision] = [],
        startedAt: Date, finishedAt: Date = Date(), failure: RunFailure
    ) {
        var guards = guards
        if let refusedBy = failure.refusedGuard, !guards.contains(where: { $0.decision == .refused }) {
            guards.append(GuardDecision(name: refusedBy, decision: .refused, detail: failure.message))
        }
        self.init(
            kind: kind, toolVersion: toolVersion, target: target, guards: guards, startedAt: startedAt,
            finishedAt: finishedAt, outcome: .failed, failureMessage: failure.message)
    }

    init(from container: KeyedDecodingContainer<PredicateKey>) throws {
        kind = try container.decode(RunKind.self, forKey: .kind)
        toolVersion = try container.decode(String.self, forKey: .toolVersion)
        target = try container.decode(RunTarget.self, forKey: .target)
        guards = try container.decode([GuardDecision].self, forKey: .guards)
        startedAt = try container.decode(Date.self, forKey: .startedAt)
        finishedAt = try container.decode(Date.self, forKey: .finishedAt)
        outcome = try container.decode(RunOutcome.self, forKey: .outcome)
        failureMessage = try container.decodeIfPresent(String.self, forKey: .failureMessage)
        ledger = try container.decodeIfPresent(LedgerPosition.self, forKey: .ledger)
        actor = try container.decodeIfPresent(RunActor.self, forKey: .actor)
    }

    func encode(to container: inout KeyedEncodingContainer<PredicateKey>) throws {
        try container.encode(kind, forKey: .kind)
        try container.encode(toolVersion, forKey: .toolVersion)
        try container.encode(target, forKey: .target)
        try container.encode(guards, forKey: .guards)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(finishedAt, forKey: .finishedAt)
        try container.encode(outcome, forKey: .outcome)
        try container.encodeIfPresent(failureMessage, forKey: .failureMessage)
        try container.encodeIfPresent(ledger, forKey: .ledger)
        try container.encodeIfPresent(actor, forKey: .actor)
    }
}

/// Why a run failed, in words fit for evidence: never a data value or a secret (a database server's
/// message, which can quote row values, is left out by whoever builds it).
public struct RunFailure: Sendable, Equatable {
    /// What failed.
    public var message: String
    /// The guard that refused the run, as the evidence names it, when a guard did.
    public var refusedGuard: String?

    public init(message: String, refusedGuard: String? = nil) {
        self.message = message
        self.refusedGuard = refusedGuard
    }
}

/// The environment written to (or erased).
public struct RunTarget: Codable, Sendable, Hashable {
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
        endpoint: String, environment: String? = nil, classification: String? = nil, label: String? = nil,
        expiresAt: Date? = nil
    ) {
        self.endpoint = endpoint
        self.environment = environment
        self.classification = classification
        self.label = label
        self.expiresAt = expiresAt
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

/// A ledger position: the entry's sequence number and the SHA-256 (hex) of the previous line.
public struct LedgerPosition: Codable, Sendable, Hashable {
    public var seq: Int
    public var previous: String

    public init(seq: Int, previous: String) {
        self.seq = seq
        self.previous = previous
    }
}
