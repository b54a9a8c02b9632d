import ArgumentParser
import CleanroomConnectors
import CleanroomCore
import CleanroomCrypto
import CleanroomEvidence
import CleanroomPipeline
import Foundation

/// `cleanroom evidence verify | report | head`.
struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Verify and report the signed evidence ledger.",
        discussion: """
            verify and report need a pinned signing key: --public-key FILE kept outside CLEANROOM_HOME, \
            --key-fingerprint HEX, or the trust file $XDG_CONFIG_HOME/cleanroom/trusted-keys that `keys init` writes. \
            A key inside CLEANROOM_HOME (keys/signing.pub) is never trusted by itself.
            """,
        subcommands: [Verify.self, Report.self, Head.self, Repair.self]
    )

    /// The pinned key for `ledgerPath`: see `KeyPin.resolve`. `CLEANROOM_HOME` and the ledger's folder
    /// are the writers' folders, whose files are never trusted by themselves.
    static func pin(
        workspace: Workspace, ledgerPath: String, publicKey: String? = nil,
        fingerprint: String? = nil
    ) throws -> KeyPin {
        let ledgerFolder = (ledgerPath as NSString).deletingLastPathComponent
        return try KeyPin.resolve(
            KeyPin.Request(
                publicKeyFile: publicKey, fingerprint: fingerprint,
                trustFile: TrustFile.defaultPath().map(TrustFile.init),
                untrustedFolders: [workspace.root, ledgerFolder.isEmpty ? "." : ledgerFolder],
                workspaceKeyFiles: [workspace.publicKeyPath] + KeysCommand.retiredPublicKeys(workspace),
                ledgerKeyIDs: (try? Ledger(path: ledgerPath).firstEntryKeyIDs()) ?? []))
    }

    /// The ledger, the pinned key and the expected head, shared by `verify` and `report`.
    struct LedgerOptions: ParsableArguments {
        @Option(help: ArgumentHelp("The ledger. Default: .cleanroom/evidence/ledger.jsonl.", valueName: "path"))
        var ledger: String?
        @Option(
            help: ArgumentHelp("Pin this Ed25519 public key (PEM), kept outside CLEANROOM_HOME.", valueName: "path"))
        var publicKey: String?
        @Option(
            help: ArgumentHelp(
                "Pin the key with this fingerprint (64 hex digits, as `keys init` printed).",
                valueName: "hex"))
        var keyFingerprint: String?
        @Option(
            help: ArgumentHelp(
                "Fail unless the ledger holds this entry, as `evidence head` prints it (SEQ:DIGEST).",
                valueName: "seq:digest"))
        var expectHead: String?

        /// Verifies the ledger against the pinned key; `since` (`SEQ:DIGEST`) judges only that entry
        /// and those after it.
        func verify(since: String? = nil) throws -> LedgerReport {
            let workspace = Workspace()
            let path = ledger ?? workspace.ledgerPath
            let pin = try EvidenceCommand.pin(
                workspace: workspace, ledgerPath: path, publicKey: publicKey,
                fingerprint: keyFingerprint)
            return try Ledger(path: path).verify(
                against: pin, expectedHead: try expectHead.map(Self.head), since: try since.map(Self.head))
        }

        /// `text` as `SEQ:DIGEST` (or `SEQ DIGEST`).
        static func head(_ text: String) throws -> LedgerHead {
            guard let head = LedgerHead(parsing: text) else { throw LedgerError.malformedExpectedHead(text) }
            return head
        }
    }

    struct Head: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the last entry as SEQ DIGEST, to store where the ledger's writers cannot; "
                + "check it later with verify --expect-head."
        )

        @Option(help: ArgumentHelp("The ledger. Default: .cleanroom/evidence/ledger.jsonl.", valueName: "path"))
        var ledger: String?

        func run() throws {
            let path = ledger ?? Workspace().ledgerPath
            guard let head = try Ledger(path: path).head() else {
                note("cleanroom: error: \(path) has no entries yet")
                throw ExitCode(ExitStatus.runFailed.rawValue)
            }
            say(head.description)
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Check every signature and the hash chain; optionally re-digest a live environment against its attested subjects."
        )

        @OptionGroup var options: LedgerOptions
        @Option(
            help: ArgumentHelp(
                "Re-digest this environment's tables and compare them with its latest attested run.", valueName: "url"))
        var checkTarget: String?
        @Option(
            help: ArgumentHelp(
                "As --check-target, the URL read from this environment variable, so that the password in it "
                    + "stays out of process arguments (DATABASE_URL after provision --github-env).",
                valueName: "name"))
        var checkTargetEnv: String?
        @Option(
            help: ArgumentHelp(
                "Judge only this entry (SEQ:DIGEST, as `evidence head` printed it) and the entries after it: "
                    + "it must still be in the ledger, and what follows must chain from it and verify.",
                valueName: "seq:digest"))
        var since: String?
        @Flag(help: "Print the verdict as JSON.") var json = false

        func validate() throws {
            if checkTarget != nil && checkTargetEnv != nil {
                throw ValidationError("--check-target and --check-target-env name the same thing: give one")
            }
            if let name = checkTargetEnv, ProcessInfo.processInfo.environment[name, default: ""].isEmpty {
                throw ValidationError("--check-target-env \(name): the variable is not set or empty")
            }
        }

        func run() throws {
            let report = try options.verify(since: since)
            var problems = report.problems.map(\.description)
            var checked: [String] = []
            let target = checkTarget ?? checkTargetEnv.flatMap { ProcessInfo.processInfo.environment[$0] }
            if let target, report.isValid {
                let endpoint = try Endpoint(parsing: target)
                (checked, problems) = try TargetCheck.compare(endpoint, report: report)
            }
            if json {
                say(
                    try jsonText(
                        VerifySummary(
                            ledger: report.path, keyID: report.keyID, rotatedKeyIDs: report.rotatedKeyIDs,
                            pinnedBy: report.pin?.description,
                            entries: report.records.count, head: report.headDigest, headSeq: report.head?.seq,
                            valid: problems.isEmpty, problems: problems, checkedTables: checked)))
            } else {
                say("ledger \(report.path): \(report.records.count) entries, key id \(report.keyID)")
                if let since = report.since { say("checked from entry \(since.seq) (\(since.digest)) on") }
                if let pin = report.pin { say("key pinned by: \(pin)") }
                for keyID in report.rotatedKeyIDs {
                    say("key rotated to: \(keyID) (by a rotation entry the key before signed)")
                }
                if let head = report.head {
                    say("head: \(head) (keep it where writers cannot change it; check with --expect-head)")
                }
                for line in checked { say("target: \(line)") }
                for problem in problems { say("FAIL: \(problem)") }
                say(
                    problems.isEmpty
                        ? "verdict: valid"
                        : "verdict: INVALID (\(problems.count) problem\(problems.count == 1 ? "" : "s"))")
            }
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }

    struct Repair: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a damaged tail (half a line) out of the ledger and sign a record of doing so.",
            discussion: """
                The bytes after the ledger's last newline go to LEDGER.damaged-<UTC timestamp>, the ledger is \
                cut back to its last complete entry, and a signed ledger-repair entry names the moved file, \
                offset, size and SHA-256. Refused (exit 3) when the ledger ends with a complete line.
                """)

        @OptionGroup var evidence: EvidenceOptions

        func run() throws {
            let workspace = Workspace()
            let path = evidence.ledger ?? workspace.ledgerPath
            let key = try SigningKeys.loadPrivate(path: evidence.signingKeyPath(workspace: workspace))
            let (entry, moved) = try Ledger(path: path).repair(
                key: key, toolVersion: CleanroomVersion.current, actor: .current())
            say(
                "moved \(moved.bytes) damaged byte(s) at offset \(moved.offset) to \(moved.movedTo); "
                    + "signed record: ledger entry \(entry.seq)")
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render the auditor's report (HTML or Markdown) from the verified ledger.")

        @OptionGroup var options: LedgerOptions
        @Option(help: "Where to write the report.") var out: String
        @Option(help: "html or md.") var format: String = "html"
        @Option(
            help: ArgumentHelp(
                "The paper the HTML report prints on: a4, letter, or any (the print dialog's choice; the layout fits both).",
                valueName: "paper"))
        var paper: String = "any"

        func run() throws {
            guard let reportFormat: ReportFormat = format == "html" ? .html : (format == "md" ? .markdown : nil) else {
                throw ValidationError("--format is html or md")
            }
            guard let reportPaper = ReportPaper(rawValue: paper.lowercased()) else {
                throw ValidationError("--paper is a4, letter or any")
            }
            let report = try options.verify()
            let text = AuditReport.render(report, format: reportFormat, paper: reportPaper)
            try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            say(
                "report: \(out) (\(report.records.count) records, \(report.isValid ? "ledger valid" : "LEDGER INVALID"))"
            )
            if !report.isValid { throw ExitCode(ExitStatus.runFailed.rawValue) }
        }
    }
}

