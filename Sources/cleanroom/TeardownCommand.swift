import ArgumentParser
import CleanroomCore
import CleanroomProvisioning
import Foundation

/// `cleanroom teardown NAME`: drop an environment and record its erasure.
struct TeardownCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "teardown",
        abstract: "Drop an environment's database and role (or file), mark it erased and sign an erasure record.",
        discussion: """
            An environment already erased is reported and left alone (exit 0), so CI can always run this step; \
            with --if-exists so is a name no registry holds (a provision that was refused or never ran claimed \
            none). A registry that cannot be read still fails the command (exit 1): the name may be there.
            """
    )

    @Argument(help: "The environment's name.") var name: String
    @Option(help: "The template it came from, when several registries could hold the name.") var template: String?
    @Flag(help: "Exit 0 when no registry holds the name (for a CI step that runs whether provisioning did or not).")
    var ifExists = false
    @OptionGroup var templateOptions: TemplateOptions
    @OptionGroup var evidence: EvidenceOptions

    func run() throws {
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
            if ifExists {
                say("no environment \(name) in \(searched.joined(separator: ", ")); nothing to tear down")
                return
            }
            throw notFound
        }
        guard found.count == 1 else {
            throw ProvisioningError.ambiguousEnvironment(name: name, registries: found.map(\.registry.location))
        }
        // Only now: a job whose provisioning never ran may have no signing key, and needs none.
        let recorder = try evidence.recorder()
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
