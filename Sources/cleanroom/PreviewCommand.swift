import ArgumentParser
import CleanroomConnectors
import CleanroomMasking
import CleanroomPipeline
import Foundation

/// `cleanroom preview`: the first rows of each table before and after masking, on standard output.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Show a few rows of each table before and after masking; nothing is written.",
        discussion: """
            Validates the rules exactly as `mask` does (a column without a rule stops it, exit 3), reads at \
            most --rows rows of each table through a bounded read (with the table's where:), masks them with \
            the same key and transforms, and prints each row as the source holds it and as `mask` would write \
            it. No target, no evidence, no ledger entry. It prints REAL SOURCE ROWS, personal data included, \
            to your terminal: the access your --source URL already gives you; do not paste the output \
            where the source data may not go. Masked columns are coloured on a terminal and marked * \
            otherwise (or with NO_COLOR set). URLs: postgres://user@host:port/db, sqlite:PATH, csv:DIR, jsonl:DIR.
            """
    )

    /// When to use ANSI colour.
    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Option(help: "Where the data comes from.") var source: String
    @Option(help: "The rules file (YAML) naming every column.") var rules: String
    @Option(help: "Only this table (qualified or not); repeat for several. Default: every table of the rules.")
    var table: [String] = []
    @Option(help: "Rows read and shown per table.") var rows: Int = MaskPreview.defaultRows
    @Option(help: "The most characters a cell shows; longer values end in an ellipsis.") var cellWidth: Int = 24
    @Option(help: "Colour: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto
    @OptionGroup var key: KeyOptions

    func validate() throws {
        guard cellWidth > 1 else { throw ValidationError("--cell-width must be at least 2") }
    }

    func run() throws {
        let rulesFile = try RulesParser.load(path: rules)
        let endpoint = try Endpoint(parsing: source)
        let tables = try MaskPreview.run(
            source: endpoint, rules: rulesFile, key: key.load(), tables: table, rows: rows)
        let renderer = PreviewRenderer(style: useColor ? .color : .plain, cellWidth: cellWidth)
        for (i, previewed) in tables.enumerated() {
            if i > 0 { say("") }
            for line in renderer.lines(previewed) { say(line) }
        }
        let read = tables.reduce(0) { $0 + $1.rows.count }
        note(
            "preview: \(read) source row\(read == 1 ? "" : "s") of \(tables.count) table\(tables.count == 1 ? "" : "s") "
                + "from \(endpoint) shown before and after masking; nothing written (no target, no evidence)")
    }

    /// Whether to colour: `always`, or `auto` on a terminal without NO_COLOR (https://no-color.org) or
    /// TERM=dumb.
    private var useColor: Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto:
            let environment = ProcessInfo.processInfo.environment
            return isatty(STDOUT_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty
                && environment["TERM"] != "dumb"
        }
    }
}
