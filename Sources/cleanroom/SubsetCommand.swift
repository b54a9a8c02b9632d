import ArgumentParser
import CleanroomConnectors
import CleanroomEvidence
import CleanroomMasking
import CleanroomPipeline
import Foundation

/// `cleanroom subset`: what a rules file's `subset:` selects.
struct SubsetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subset",
        abstract: "Look at what a rules file's subset: selects.",
        subcommands: [SubsetPlanCommand.self]
    )
}

/// `cleanroom subset plan`: per table, the rows a subset would keep, counted on the source.
struct SubsetPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print, per table, the rows the subset would keep of the rows in the source; writes nothing.",
        discussion: """
            Validates the rules against the source as `cleanroom mask` does, then counts with the same SQL the \
            run would read with (docs/subsetting.md). No target, masking key or evidence is involved.
            """
    )

    @Option(help: "The source the rules are for.") var source: String
    @Option(help: "The rules file (YAML) with a subset: section.") var rules: String
    @Option(help: "Counting queries run at once.") var jobs: Int = 2
    @Flag(help: "Print the plan as JSON.") var json = false

    func run() throws {
        let endpoint = try Endpoint(parsing: source)
        let outcome = try SubsetPlanner.plan(source: endpoint, rules: RulesParser.load(path: rules), jobs: max(1, jobs))
        if json {
            say(try jsonText(outcome))
        } else {
            say("subset of \(endpoint) by \(rules) (counted on the source; nothing written):")
            SubsetSummaryText.lines(outcome).forEach(say)
        }
    }
}

/// The text lines of a subset's outcome, for `mask` and `subset plan`.
enum SubsetSummaryText {
    static func lines(_ outcome: MaskPredicate.Subset) -> [String] {
        let width = outcome.tables.map(\.table.count).max() ?? 0
        var lines = outcome.tables.map { table -> String in
            let name = table.table.padding(toLength: width, withPad: " ", startingAt: 0)
            let role = table.role.padding(toLength: 15, withPad: " ", startingAt: 0)
            let rows =
                table.sourceRows.map { "\(table.keptRows) of \($0) rows" } ?? "\(table.keptRows) rows, copied whole"
            var line = "  \(name)  \(role)  \(rows)"
            if let selected = table.predicateRows, selected != table.keptRows {
                line +=
                    " (its predicate selects \(selected); \(selected - table.keptRows) point at rows left out: see docs/subsetting.md on `break:`)"
            }
            return line
        }
        lines += outcome.breaks.map { "  break \($0.column): set NULL in \($0.setNull) rows" }
        lines += outcome.cycles.map { "  cycle iterated to a fixed point: \($0.joined(separator: " ⇄ "))" }
        return lines
    }
}
