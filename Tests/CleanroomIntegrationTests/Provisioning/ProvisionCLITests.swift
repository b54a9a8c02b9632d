import CleanroomConnectors
import CleanroomCore
import CleanroomEvidence
import CleanroomProvisioning
import Foundation
import TestSupport
import Testing

/// The `cleanroom` binary as CI runs it: exit statuses, messages naming the guard, concurrent jobs,
/// and where the role's password may (and may not) appear.
@Suite("provision on the command line", .testCluster)
struct ProvisionCLITests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    /// `cleanroom ARGS` in the workspace, with the template variables pointing at `source`.
    func cleanroom(
        _ arguments: [String], _ workspace: TestWorkspace, source: PostgresAddress
    ) throws -> CommandLineRunner.Outcome {
        try workspace.cli.run(arguments, extraEnvironment: server.variables(source: source))
    }

    @Test("each guard refuses with exit 3 and names itself; nothing is created and the refusal is in the ledger")
    func guardsRefuse() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let pagila = try server.sharedPagila()
        try server.withDatabase("prov_open") { open in
            let sameName = uniqueName("same")
            do {
                let same = server.address.with(database: "cr_\(sameName)")
                try PostgresConnection(address: server.address).exec(
                    "CREATE DATABASE \(PostgresSQL.quoteIdentifier(same.database))", context: "same")
                defer { server.drop(same) }
                let cases: [(guard: String, template: String, source: PostgresAddress, name: String, extra: [String])] =
                    [
                        (
                            "target-not-production", postgresTemplate(golden: false, classification: "production"),
                            pagila, uniqueName("prod"), []
                        ),
                        (
                            "authorization-present", postgresTemplate(golden: true, authorization: true), pagila,
                            uniqueName("auth"), []
                        ),
                        ("target-not-source", postgresTemplate(golden: false), same, sameName, []),
                        ("role-cannot-reach-source", postgresTemplate(golden: false), open, uniqueName("open"), []),
                    ]
                for c in cases {
                    let templateName = uniqueName("guard")
                    try workspace.template(templateName, c.template)
                    let result = try cleanroom(
                        ["provision", templateName, "--name", c.name, "--quiet"] + c.extra, workspace, source: c.source)
                    #expect(result.status == 3, "\(c.guard): \(result.stderr)")
                    #expect(
                        result.stderr.contains("guard \(c.guard) refused environment \(c.name)"), "\(result.stderr)")
                    #expect(result.stdout.isEmpty)
                    #expect(try !server.roleExists("cr_\(c.name)_owner"))
                    #expect(try server.registryEntry(c.name) == nil, "a refusal claims no name")
                    if c.guard != "target-not-source" { #expect(try !server.databaseExists("cr_\(c.name)")) }
                    let refusal = try #require(try workspace.ledger().records.last?.statement?.header)
                    #expect(refusal.outcome == .failed && refusal.target.environment == c.name)
                    #expect(refusal.guards.contains { $0.name == c.guard && $0.decision == .refused })
                }
                #expect(try server.databaseExists(same.database), "the source that looked like the target is untouched")
            }
        }
        // The message points at the template line that demands the authorisation.
        let templateName = uniqueName("guard")
        try workspace.template(templateName, postgresTemplate(golden: false, authorization: true))
        let result = try cleanroom(
            ["provision", templateName, "--name", uniqueName("auth")], workspace, source: pagila)
        #expect(result.stderr.contains("templates/\(templateName).yaml:8:"), "\(result.stderr)")
    }

    @Test("target = source for SQLite: the environment file would be the source file")
    func sqliteSameFile() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let directory = workspace.root.appendingPathComponent("envs")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try DemoSample.write(to: directory.appendingPathComponent("cr_same.sqlite").path)
        let rules = TestPaths.repositoryRoot.appendingPathComponent("masking-rules/demo-sample.yaml").path
        try workspace.template(
            "lite",
            "source: sqlite:\(directory.path)/cr_same.sqlite\nrules: \(rules)\ntarget: sqlite:\(directory.path)\nclassification: test\nttl: 1h\n"
        )
        let result = try workspace.cli.run(["provision", "lite", "--name", "same"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("guard target-not-source refused environment same"), "\(result.stderr)")
    }

    @Test(
        "concurrent jobs: two names both succeed, the same name twice gives one refusal (exit 3); the password is printed only by --print-env"
    )
    func concurrencyAndSecrets() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let source = try server.sharedPagila()
        let templateName = uniqueName("conc")
        try workspace.template(templateName, postgresTemplate(golden: true, authorization: true))
        let (x, y) = (uniqueName("job"), uniqueName("job"))
        let host = EnvironmentHost.postgres(server.address)
        defer { workspace.tearDown([x, y, EnvironmentName.golden(of: templateName)], on: host) }

        // Three jobs at once: two names, one of them twice.
        let jobs = [x, y, x]
        let running = try jobs.enumerated().map { i, name in
            try workspace.cli.start(
                ["provision", templateName, "--name", name, "--authorization", "CHG-\(i)", "--print-env"],
                extraEnvironment: server.variables(source: source))
        }
        let all = running.map { $0.wait() }
        #expect(all[1].status == 0, "\(all[1].stderr)")
        let sameName = [all[0], all[2]]
        #expect(sameName.filter { $0.status == 0 }.count == 1, "\(sameName.map(\.stderr))")
        let refused = try #require(sameName.first { $0.status != 0 })
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("guard name-unused refused environment \(x)"), "\(refused.stderr)")

        // Each success printed exactly the two lines, and the URL works.
        var passwords: [String] = []
        for result in all where result.status == 0 {
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 2 && lines[1].hasPrefix("CLEANROOM_ENV="))
            let url = String(
                try #require(lines.first { $0.hasPrefix("DATABASE_URL=") }).dropFirst("DATABASE_URL=".count))
            let address = try PostgresAddress(parsing: url)
            passwords.append(try #require(address.password))
            #expect(
                try PostgresConnection(address: address).query("SELECT current_user", context: "login") == [
                    [address.user]
                ])
            #expect(!result.stderr.contains(address.password!))
        }
        #expect(passwords.count == 2)

        // Nowhere else: not in the other outputs, the ledger, the registry, envs or teardown output.
        let ledger = try String(contentsOfFile: workspace.recorder.ledger.path, encoding: .utf8)
        let registry = try PostgresConnection(address: server.address.with(database: EnvironmentHost.registryDatabase))
            .query("SELECT t::text FROM cleanroom_registry.environments t", context: "registry rows").compactMap {
                $0[0]
            }.joined(separator: "\n")
        let envs = try cleanroom(["envs", "--json", "--template", templateName], workspace, source: source)
        let json = try cleanroom(
            ["provision", templateName, "--name", uniqueName("json"), "--authorization", "CHG", "--json"], workspace,
            source: source)
        #expect(json.status == 0 && !json.stdout.contains("DATABASE_URL") && json.stdout.contains("\"endpoint\""))
        let jsonName = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            .flatMap { ($0["environment"] as? [String: Any])?["name"] as? String }
        let teardown = try cleanroom(
            ["teardown", jsonName ?? "?", "--template", templateName], workspace, source: source)
        #expect(teardown.status == 0, "\(teardown.stderr)")
        let gc = try cleanroom(["gc", "--template", templateName], workspace, source: source)
        #expect(gc.status == 0, "\(gc.stderr)")
        for password in passwords {
            for (place, text) in [
                ("ledger", ledger), ("registry", registry), ("envs", envs.stdout + envs.stderr),
                ("json", json.stdout + json.stderr), ("teardown", teardown.stdout + teardown.stderr),
                ("gc", gc.stdout + gc.stderr), ("refusal", refused.stdout + refused.stderr),
            ] {
                #expect(!text.contains(password), "the password appears in the \(place)")
            }
        }
        #expect(envs.stdout.contains(x) && envs.stdout.contains(y))
    }
}
