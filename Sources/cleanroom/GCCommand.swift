import ArgumentParser
import CleanroomPipeline
import CleanroomProvisioning
import Foundation

/// `cleanroom gc`: tear down every expired environment.
struct GCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract:
            "Tear down expired environments, remove stages of killed runs (each signed); sign a gc record per registry.",
        discussion:
            "Without --template, every registry of the templates folder is collected, whatever template its environments came from."
    )

    @Option(name: .customLong("template"), help: "Only this template's environments (repeatable).") var templateNames:
        [String] = []
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var templateOptions: TemplateOptions
    @OptionGroup var evidence: EvidenceOptions

    func run() throws {
        let recorder = try evidence.recorder()
        var summaries: [GCSummary] = []
        let complete = try templateOptions.eachRegistry(templateNames) { host, templates, registry in
            let outcome = try EnvironmentEraser.collectGarbage(
                host: host, registry: registry, recorder: recorder,
                templates: templateNames.isEmpty ? nil : Set(templates))
            summaries.append(GCSummary(outcome))
        }
        if json {
            say(try jsonText(summaries))
        } else {
            for summary in summaries {
                say(
                    "\(summary.registry): \(summary.erased.count) expired environment(s) torn down (gc record: ledger entry \(summary.evidenceSeq))"
                )
                for erased in summary.erased {
                    say("  \(erased.name): dropped \(erased.dropped.joined(separator: ", "))")
                }
                for stage in summary.stages {
                    say("  \(stage.stage): left by \(stage.owner); removed (ledger entry \(stage.evidenceSeq))")
                }
                for failure in summary.failures { say("  FAILED \(failure)") }
            }
        }
        // A failed teardown, or a registry not collected (named on stderr), fails the command.
        if !complete || summaries.contains(where: { !$0.failures.isEmpty }) { throw ExitCode(1) }
    }
}

/// One registry's `gc` result, for output.
struct GCSummary: Encodable {
    var registry: String
    var erased: [ErasureOutcome]
    var failures: [String]
    var stages: [StageRemoval]
    var evidenceSeq: Int

    init(_ outcome: CollectionOutcome) {
        registry = outcome.registry
        erased = outcome.erased
        failures = outcome.failures.map { "\($0.name): \($0.message)" }
        stages = outcome.stages
        evidenceSeq = outcome.evidenceSeq
    }
}
