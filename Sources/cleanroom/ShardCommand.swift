import ArgumentParser
import CleanroomConnectors
import CleanroomEvidence
import CleanroomMasking
import CleanroomPipeline
import CleanroomProvisioning
import Foundation

/// `cleanroom shard`: one `mask` spread over processes or machines (docs/scale-out.md).
struct ShardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shard",
        abstract: "Split one masked copy over many processes: plan once, run each shard, finish once.",
        discussion:
            "PostgreSQL to PostgreSQL; a shard copies whole tables and page ranges of the large ones. The shards' files go beside plan.json (a volume every process shares); the result equals a single `cleanroom mask` with the same source, rules and key.",
        subcommands: [ShardPlanCommand.self, ShardRunCommand.self, ShardFinishCommand.self, ShardAbortCommand.self]
    )
}

/// `cleanroom shard plan`.
struct ShardPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract:
            "Validate the rules, cut large tables into page ranges, assign the parts to shards, create the target's schema (incomplete), write the plan and record it in the ledger."
    )

    @Option(
        help:
            "Where the data comes from (PostgreSQL). Repeat for read replicas of it, showing one committed state: shard I reads the (I mod N)th."
    )
    var source: [String]
    @Option(help: "The new PostgreSQL database to create.") var target: String
    @Option(help: "The rules file (YAML) naming every column.") var rules: String
    @Option(help: "How many shards (processes) will copy the tables.") var shards: Int
    @Flag(
        help:
            "Never cut a table into page ranges: with one source, the shards then need no still source (nothing is checked, as for mask)."
    )
    var wholeTables = false
    @Option(help: "Where to write the plan; the shards' files go beside it.") var out = "plan.json"
    @Option(help: "Bytes of each shard's leak-probe filter (default: sized from the row estimates, 1 to 64 MiB).")
    var leakProbeBytes: Int?
    @Option(help: "How long the incomplete target may wait for finish before it counts as abandoned (e.g. 12h, 2d).")
    var ttl = "24h"
    @OptionGroup var key: KeyOptions
    @OptionGroup var evidence: EvidenceOptions

    func validate() throws {
        if source.isEmpty { throw ValidationError("give --source (repeat it for read replicas)") }
        if TimeToLive(ttl) == nil { throw ValidationError("--ttl '\(ttl)' is not \(TimeToLive.expected)") }
    }

    func run() throws {
        let startedAt = Date()
        let recorder = try evidence.recorder()
        let rulesFile = try RulesParser.load(path: rules)
        let maskingKey = try key.load()
        let request = MaskRequest(
            source: try Endpoint(parsing: source[0]), target: try Endpoint(parsing: target),
            rules: rulesFile, key: maskingKey, jobs: 1, leakProbeBytes: leakProbeBytes)
        // Stages killed runs or abandoned plans left for this target: removed, each with a signed record.
        noteSweep(try StaleStageSweep.remove(ConnectorFactory.staleStages(of: request.target), recorder: recorder))
        let loaded: LoadedShardPlan
        do {
            loaded = try ShardedMask.plan(
                request, replicas: try source.dropFirst().map(Endpoint.init(parsing:)), shards: shards,
                wholeTables: wholeTables, planPath: out, ttl: TimeToLive(ttl)!.seconds, recorder: recorder)
        } catch {
            _ = try? recorder.recordFailure(
                kind: .shardPlan, target: request.target.description, failure: RunFailure(error),
                startedAt: startedAt, rulesPath: rulesFile.path, rulesDigest: rulesFile.digest,
                keyFingerprint: maskingKey.fingerprint)
            throw error
        }
        say("plan \(loaded.plan.id) (sha256 \(loaded.digest)) written to \(out): staging database \(loaded.plan.stage)")
        for shard in loaded.plan.shards {
            let parts = shard.parts.map { part in part.pages.map { "\(part.table) (\($0))" } ?? part.table }
            let from = loaded.plan.sources.count > 1 ? " from source \(shard.source)" : ""
            say("shard \(shard.index)\(from): about \(shard.estimatedRows) rows: \(parts.joined(separator: ", "))")
        }
    }
}

