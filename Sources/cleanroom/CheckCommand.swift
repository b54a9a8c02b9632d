import ArgumentParser
import CleanroomConnectors
import CleanroomDiscovery
import CleanroomMasking
import CleanroomPipeline

/// `cleanroom check`: the CI gate for coverage and schema drift.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check that a rules file still covers the source: the CI gate.",
        discussion: """
            Reports new, removed and likely renamed tables and columns, columns whose type changed since the \
            rules' `types:`, kept columns whose sampled values now look personal, a `subset:` whose root \
            predicates fail on the source or whose roots sit in a cycle (`break:` may be needed), and every \
            other problem with the rules. Exit 0 when covered; 3 on drift (each uncovered column is listed) \
            or, with --strict, a kept column that looks personal or a root in a cycle; 2 when the rules \
            themselves are wrong.
            """
    )

    @Option(help: "The source the rules are for.") var source: String
    @Option(help: "The rules file (YAML).") var rules: String
    @Option(help: "Rows sampled per table to look for personal data in kept columns.") var sample: Int = PIIScanner
        .defaultSampleSize
    @Flag(help: "Fail (exit 3) when a kept column looks personal, or a subset root is in a cycle.") var strict = false
    @Flag(help: "Print the report as JSON.") var json = false

    func run() throws {
        let rulesFile = try RulesParser.load(path: rules)
        let report = try DriftChecker.check(
            rulesFile, against: ConnectorFactory.source(Endpoint(parsing: source)),
            sampleSize: sample, strict: strict)
        if json {
            say(try jsonText(report))
        } else {
            for item in report.items { say("\(Self.label(item.kind)): \(item.message)") }
            say(Self.summary(report))
        }
        if report.exitStatus != .ok { throw ExitCode(report.exitStatus.rawValue) }
    }

    private static func label(_ kind: DriftItem.Kind) -> String {
        switch kind {
        case .newTable: return "new table"
        case .removedTable: return "removed table"
        case .renamedTable: return "renamed table"
        case .newColumn: return "uncovered"
        case .removedColumn: return "removed column"
        case .renamedColumn: return "renamed column"
        case .typeChanged: return "type changed"
        case .keptLooksPersonal: return "personal?"
        case .leakProbe: return "leak probe"
        case .subsetCycle: return "subset cycle"
        case .problem: return "problem"
        }
    }

    private static func summary(_ report: DriftReport) -> String {
        let drift = report.items.filter(\.kind.isDrift).count
        let personal = report.items(.keptLooksPersonal).count
        let problems = report.items(.problem).count
        let leaks = report.items(.leakProbe).count
        let cycles = report.items(.subsetCycle).count
        let counts =
            "\(drift) drift, \(report.uncoveredColumns.count) uncovered columns, \(personal) kept columns looking personal, "
            + "\(leaks) columns the leak probe would fail, \(cycles) subset roots in cycles, \(problems) other problems"
        switch report.exitStatus {
        case .ok: return "check: \(report.rulesPath) covers \(report.source) (\(counts))"
        case .usage: return "check: the rules have problems (exit 2): \(counts)"
        default: return "check: refused (exit 3): \(counts)"
        }
    }
}
