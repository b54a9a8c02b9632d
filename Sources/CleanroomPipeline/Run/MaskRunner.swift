import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import Foundation

/// What to mask, from where, to where.
public struct MaskRequest: Sendable {
    public var source: Endpoint
    public var target: Endpoint
    public var rules: RulesFile
    public var key: MaskingKey
    /// Worker threads masking tables (a large table is shared between them), and connections
    /// building the target's indexes.
    public var jobs: Int
    public var observer: (any MaskObserver)?
    /// The leak probe's Bloom filter size; nil sizes it from the source's row estimates
    /// (`LeakProbe.filterBytes(forValues:)`). A smaller one saves memory and costs a second read of
    /// the masked source columns when it reports false positives (which are then dismissed).
    public var leakProbeBytes: Int?

    public init(
        source: Endpoint, target: Endpoint, rules: RulesFile, key: MaskingKey,
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount, observer: (any MaskObserver)? = nil,
        leakProbeBytes: Int? = nil
    ) {
        self.source = source
        self.target = target
        self.rules = rules
        self.key = key
        self.jobs = max(1, jobs)
        self.observer = observer
        self.leakProbeBytes = leakProbeBytes
    }
}

/// Runs the data path of DESIGN §2 on one machine: `MaskRun`'s phases one after the other, all
/// tables copied in one part. Any failure aborts the target.
public enum MaskRunner {
    /// - Parameter beforeCommit: see ``MaskRun/finish(_:beforeCommit:)``: where the run's evidence
    ///   is written, so that no target becomes visible without it.
    public static func run(
        _ request: MaskRequest, beforeCommit: ((MaskResult) throws -> Void)? = nil
    ) throws -> MaskResult {
        let run = try MaskRun.plan(request)
        try run.prepare()
        let part = try run.copy(tables: run.tables)
        return try run.finish([part], beforeCommit: beforeCommit)
    }
}
