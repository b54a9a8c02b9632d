import ArgumentParser
import CleanroomConnectors
import CleanroomCrypto
import CleanroomEvidence
import CleanroomPipeline
import Foundation

/// `cleanroom evidence verify | report`.
struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Verify and report the signed evidence ledger.",
        subcommands: [Verify.self, Report.self]
    )

    /// Ledger and public key locations shared by both subcommands.
    struct LedgerOptions: ParsableArguments {
        @Option(help: ArgumentHelp("The ledger. Default: .cleanroom/evidence/ledger.jsonl.", valueName: "path")) var ledger: String?
        @Option(help: ArgumentHelp("The Ed25519 public key (PEM). Default: .cleanroom/keys/signing.pub.", valueName: "path")) var publicKey: String?

        func verify() throws -> LedgerReport {
            let workspace = Workspace()
            let key = try SigningKeys.loadPublic(path: publicKey ?? workspace.publicKeyPath)
            return try Ledger(path: ledger ?? workspace.ledgerPath).verify(publicKey: key)
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every signature and the hash chain; optionally re-digest a live environment against its attested subjects."
        )

        @OptionGroup var options: LedgerOptions
        @Option(help: ArgumentHelp("Re-digest this environment's tables and compare them with its latest attested run.", valueName: "url"))
        var checkTarget: String?
        @Flag(help: "Print the verdict as JSON.") var json = false

        func run() throws {
            let report = try options.verify()
            var problems = report.problems.map(\.description)
            var checked: [String] = []
            if let checkTarget, report.isValid {
                let endpoint = try Endpoint(parsing: checkTarget)
                (checked, problems) = try TargetCheck.compare(endpoint, report: report)
            }
            if json {
                say(try jsonText(VerifySummary(ledger: report.path, keyID: report.keyID, entries: report.records.count,
                                               head: report.headDigest, valid: problems.isEmpty, problems: problems, checkedTables: checked)))
            } else {
                say("ledger \(report.path): \(report.records.count) entries, key id \(report.keyID)")
                if let head = report.headDigest { say("head digest: \(head) (keep it somewhere writers cannot change to detect truncation)") }
                for line in checked { say("target: \(line)") }
                for problem in problems { say("FAIL: \(problem)") }
                say(problems.isEmpty ? "verdict: valid" : "verdict: INVALID (\(problems.count) problem\(problems.count == 1 ? "" : "s"))")
            }
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Render the auditor's report (HTML or Markdown) from the verified ledger.")

        @OptionGroup var options: LedgerOptions
        @Option(help: "Where to write the report.") var out: String
        @Option(help: "html or md.") var format: String = "html"

        func run() throws {
            guard let reportFormat: ReportFormat = format == "html" ? .html : (format == "md" ? .markdown : nil) else {
                throw ValidationError("--format is html or md")
            }
            let report = try options.verify()
            let text = AuditReport.render(report, format: reportFormat)
            try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            say("report: \(out) (\(report.records.count) records, \(report.isValid ? "ledger valid" : "LEDGER INVALID"))")
        }
    }
}

/// The `--json` verdict of `evidence verify`.
struct VerifySummary: Encodable {
    var ledger: String
    var keyID: String
    var entries: Int
    var head: String?
    var valid: Bool
    var problems: [String]
    var checkedTables: [String]
}

/// Compares a live environment with the subjects of its latest successful attested run.
enum TargetCheck {
    static func compare(_ endpoint: Endpoint, report: LedgerReport) throws -> (checked: [String], problems: [String]) {
        let record = report.records.last { record in
            guard let predicate = record.statement?.predicate else { return false }
            return predicate.outcome == .succeeded && predicate.target.endpoint == endpoint.description
                && (predicate.kind == .mask || predicate.kind == .provision)
        }
        guard let record else {
            return ([], ["no successful attested run wrote \(endpoint)"])
        }
        let names = record.subjects.compactMap { $0.name.hasPrefix("table:") ? String($0.name.dropFirst(6)) : nil }
        let live = try LiveDigest.digests(of: endpoint, tables: names)
        var checked: [String] = []
        var problems: [String] = []
        for subject in record.subjects where subject.name.hasPrefix("table:") {
            let name = String(subject.name.dropFirst(6))
            switch live[name] {
            case .some(.some(let digest)) where digest == subject.digest.sha256:
                checked.append("\(name) matches entry \(record.seq)")
            case .some(.some(let digest)):
                problems.append("\(name) changed since entry \(record.seq): attested \(subject.digest.sha256.prefix(16))…, live \(digest.prefix(16))…")
            default:
                problems.append("\(name) attested in entry \(record.seq) is missing from \(endpoint)")
            }
        }
        return (checked, problems)
    }
}
