import ArgumentParser
import CleanroomCore
import CleanroomProvisioning
import Foundation

/// `cleanroom teardown NAME`: drop an environment and record its erasure.
struct TeardownCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "teardown",
        abstract: "Drop an environment's database and role (or file), mark it erased and sign an erasure record.",
        discussion: "An environment already erased is reported and left alone (exit 0), so CI can always run this step."
    )

    @Argument(help: "The environment's name.") var name: String
    @Option(help: "The template it came from, when several registries could hold the name.") var template: String?
    @OptionGroup var templateOptions: TemplateOptions
    @OptionGroup var evidence: EvidenceOptions

    func run() throws {
        let recorder = try evidence.recorder()
        var found: [(host: EnvironmentHost, registry: any EnvironmentRegistry, entry: RegistryEntry)] = []
        var searched: [String] = []
        let complete = try templateOptions.eachRegistry(template.map { [$0] } ?? []) { host, templates, registry in
            if let entry = try registry.entry(named: name), template == nil || templates.contains(entry.template) {
                found.append((host, registry, entry))
            }
            searched.append(registry.location)
        }
        guard let match = found.first else {
            let notFound = ProvisioningError.environmentNotFound(name: name, registries: searched)
            guard complete else {
                // It may be in a registry that could not be read (named on stderr): a run failure.
                note("cleanroom: error: \(notFound)")
                throw ExitCode(ExitStatus.runFailed.rawValue)
            }
            throw notFound
        }
        guard found.count == 1 else {
            throw ProvisioningError.ambiguousEnvironment(name: name, registries: found.map(\.registry.location))
        }
        guard
            let outcome = try EnvironmentEraser.teardown(
                match.entry, host: match.host, registry: match.registry, recorder: recorder)
        else {
            say(
                "\(name) was erased already (\(match.entry.erasedAt.map { ISO8601DateFormatter().string(from: $0) } ?? "earlier")); nothing to do"
            )
            return
        }
        say(
            "tore down \(name): \(outcome.dropped.isEmpty ? "nothing was left to drop" : "dropped " + outcome.dropped.joined(separator: ", "))"
        )
        note("evidence: erasure record, ledger entry \(outcome.evidenceSeq) in \(recorder.ledger.path)")
    }
}
