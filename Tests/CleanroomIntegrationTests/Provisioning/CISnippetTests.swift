import CleanroomConnectors
import CleanroomProvisioning
import Foundation
import TestSupport
import Testing

/// docs/ci.md's shell snippet, as a CI step runs it (`bash -e`), with the shipped ci-ephemeral
/// template and the built binary on PATH: a refusal fails the step before any test runs. And
/// `--github-env`, which GitHub workflows use instead of the snippet's `eval`.
@Suite("CI steps: docs/ci.md's snippet under bash -e, --github-env", .testCluster)
struct CISnippetTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    /// The first `sh` block of docs/ci.md.
    static func snippet() throws -> String {
        let doc = try String(
            contentsOf: TestPaths.repositoryRoot.appendingPathComponent("docs/ci.md"), encoding: .utf8)
        let start = try #require(doc.range(of: "```sh\n"))
        let end = try #require(doc.range(of: "\n```", range: start.upperBound..<doc.endIndex))
        return String(doc[start.upperBound..<end.lowerBound])
    }

    /// Runs the snippet in the workspace's folder with `TICKET`, and `./run-tests` recording the
    /// customers its `DATABASE_URL` shows (nil when it never ran).
    func runSnippet(
        ticket: String, runID: String, _ workspace: TestWorkspace
    ) throws -> (
        outcome: Subprocess.Outcome, tests: String?
    ) {
        let folder = workspace.root
        let script = folder.appendingPathComponent("ci-step.sh")
        try Self.snippet().write(to: script, atomically: true, encoding: .utf8)
        let tests = folder.appendingPathComponent("run-tests")
        let record = folder.appendingPathComponent("tests-ran")
        try """
        #!/bin/sh
        set -e
        psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -Atc 'SELECT count(*) FROM public.customer' > tests-ran

        """.write(to: tests, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tests.path)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] =
            CommandLineRunner.binary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "")
        environment["CLEANROOM_HOME"] = workspace.cli.home.path
        environment["XDG_CONFIG_HOME"] = workspace.cli.configHome.path
        environment["RUN_ID"] = runID
        environment["TICKET"] = ticket
        environment["PAGILA_URL"] = try server.sharedPagila().urlWithPassword
        environment["CLEANROOM_TARGET_URL"] = server.address.urlWithPassword
        environment.removeValue(forKey: "CLEANROOM_MASKING_KEY")
        let outcome = try Subprocess.start(
            URL(fileURLWithPath: "/bin/bash"), ["-e", script.path], environment: environment, in: folder
        ).wait()
        let ran = try? String(contentsOf: record, encoding: .utf8)
        return (outcome, ran?.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("refused (no authorisation reference): the step fails with 3, no test runs, the teardown finds nothing")
    func refusedProvisionFailsTheStep() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let runID = uniqueName("refused")
        let (outcome, tests) = try runSnippet(ticket: "", runID: runID, workspace)
        #expect(outcome.status == 3, "\(outcome.all)")
        #expect(tests == nil, "the tests ran after a refusal")
        #expect(
            outcome.stderr.contains("guard authorization-present refused environment ci-\(runID)"), "\(outcome.all)")
        #expect(outcome.stdout.contains("no environment ci-\(runID) in "), "the trap's teardown: \(outcome.all)")
        #expect(try server.registryEntry("ci-\(runID)") == nil)
    }

    @Test("authorised: the tests read the clone through DATABASE_URL, and the trap tears it down")
    func authorisedRunTestsAndTearsDown() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let runID = uniqueName("ok")
        let template = try TemplateCatalog(directory: TestPaths.repositoryRoot.appendingPathComponent("templates").path)
            .template(named: "ci-ephemeral")
        let host = try EnvironmentHost(
            template.target, variables: ["CLEANROOM_TARGET_URL": server.address.urlWithPassword])
        defer { workspace.tearDown([EnvironmentName.golden(of: template.name)], on: host) }
        let (outcome, tests) = try runSnippet(ticket: "DATA-1234", runID: runID, workspace)
        #expect(outcome.status == 0, "\(outcome.all)")
        #expect(tests == "599", "the tests saw \(tests ?? "nothing")")
        #expect(!outcome.all.contains("DATABASE_URL="), "eval consumed the line; nothing printed it")
        #expect(outcome.stdout.contains("tore down ci-\(runID)"), "\(outcome.all)")
        #expect(try server.registryEntry("ci-\(runID)")?.status == .erased)
    }

    @Test("--github-env: ::add-mask:: for the password before anything else, DATABASE_URL in $GITHUB_ENV, works")
    func githubEnvironmentMasksThePassword() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let templateName = uniqueName("gh")
        let template = try workspace.template(templateName, postgresTemplate(golden: false))
        let name = uniqueName("ci")
        let host = try EnvironmentHost(template.target, variables: server.variables(source: try server.sharedPagila()))
        defer { workspace.tearDown([name], on: host) }
        let file = workspace.root.appendingPathComponent("github-env")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        var variables = server.variables(source: try server.sharedPagila())
        variables["GITHUB_ENV"] = file.path
        let outcome = try workspace.cli.run(
            ["provision", templateName, "--name", name, "--github-env"], extraEnvironment: variables)
        #expect(outcome.status == 0, "\(outcome.all)")

        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 2 && lines[1] == "CLEANROOM_ENV=\(name)", "\(lines)")
        let url = try #require(lines.first { $0.hasPrefix("DATABASE_URL=") }).dropFirst("DATABASE_URL=".count)
        let password = try #require(URLComponents(string: String(url))?.password)
        #expect(password.count == 64)
        let stdout = outcome.stdout.split(separator: "\n")
        #expect(stdout.first == "::add-mask::\(password)", "the mask comes first: \(outcome.stdout)")
        #expect(outcome.stdout.components(separatedBy: password).count == 2, "the password only in the mask")
        #expect(!outcome.stderr.contains(password))
        let customers = try PostgresConnection(address: try PostgresAddress(parsing: String(url))).query(
            "SELECT count(*) FROM public.customer", context: "reading the environment")
        #expect(customers.first?.first == "599")
    }
}
