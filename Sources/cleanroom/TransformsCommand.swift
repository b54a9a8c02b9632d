import ArgumentParser
import CleanroomMasking
import Foundation

/// `cleanroom transforms [NAME]`: the transforms a rules file can name, from the registry itself.
struct TransformsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transforms",
        abstract: "List the transforms a rules file can use, or describe one.",
        discussion:
            "The list is the registry the rules parser reads; docs/rules.md carries the same table (--markdown)."
    )

    @Argument(help: "A transform's name, e.g. fake or shift_date; all when omitted.")
    var name: String?

    @Flag(help: "Print the Markdown table of docs/rules.md.")
    var markdown = false

    func run() throws {
        if markdown {
            print(TransformRegistry.markdownTable)
            return
        }
        var types = TransformRegistry.all
        if let name {
            guard let type = TransformRegistry.named(name) else {
                throw ValidationError(
                    "unknown transform '\(name)'; known: \(TransformRegistry.names.joined(separator: ", "))")
            }
            types = [type]
        }
        for (i, type) in types.enumerated() {
            let doc = type.documentation
            if i > 0 { print("") }
            print(type.name)
            print("  rule:    \(Self.plain(doc.syntax))")
            print("  does:    \(Self.plain(doc.effect))")
            print("  writes:  \(Self.plain(doc.columnTypes))")
        }
    }

    /// Markdown table text as plain text: no code backticks, no escaped pipes.
    static func plain(_ markdown: String) -> String {
        markdown.replacingOccurrences(of: "\\|", with: "|").replacingOccurrences(of: "`", with: "")
    }
}
