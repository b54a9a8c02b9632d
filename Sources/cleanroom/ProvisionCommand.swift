import ArgumentParser
import CleanroomPipeline
import CleanroomProvisioning
import Foundation

/// Where the templates are; shared by the environment commands.
struct TemplateOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The templates folder. Default: ./templates, else ../share/cleanroom/templates beside the cleanroom binary (as installed), else the templates folder of the checkout it was built in.",
            valueName: "dir"))
    var templates: String?

    func catalog() -> TemplateCatalog {
        TemplateCatalog.locate(explicit: templates)
    }

    /// The hosts (registries) of the templates `names`, or of every template in the folder when
    /// none is named; a template left out because its target cannot be resolved is noted, unless it
    /// was named, which makes that an error.
    func hosts(_ names: [String]) throws -> [(host: EnvironmentHost, templates: [String])] {
        let catalog = catalog()
        let templates = names.isEmpty ? try catalog.all() : try names.map { try catalog.template(named: $0) }
        let (hosts, unresolved) = EnvironmentHost.hosts(of: templates, variables: ProcessInfo.processInfo.environment)
        for skipped in unresolved {
            if !names.isEmpty { throw skipped.error }
            note("skipping template \(skipped.template): \(skipped.error)")
        }
        return hosts
    }
}

/// `cleanroom provision`: a masked, isolated environment from a template.
struct ProvisionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provision",
        abstract: "Create a masked, isolated environment from a template (guards first; evidence signed).",
        discussion: """
            Guards refuse with exit 3: a template classified production, an environment that would be the \
            source, a missing --authorization where the template requires one, a same-server source open to \
            PUBLIC, and a name already in use (also when two jobs race for it). With --print-env the output \
            is DATABASE_URL=… (with the environment role's password, printed nowhere else) and CLEANROOM_ENV=…, \
            for `out=$(cleanroom provision … --print-env)` then `eval "$out"` on its own line, so that a refusal \
            stops a `set -e` script (one carries on after `eval "$(…)"` and after `out=$(…) && eval "$out"`); \
            --github-env hands them to a GitHub Actions job's later steps instead (docs/ci.md).
            """
    )

    @Argument(help: "The template: a name in the templates folder (ci-ephemeral) or a path to a .yaml file.")
    var template: String
    @Option(help: "The environment's name (lower-case letters, digits, - and _).") var name: String
    @Option(help: "How long it lives, overriding the template's TTL (e.g. 2h, 7d).") var ttl: String?
    @Option(help: "The authorisation reference for this copy (ticket or change number).") var authorization: String?
    @Flag(help: "Print DATABASE_URL=… and CLEANROOM_ENV=… lines for eval (the only output with the password).")
    var printEnv = false
    @Flag(
        help: """
            In GitHub Actions: append DATABASE_URL and CLEANROOM_ENV to $GITHUB_ENV for the later steps, \
            after ::add-mask:: for the password.
            """)
    var githubEnv = false
    @Flag(help: "Print a JSON summary (without the password).") var json = false
    @Flag(help: "Rebuild the template's golden database before cloning.") var refreshGolden = false
    @Option(help: "Tables masked, and PostgreSQL indexes built, in parallel (default: the number of cores).") var jobs:
        Int?
    @Flag(help: "No progress output (the same as --progress none) and no notes.") var quiet = false
    @OptionGroup var progressOptions: ProgressOptions
    @OptionGroup var templateOptions: TemplateOptions
    @OptionGroup var key: KeyOptions
    @OptionGroup var evidence: EvidenceOptions

    func validate() throws {
        if [printEnv, githubEnv, json].filter({ $0 }).count > 1 {
            throw ValidationError("--print-env, --github-env and --json are alternatives; choose one")
        }
        if githubEnv {
            // Checked before anything is provisioned, so a job outside GitHub Actions fails first.
            guard let file = GitHubEnvironment() else {
                throw ValidationError(
                    "--github-env needs $GITHUB_ENV (set by GitHub Actions); elsewhere use --print-env")
            }
            guard FileManager.default.isWritableFile(atPath: file.path) else {
                throw ValidationError(
                    "--github-env cannot write to $GITHUB_ENV (\(file.path)); nothing was provisioned")
            }
        }
        if let ttl, TimeToLive(ttl) == nil { throw ValidationError("--ttl '\(ttl)' is not \(TimeToLive.expected)") }
    }

    func run() throws {
        let recorder = try evidence.recorder()
        let display = progressOptions.display(quiet: quiet)
        defer { display?.finish() }
        let request = ProvisionRequest(
            template: try templateOptions.catalog().template(named: template), name: name,
            ttl: ttl.flatMap(TimeToLive.init),
            authorization: authorization, refreshGolden: refreshGolden, key: try key.load(),
            jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, observer: display)
        let environment = try Provisioner.provision(request, recorder: recorder)
        display?.finish()
        if !quiet { note("evidence: ledger entry \(environment.evidenceSeq) in \(recorder.ledger.path)") }
        if printEnv {
            say("DATABASE_URL=\(shellWord(environment.connection.urlWithPassword()))")
            say("CLEANROOM_ENV=\(shellWord(environment.entry.name))")
        } else if githubEnv, let file = GitHubEnvironment() {
            let url = environment.connection.urlWithPassword()
            try file.export(
                [("DATABASE_URL", url), ("CLEANROOM_ENV", environment.entry.name)],
                masking: GitHubEnvironment.secrets(in: url))
            say("DATABASE_URL and CLEANROOM_ENV=\(environment.entry.name) are set for the job's later steps")
        } else if json {
            say(try jsonText(ProvisionSummary(environment)))
        } else {
            describe(environment)
        }
    }

    private func describe(_ environment: ProvisionedEnvironment) {
        let entry = environment.entry
        say(
            "provisioned \(entry.name) (template \(entry.template), \(entry.classification)): \(environment.connection.endpoint)"
        )
        if let golden = environment.clonedFrom {
            let built = environment.goldenSeconds.map { "; golden copy built in \(seconds($0))" } ?? ""
            say("  cloned from \(golden) in \(seconds(environment.loadSeconds))\(built)")
        } else {
            say("  masked from the source in \(seconds(environment.loadSeconds))")
        }
        say("  label: \(entry.label)")
        if entry.role != nil { say("  the role's password is handed out only by --print-env or --github-env") }
    }
}

/// `--json` output of `provision`: the registry entry and timings, never the password.
struct ProvisionSummary: Encodable {
    var environment: RegistryEntry
    var evidenceSeq: Int
    var clonedFrom: String?
    var goldenSeconds: Double?
    var loadSeconds: Double
    var seconds: Double

    init(_ e: ProvisionedEnvironment) {
        environment = e.entry
        evidenceSeq = e.evidenceSeq
        clonedFrom = e.clonedFrom
        goldenSeconds = e.goldenSeconds
        loadSeconds = e.loadSeconds
        seconds = e.seconds
    }
}

/// `text` as one shell word for `eval`: as it is when it holds only characters no shell treats
/// specially (so the line also suits files such as $GITHUB_ENV), otherwise in single quotes.
func shellWord(_ text: String) -> String {
    let plain = text.unicodeScalars.allSatisfy {
        $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "@%+=:,./_-".unicodeScalars.contains($0))
    }
    if plain && !text.isEmpty { return text }
    return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// Seconds for people: `0.84 s`.
func seconds(_ value: Double) -> String {
    String(format: "%.2f s", value)
}