/// `cleanroom shard run`.
struct ShardRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Copy one shard's tables and page ranges into the plan's target and sign a statement of it.",
        discussion:
            "Run again after a failure (Kubernetes retries the pod): each part loads in one transaction with its entry in the target's part log, so a part killed mid-copy left nothing and is loaded anew, and a part already loaded is masked again for its account but not loaded twice."
    )

    /// The variable a Kubernetes Indexed Job sets in each pod.
    static let indexVariable = "JOB_COMPLETION_INDEX"

    @Option(help: "The plan `shard plan` wrote.") var plan = "plan.json"
    @Option(help: "The shard to copy. Default: $JOB_COMPLETION_INDEX.") var index: Int?
    @Option(help: "The rules file, if not at the plan's path (it must be the same bytes).") var rules: String?
    @Option(help: "Worker threads (default: the number of cores).") var jobs: Int?
    @OptionGroup var key: KeyOptions
    @OptionGroup var evidence: EvidenceOptions

    func run() throws {
        let loaded = try LoadedShardPlan(path: plan)
        let shard = try resolvedIndex()
        let outcome = try ShardedMask.run(
            loaded, index: shard, rules: try RulesParser.load(path: rules ?? loaded.plan.rulesPath),
            key: try key.load(), jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
            signingKey: try SigningKeys.loadPrivate(path: evidence.signingKeyPath()), actor: .current(),
            toolVersion: CleanroomVersion.current)
        let rows = outcome.tables.reduce(0) { $0 + $1.rows }
        say("shard \(shard): \(outcome.tables.count) parts, \(rows) rows; statement \(outcome.statementPath)")
    }

    private func resolvedIndex() throws -> Int {
        if let index { return index }
        guard let text = ProcessInfo.processInfo.environment[Self.indexVariable] else {
            throw ShardError.badIndex("give --index, or run where $\(Self.indexVariable) is set (an Indexed Job)")
        }
        guard let value = Int(text) else {
            throw ShardError.badIndex("$\(Self.indexVariable) is '\(text)', not a number")
        }
        return value
    }
}

/// `cleanroom shard finish`.
struct ShardFinishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finish",
        abstract:
            "Check every shard's statement, merge them, build indexes and constraints, verify, record and make the target visible."
    )

    @Option(help: "The plan `shard plan` wrote.") var plan = "plan.json"
    @Option(help: "The rules file, if not at the plan's path (it must be the same bytes).") var rules: String?
    @Option(help: "Connections building indexes, and threads verifying (default: the number of cores).") var jobs: Int?
    @OptionGroup var key: KeyOptions
    @OptionGroup var evidence: EvidenceOptions

    func run() throws {
        let startedAt = Date()
        let loaded = try LoadedShardPlan(path: plan)
        let recorder = try evidence.recorder()
        let rulesFile = try RulesParser.load(path: rules ?? loaded.plan.rulesPath)
        let maskingKey = try key.load()
        let finished: (result: MaskResult, entry: LedgerEntry)
        do {
            finished = try ShardedMask.finish(
                loaded, rules: rulesFile, key: maskingKey,
                jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, recorder: recorder)
        } catch {
            _ = try? recorder.recordFailure(
                kind: .mask, target: loaded.plan.target, failure: RunFailure(error), startedAt: startedAt,
                rulesPath: rulesFile.path, rulesDigest: rulesFile.digest, keyFingerprint: maskingKey.fingerprint)
            throw error
        }
        let result = finished.result
        let rows = result.tables.reduce(0) { $0 + $1.rows }
        note("evidence: ledger entry \(finished.entry.seq) in \(recorder.ledger.path)")
        say(
            "masked \(result.tables.count) tables, \(rows) rows in \(loaded.plan.shards.count) shards: \(result.sourceDescription) → \(result.targetDescription)"
        )
        say("leak probe: \(result.leakProbe.checkedValues) values checked, \(result.leakProbe.hits) hits")
    }
}

/// `cleanroom shard abort`.
struct ShardAbortCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abort",
        abstract: "Drop the plan's incomplete target and the shards' files (not the plan), and record it in the ledger."
    )

    @Option(help: "The plan `shard plan` wrote.") var plan = "plan.json"
    @OptionGroup var evidence: EvidenceOptions

    func run() throws {
        let loaded = try LoadedShardPlan(path: plan)
        let dropped = try ShardedMask.abort(loaded, recorder: try evidence.recorder())
        say(
            dropped
                ? "dropped \(loaded.plan.stage) and the shards' files"
                : "no incomplete target of plan \(loaded.plan.id) was left; removed the shards' files")
    }
}
