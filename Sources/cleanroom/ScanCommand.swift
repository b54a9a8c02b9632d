import ArgumentParser
import CleanroomConnectors
import CleanroomDiscovery
import CleanroomPipeline
import Foundation

/// `cleanroom scan`: find personal data in a source and draft a complete rules file.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Find personal data in a source and draft a rules file naming every column.",
        discussion: """
            Reads at most --sample rows of each table (a bounded read, never a full scan) and classifies each \
            column from its values and its name. The draft proposes a rule for every column, with a comment \
            giving the evidence (never a sampled value); review it, then use it with `cleanroom mask` and guard \
            it in CI with `cleanroom check`. URLs: postgres://user@host:port/db or host=… dbname=…, sqlite:PATH, \
            csv:DIR, jsonl:DIR.
            """
    )

    @Option(help: "Where the data comes from.") var source: String
    @Option(help: ArgumentHelp("Write the draft rules to this new file (default: standard output).", valueName: "file"))
    var out: String?
    @Option(help: "Rows read per table.") var sample: Int = PIIScanner.defaultSampleSize
    @Flag(help: "Print the findings as JSON instead of the draft.") var json = false

    func run() throws {
        let report = try PIIScanner.scan(ConnectorFactory.source(Endpoint(parsing: source)), sampleSize: sample)
        let draft = DraftRulesRenderer.render(report)
        if let out {
            try write(draft, to: out)
        }
        if json {
            say(try jsonText(report))
        } else if out == nil {
            FileHandle.standardOutput.write(Data(draft.utf8))
        }
        let rows = report.tables.reduce(0) { $0 + $1.rowsRead }
        note(
            "scanned \(report.tables.count) tables (\(rows) rows read, at most \(report.sampleSize) each) in \(String(format: "%.2f", report.seconds)) s: "
                + "\(report.personalColumns.count) personal columns, \(report.maskedColumns.count) masked in the draft"
                + (out.map { "; draft written to \($0)" } ?? ""))
    }

    /// Writes the draft to a new file; an existing file (perhaps reviewed rules) is never replaced.
    private func write(_ draft: String, to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw DiscoveryError.outputExists(path: path)
        }
        do {
            try draft.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw DiscoveryError.cannotWrite(path: path, reason: error.localizedDescription)
        }
    }
}
