import CleanroomConnectors
import CleanroomCore
import CleanroomCrypto
import CleanroomEvidence
import CleanroomMasking
import Foundation

/// What the evidence says about the environment a run wrote to (filled by provisioning; a plain
/// `mask` only knows its target's endpoint).
public struct EnvironmentFacts: Sendable {
    public var environment: String?
    public var classification: String?
    public var label: String?
    public var expiresAt: Date?
    public var authorization: String?
    public var access: RunPredicate.AccessControl?
    public var guards: [RunPredicate.GuardDecision]

    public init(
        environment: String? = nil, classification: String? = nil, label: String? = nil, expiresAt: Date? = nil,
        authorization: String? = nil, access: RunPredicate.AccessControl? = nil,
        guards: [RunPredicate.GuardDecision] = []
    ) {
        self.environment = environment
        self.classification = classification
        self.label = label
        self.expiresAt = expiresAt
        self.authorization = authorization
        self.access = access
        self.guards = guards
    }
}

/// Turns runs into signed in-toto statements and appends them to the ledger (DESIGN §7).
public struct EvidenceRecorder: Sendable {
    public let ledger: Ledger
    public let signingKey: Ed25519PrivateKey
    public let toolVersion: String
    /// Called with every appended entry: provisioning mirrors the ledger into a PostgreSQL registry
    /// database. The ledger file stays the record of truth; the mirror reports its own failures.
    public var mirror: (@Sendable (LedgerEntry) -> Void)?

    /// Refuses a ledger that could not take an entry (unwritable, or a damaged last line), before
    /// the run that would record into it creates anything.
    public init(ledgerPath: String, signingKey: Ed25519PrivateKey, toolVersion: String) throws {
        let directory = (ledgerPath as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        ledger = Ledger(path: ledgerPath)
        try ledger.checkAppendable()
        self.signingKey = signingKey
        self.toolVersion = toolVersion
    }

    /// Records a finished masking run: one subject per table (its canonical content digest).
    @discardableResult
    public func recordMask(
        _ result: MaskResult, kind: RunPredicate.Kind = .mask, facts: EnvironmentFacts = EnvironmentFacts()
    ) throws -> LedgerEntry {
        let subjects = result.tables.filter { !$0.digest.isEmpty }.map {
            Subject(name: "table:\($0.table)", sha256: $0.digest)
        }
        let columns = result.tables.flatMap { table in
            table.columns.map {
                RunPredicate.ColumnEntry(
                    table: table.table, column: $0.column, transform: $0.transform, domain: $0.domain,
                    rowsProcessed: $0.rows, valuesChanged: $0.changed)
            }
        }
        let probe = result.leakProbe
        let predicate = RunPredicate(
            kind: kind, toolVersion: toolVersion, rulesDigest: result.rulesDigest,
            maskingKeyFingerprint: result.keyFingerprint,
            source: RunPredicate.SourceIdentity(
                kind: result.source.kind, server: result.source.server, database: result.source.database),
            target: target(result.targetDescription, facts), columns: columns,
            leakProbe: RunPredicate.LeakProbe(
                checkedValues: probe.checkedValues, hits: probe.hits, method: probe.method,
                falsePositiveRate: probe.falsePositiveRate,
                passedTextColumnsScanned: probe.keptTextColumnsScanned,
                patternHits: probe.patternHits.values.reduce(0, +)),
            guards: [
                RunPredicate.GuardDecision(
                    name: "separation: target is not the source", decision: .passed, detail: result.separationCheck)
            ] + facts.guards,
            authorization: facts.authorization, access: facts.access,
            startedAt: result.startedAt, finishedAt: result.finishedAt, outcome: .succeeded)
        return try append(Statement(subject: subjects, predicate: predicate))
    }

    /// Records a run that failed or was refused, so the audit trail shows attempts as well as copies.
    @discardableResult
    public func recordFailure(
        kind: RunPredicate.Kind, target: String, error: Error, startedAt: Date,
        rulesDigest: String? = nil, keyFingerprint: String? = nil,
        facts: EnvironmentFacts = EnvironmentFacts()
    ) throws -> LedgerEntry {
        var guards = facts.guards
        if let refusal = error as? CleanroomError, refusal.exitStatus == .guardRefused,
            !guards.contains(where: { $0.decision == .refused })
        {
            guards.append(
                RunPredicate.GuardDecision(
                    name: Self.guardName(refusal), decision: .refused, detail: Self.safeDescription(error)))
        }
        let predicate = RunPredicate(
            kind: kind, toolVersion: toolVersion, rulesDigest: rulesDigest, maskingKeyFingerprint: keyFingerprint,
            target: self.target(target, facts), guards: guards, authorization: facts.authorization,
            startedAt: startedAt, finishedAt: Date(), outcome: .failed, failureMessage: Self.safeDescription(error))
        return try append(Statement(subject: [], predicate: predicate))
    }

    /// Signs and appends any statement (teardown and gc erasure records too), with its ledger
    /// position inside the signed predicate.
    @discardableResult
    public func append(_ statement: Statement) throws -> LedgerEntry {
        let entry = try ledger.append { position in
            var positioned = statement
            positioned.predicate.ledger = position
            return try EvidenceSigner.sign(positioned, key: signingKey)
        }
        mirror?(entry)
        return entry
    }

    func target(_ endpoint: String, _ facts: EnvironmentFacts) -> RunPredicate.Target {
        RunPredicate.Target(
            endpoint: endpoint, environment: facts.environment, classification: facts.classification,
            label: facts.label, expiresAt: facts.expiresAt)
    }

    /// The guard a refusal came from, as the evidence names it.
    static func guardName(_ error: CleanroomError) -> String {
        switch error {
        case PipelineError.targetIsSource: return "separation: target is not the source"
        case MaskingError.uncoveredColumns, MaskingError.uncoveredTables:
            return "coverage: every table and column has a rule"
        default: return String(describing: type(of: error))
        }
    }

    /// An error's text fit for evidence: server messages may quote row data, so for database errors
    /// only what was being done is kept.
    public static func safeDescription(_ error: Error) -> String {
        switch error {
        case ConnectorError.queryFailed(let context, _):
            return "\(context) failed (server message withheld from evidence)"
        case let e as CleanroomError: return e.description
        default: return String(describing: type(of: error))
        }
    }
}
