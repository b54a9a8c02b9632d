import ArgumentParser
import CleanroomCore
import CleanroomProvisioning
import Foundation

/// `cleanroom envs`: the environments the registries know.
struct EnvsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "envs",
        abstract: "List environments from the registries of the templates (erased ones with --all)."
    )

    @Option(help: "Only this template's environments (and only its registry).") var template: String?
    @Flag(help: "Include erased environments.") var all = false
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var templateOptions: TemplateOptions

    func run() throws {
        var rows: [RegistryEntry] = []
        let complete = try templateOptions.eachRegistry(template.map { [$0] } ?? []) { _, templates, registry in
            rows += try registry.entries().filter { entry in
                (all || entry.status != .erased) && (template == nil || templates.contains(entry.template))
            }
        }
        if json { say(try jsonText(rows)) } else { printTable(rows) }
        // The registries that could not be read were named on stderr: what was printed is incomplete.
        if !complete { throw ExitCode(ExitStatus.runFailed.rawValue) }
    }

    private func printTable(_ rows: [RegistryEntry]) {
        guard !rows.isEmpty else {
            say("no environments")
            return
        }
        let header = ["NAME", "KIND", "STATUS", "TEMPLATE", "CLASS", "EXPIRES", "ENDPOINT"]
        let lines = rows.map { e in
            [
                e.name, e.kind.rawValue, e.status.rawValue, e.template, e.classification,
                e.expiresAt.map { ISO8601DateFormatter().string(from: $0) } ?? "never", e.endpoint,
            ]
        }
        let widths = header.indices.map { i in ([header] + lines).map { $0[i].count }.max() ?? 0 }
        for line in [header] + lines {
            say(
                line.enumerated().map { i, cell in
                    i == line.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                }
                .joined(separator: "  "))
        }
    }
}
