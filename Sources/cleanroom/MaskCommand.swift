import ArgumentParser
import CleanroomConnectors
import CleanroomEvidence
import CleanroomMasking
import CleanroomPipeline
import Foundation

/// `cleanroom mask`: one masked copy from a source to a new target.
struct MaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mask",
        abstract: "Copy a source into a new target, masking every column as the rules say.",
        discussion:
            "URLs: postgres://user@host:port/db or host=… dbname=… (read by libpq; PGHOST, PGPORT, PGUSER, PGDATABASE and PGSERVICE fill the gaps), sqlite:PATH, csv:DIR, jsonl:DIR. The target must not exist."
    )

    @Option(help: "Where the data comes from.") var source: String
    @Option(help: "The new database or directory to create.") var target: String
    @Option(help: "The rules file (YAML) naming every column.") var rules: String
    @Option(help: "Tables copied, and PostgreSQL indexes built, in parallel (default: the number of cores).") var jobs:
        Int?
    @Flag(help: "Print a JSON summary on standard output.") var json = false
    @Flag(help: "No progress output (the same as --progress none) and no notes.") var quiet = false
    @OptionGroup var progressOptions: ProgressOptions
    @OptionGroup var key: KeyOptions
    @OptionGroup var evidence: EvidenceOptions

    func run() throws {
        let startedAt = Date()
        let recorder = try evidence.recorder()
        let targetEndpoint = try Endpoint(parsing: target)
        let rulesFile = try RulesParser.load(path: rules)
        let maskingKey = try key.load()
        let display = progressOptions.display(quiet: quiet)
        defer { display?.finish() }
        let request = MaskRequest(
            source: try Endpoint(parsing: source), target: targetEndpoint, rules: rulesFile, key: maskingKey,
            jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
            observer: display)
        // Stages that killed runs left for this target: removed, each with a signed record.
        let swept = try StaleStageSweep.remove(ConnectorFactory.staleStages(of: targetEndpoint), recorder: recorder)
        if !quiet { noteSweep(swept) }
        // On SIGINT/SIGTERM, after the run has removed its target (clean-ups run latest first): a
        // signed entry saying so, as for every other failed run.
        let recordInterruption = Interrupts.shared.register { signal in
            _ = try? recorder.recordFailure(
                kind: .mask, target: targetEndpoint.description,
                failure: RunFailure(PipelineError.interrupted(signal: signal)), startedAt: startedAt,
                rulesPath: rulesFile.path, rulesDigest: rulesFile.digest, keyFingerprint: maskingKey.fingerprint)
        }
        defer { recordInterruption.cancel() }
        let result: MaskResult
        var recorded: LedgerEntry?
        do {
            // The entry is written and fsynced before the target becomes visible; if it cannot be,
            // the target is removed.
            result = try MaskRunner.run(request) { recorded = try recorder.recordMask($0) }
        } catch {
            Interrupts.shared.holdIfInterrupted()
            do {
                try recorder.recordFailure(
                    kind: .mask, target: targetEndpoint.description, failure: RunFailure(error), startedAt: startedAt,
                    rulesPath: rulesFile.path, rulesDigest: rulesFile.digest, keyFingerprint: maskingKey.fingerprint)
            } catch let unrecorded {
                // The run's own failure is the error to report (a full disk fails both appends).
                note("cleanroom: the failed run's ledger entry could not be written either: \(unrecorded)")
            }
            throw error
        }
        display?.finish()
        let entry = recorded!  // a run that returns has called beforeCommit
        if !quiet { note("evidence: ledger entry \(entry.seq) in \(recorder.ledger.path)") }
        if json {
            say(try jsonText(MaskSummary(result)))
        } else {
            let rows = result.tables.reduce(0) { $0 + $1.rows }
            say(
                "masked \(result.tables.count) tables, \(rows) rows: \(result.sourceDescription) → \(result.targetDescription)"
            )
            say("leak probe: \(result.leakProbe.checkedValues) values checked, \(result.leakProbe.hits) hits")
            if let subset = result.subset {
                say("subset: rows kept of rows in the source, per table:")
                SubsetSummaryText.lines(subset).forEach(say)
            }
        }
    }
}

/// The `--json` summary of a masking run.
struct MaskSummary: Encodable {
    var source: String
    var target: String
    var rulesDigest: String
    var keyFingerprint: String
    var tables: [TableOutcome]
    var leakProbe: LeakProbeOutcome
    /// What the subset kept, when the rules had one.
    var subset: MaskPredicate.Subset?
    var seconds: Double

    init(_ r: MaskResult) {
        source = r.sourceDescription
        target = r.targetDescription
        rulesDigest = r.rulesDigest
        keyFingerprint = r.keyFingerprint
        tables = r.tables
        leakProbe = r.leakProbe
        subset = r.subset
        seconds = r.finishedAt.timeIntervalSince(r.startedAt)
    }
}