/// The `--json` verdict of `evidence verify`.
struct VerifySummary: Encodable {
    var ledger: String
    var keyID: String
    var rotatedKeyIDs: [String]
    var pinnedBy: String?
    var entries: Int
    var head: String?
    var headSeq: Int?
    var valid: Bool
    var problems: [String]
    var checkedTables: [String]
}

/// Compares a live environment with the subjects of its latest successful attested run.
///
/// The run is found by the data store it wrote: for PostgreSQL the same server, port and database,
/// whatever the login, so an auditor's own read-only login checks an environment another role owns.
enum TargetCheck {
    /// - Throws: `TargetNotAttested` when no successful run in the ledger wrote `endpoint`.
    static func compare(_ endpoint: Endpoint, report: LedgerReport) throws -> (checked: [String], problems: [String]) {
        let runs = report.records.filter { record in
            guard let header = record.statement?.mask?.predicate.header else { return false }
            return header.outcome == .succeeded && header.kind.attestsCopy
        }
        let record = runs.last { record in
            guard let text = record.statement?.mask?.predicate.header.target.endpoint,
                let written = try? Endpoint(parsing: text)
            else { return false }
            return written.isSameStore(as: endpoint)
        }
        guard let record else {
            var attested: [String] = []
            for run in runs {
                if let written = run.statement?.mask?.predicate.header.target.endpoint, !attested.contains(written) {
                    attested.append(written)
                }
            }
            throw TargetNotAttested(endpoint: endpoint.description, attested: attested)
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
                problems.append(
                    "\(name) changed since entry \(record.seq): attested \(subject.digest.sha256.prefix(16))…, live \(digest.prefix(16))…"
                )
            default:
                problems.append("\(name) attested in entry \(record.seq) is missing from \(endpoint)")
            }
        }
        return (checked, problems)
    }
}

/// `--check-target` named a data store that no successful run in the ledger wrote: the wrong server,
/// port or database was given (the login does not matter), which says nothing about the ledger itself.
struct TargetNotAttested: CleanroomError {
    var endpoint: String
    /// The stores the ledger's successful runs wrote, without passwords.
    var attested: [String]

    var exitStatus: ExitStatus { .usage }

    var description: String {
        let known =
            attested.isEmpty ? "it records no successful run" : "its runs wrote " + attested.joined(separator: ", ")
        return
            "--check-target \(endpoint): no successful run in the ledger wrote this database (runs are matched by server, port and database, whatever the login); \(known)"
    }
}
