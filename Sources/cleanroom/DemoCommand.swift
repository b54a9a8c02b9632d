import ArgumentParser
import CleanroomConnectors
import CleanroomEvidence
import CleanroomMasking
import CleanroomPipeline
import CleanroomProvisioning
import Foundation

/// `cleanroom demo`: the whole story on one machine without a server — a production-shaped sample,
/// a masked SQLite test environment, signed evidence and the auditor's report.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract:
            "Generate a production-shaped SQLite sample, provision a masked test environment from it, and write the evidence report.",
        discussion:
            "Keys and evidence live in DIR/.cleanroom. Running it again tears the previous demo environment down first."
    )

    @Option(help: "The demo's folder (created when missing).") var dir: String = "cleanroom-demo"
    @OptionGroup var templateOptions: TemplateOptions

    /// The template the demo provisions from.
    static let templateName = "demo-sqlite"

    func run() throws {
        let directory = URL(fileURLWithPath: dir).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let workspace = Workspace(root: (directory as NSString).appendingPathComponent(".cleanroom"))
        if !FileManager.default.fileExists(atPath: workspace.maskingKeyPath) {
            let keys = try KeysCommand.create(in: workspace.keysDirectory, workspace: workspace)
            say(
                "created keys in \(workspace.keysDirectory) (masking key fingerprint \(keys.fingerprint)); "
                    + "signing key \(keys.signing.keyID) pinned in \(keys.trustFile ?? "no trust file")")
        }
        var recorder = try EvidenceRecorder(
            ledgerPath: workspace.ledgerPath,
            signingKey: try SigningKeys.loadPrivate(path: workspace.signingKeyPath),
            toolVersion: CleanroomVersion.current)
        recorder.actor = .current()

        let samplePath = (directory as NSString).appendingPathComponent("prod-sample.sqlite")
        if FileManager.default.fileExists(atPath: samplePath) { try FileManager.default.removeItem(atPath: samplePath) }
        try DemoSample.write(to: samplePath)

        var variables = ProcessInfo.processInfo.environment
        variables["CLEANROOM_DEMO_DIR"] = directory
        let template = try templateOptions.catalog().template(named: Self.templateName)
        let host = try EnvironmentHost(template.target, variables: variables)
        let registry = try host.openRegistry()
        let previous = try registry.entries().filter { $0.template == template.name }
        for entry in previous where entry.status != .erased {
            do {
                if let erased = try EnvironmentEraser.teardown(
                    entry, host: host, registry: registry, recorder: recorder)
                {
                    say("tore down the previous demo environment \(erased.name)")
                }
            } catch let error as ProvisioningError {
                note("left \(entry.name) alone: \(error.description)")
            }
        }
        let number = (previous.compactMap { Int($0.name.split(separator: "-").last ?? "") }.max() ?? 0) + 1
        let environment = try Provisioner.provision(
            ProvisionRequest(
                template: template, name: "demo-\(number)",
                authorization: "cleanroom demo (synthetic sample, no real personal data)",
                key: try Keyring.load(keyFile: workspace.maskingKeyPath), variables: variables),
            recorder: recorder)

        let pin = try EvidenceCommand.pin(workspace: workspace, ledgerPath: workspace.ledgerPath)
        let report = try recorder.ledger.verify(against: pin)
        let reportPath = (directory as NSString).appendingPathComponent("report.html")
        try Data(AuditReport.render(report, format: .html).utf8).write(
            to: URL(fileURLWithPath: reportPath), options: .atomic)
        let environmentPath = environment.connection.endpoint.replacingOccurrences(of: "sqlite:", with: "")
        explain(
            directory: directory, sample: samplePath, environment: environment, environmentPath: environmentPath,
            report: report, reportPath: reportPath, workspace: workspace)
        if !report.isValid { throw ExitCode(1) }
    }

    private func explain(
        directory: String, sample: String, environment: ProvisionedEnvironment, environmentPath: String,
        report: LedgerReport, reportPath: String, workspace: Workspace
    ) {
        let query = "SELECT first_name, last_name, email, phone FROM customers ORDER BY id LIMIT 3"
        say(
            """

            Cleanroom demo in \(directory)
              1. production-shaped sample (synthetic): \(sample)
                 \(DemoSample.customers) customers, \(DemoSample.orders) orders and payments, \(DemoSample.notes) support notes
              2. masked test environment \(environment.entry.name): \(environmentPath)
                 mode 0600, expires \(environment.entry.expiresAt.map { ISO8601DateFormatter().string(from: $0) } ?? "never"), masked in \(seconds(environment.loadSeconds))
              3. signed evidence: \(workspace.ledgerPath) (\(report.records.count) entries, \(report.isValid ? "ledger valid" : "LEDGER INVALID"))
              4. auditor's report: \(reportPath)

            Before (sample):
            \(preview(sample, query))
            After (environment):
            \(preview(environmentPath, query))

            Look for yourself:
              sqlite3 \(shellWord(sample)) \(shellWord(query))
              sqlite3 \(shellWord(environmentPath)) \(shellWord(query))
              sqlite3 \(shellWord(environmentPath)) 'SELECT note FROM support_notes ORDER BY id LIMIT 3'
              sqlite3 \(shellWord(environmentPath)) 'SELECT profile FROM customers ORDER BY id LIMIT 1'
              CLEANROOM_HOME=\(shellWord(workspace.root)) cleanroom evidence verify
              CLEANROOM_DEMO_DIR=\(shellWord(directory)) cleanroom envs --template \(Self.templateName)
              CLEANROOM_HOME=\(shellWord(workspace.root)) CLEANROOM_DEMO_DIR=\(shellWord(directory)) cleanroom teardown \(environment.entry.name)
              open \(shellWord(reportPath)) in a browser
            """)
    }

    /// The rows of `query` in `path`, one indented line each.
    private func preview(_ path: String, _ query: String) -> String {
        guard let database = try? SQLiteDatabase(path: path, mode: .readOnly),
            let statement = try? database.prepare(query)
        else {
            return "  (cannot read \(path))"
        }
        var lines: [String] = []
        while (try? statement.step()) == true {
            lines.append("  " + (0..<4).map { statement.text($0) ?? "NULL" }.joined(separator: " | "))
        }
        return lines.joined(separator: "\n")
    }
}
