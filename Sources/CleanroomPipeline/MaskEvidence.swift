import CleanroomConnectors
import CleanroomCore
import CleanroomEvidence
import CleanroomMasking
import Foundation

extension MaskPredicate {
    /// The predicate of a finished masking run: its rules and key, source, columns and leak probe,
    /// the separation guard it passed, and what provisioning knows of the environment (`facts`).
    public init(_ result: MaskResult, kind: RunKind = .mask, toolVersion: String, facts: EnvironmentFacts) {
        let probe = result.leakProbe
        let separation = GuardDecision(
            name: "separation: target is not the source", decision: .passed, detail: result.separationCheck)
        self.init(
            header: RunHeader(
                kind: kind, toolVersion: toolVersion, target: facts.target(endpoint: result.targetDescription),
                guards: [separation] + facts.guards, startedAt: result.startedAt, finishedAt: result.finishedAt,
                outcome: .succeeded),
            rulesDigest: result.rulesDigest, maskingKeyFingerprint: result.keyFingerprint,
            source: SourceIdentity(
                kind: result.source.kind, server: result.source.server, database: result.source.database),
            columns: ColumnEntry.entries(result.tables),
            leakProbe: LeakProbe(
                checkedValues: probe.checkedValues, hits: probe.hits, method: probe.method,
                falsePositiveRate: probe.falsePositiveRate, passedTextColumnsScanned: probe.keptTextColumnsScanned,
                patternHits: probe.patternHits.values.reduce(0, +),
                patternHitColumns: probe.patternHits.isEmpty ? nil : probe.patternHits,
                checkedWords: probe.learntWords > 0 ? probe.checkedWords : nil,
                wordHits: probe.learntWords > 0 ? probe.wordHits : nil),
            authorization: facts.authorization, access: facts.access,
            subset: result.subset)
    }
}

extension MaskPredicate.ColumnEntry {
    /// One entry per column of `tables`, in order.
    static func entries(_ tables: [TableOutcome]) -> [Self] {
        tables.flatMap { table in
            table.columns.map {
                Self(
                    table: table.table, column: $0.column, transform: $0.transform, domain: $0.domain,
                    rowsProcessed: $0.rows, valuesChanged: $0.changed)
            }
        }
    }
}

extension EvidenceRecorder {
    /// Records a finished masking run: one subject per table (its canonical content digest), or the
    /// target by its endpoint when no table has content to digest (in-toto requires a subject).
    /// A sharded run adds its `shards` (`ShardSubjects`).
    @discardableResult
    public func recordMask(
        _ result: MaskResult, kind: RunKind = .mask, facts: EnvironmentFacts = EnvironmentFacts(),
        shards: [Subject] = []
    ) throws -> LedgerEntry {
        let subjects = result.tables.filter { !$0.digest.isEmpty }.map {
            Subject(name: "table:\($0.table)", sha256: $0.digest)
        }
        return try append(
            Statement(
                subject: (subjects.isEmpty ? [.target(result.targetDescription)] : subjects) + shards,
                predicate: MaskPredicate(result, kind: kind, toolVersion: toolVersion, facts: facts)
            ))
    }
}

extension RunFailure {
    /// `error` as evidence may state it: server messages may quote row data, so for database errors
    /// only what was being done is kept; a guard's refusal names the guard.
    public init(_ error: any Error) {
        let refusedGuard = (error as? CleanroomError).flatMap {
            $0.exitStatus == .guardRefused ? Self.guardName($0) : nil
        }
        self.init(message: Self.safeDescription(error), refusedGuard: refusedGuard)
    }

    /// The guard a refusal came from, as the evidence names it.
    private static func guardName(_ error: CleanroomError) -> String {
        switch error {
        case PipelineError.targetIsSource: return "separation: target is not the source"
        case MaskingError.uncoveredColumns, MaskingError.uncoveredTables:
            return "coverage: every table and column has a rule"
        default: return String(describing: type(of: error))
        }
    }

    private static func safeDescription(_ error: any Error) -> String {
        switch error {
        case ConnectorError.queryFailed(let context, _):
            return "\(context) failed (server message withheld from evidence)"
        case let e as CleanroomError: return e.description
        default: return String(describing: type(of: error))
        }
    }
}
