import Foundation
import TestSupport
import Testing

/// Who ran a command, as the statements the binary signs record it (`RunHeader.actor`).
@Suite("the actor in recorded statements")
struct ActorTests {
    /// The predicates of every ledger entry, as JSON objects.
    static func predicates(_ runner: CommandLineRunner) throws -> [[String: Any]] {
        try String(contentsOfFile: runner.ledgerPath, encoding: .utf8).split(separator: "\n").map { line in
            let entry = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let envelope = try #require(entry["envelope"] as? [String: Any])
            let encoded = try #require(envelope["payload"] as? String)
            let payload = try #require(Data(base64Encoded: encoded))
            let statement = try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
            return try #require(statement["predicate"] as? [String: Any])
        }
    }

    /// No CI system's variables: what a laptop has (the suite itself may run in CI).
    static let noCI = [
        "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "CIRCLECI", "TF_BUILD", "JENKINS_URL",
    ].reduce(into: [String: String]()) { $0[$1] = "" }

    @Test("the OS user always; a GitHub Actions or GitLab job from its standard variables; CI=true alone names no one")
    func recorded() throws {
        let runner = try CommandLineRunner(environment: Self.noCI.merging(["CI": "true"]) { $1 })
        defer { runner.cleanUp() }
        let user = try Subprocess.run(["id", "-un"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let failed = try runner.run([
            "mask", "--source", "sqlite:/nonexistent/source.db", "--target", "sqlite:/nonexistent/target.db",
            "--rules", Fixtures.pagilaRulesPath,
        ])
        #expect(failed.status != 0)
        let github = [
            "GITHUB_ACTIONS": "true", "GITHUB_ACTOR": "octocat", "GITHUB_RUN_ID": "4242",
            "GITHUB_REPOSITORY": "acme/shop", "GITHUB_SERVER_URL": "https://github.com", "GITHUB_TOKEN": "ghs_secret",
        ]
        #expect(try runner.run(["keys", "rotate"], extraEnvironment: github).status == 0)
        let gitlab = [
            "GITLAB_CI": "true", "GITLAB_USER_LOGIN": "ada", "CI_JOB_ID": "77", "CI_PROJECT_PATH": "group/app",
            "CI_JOB_URL": "https://gitlab.example/group/app/-/jobs/77", "CI_JOB_TOKEN": "glcbt-secret",
        ]
        #expect(try runner.run(["keys", "rotate"], extraEnvironment: gitlab).status == 0)

        let predicates = try Self.predicates(runner)
        try #require(predicates.count == 3)
        #expect(predicates[0]["kind"] as? String == "mask" && predicates[0]["outcome"] as? String == "failed")
        let actors = try predicates.map { try #require($0["actor"] as? [String: Any]) }
        #expect(actors.allSatisfy { $0["user"] as? String == user }, "\(actors)")
        #expect(actors[0]["ci"] == nil, "CI=true alone is no identity")
        #expect(
            actors[1]["ci"] as? [String: String] == [
                "system": "github-actions", "actor": "octocat", "runID": "4242", "repository": "acme/shop",
                "url": "https://github.com/acme/shop/actions/runs/4242",
            ])
        #expect(
            actors[2]["ci"] as? [String: String] == [
                "system": "gitlab-ci", "actor": "ada", "runID": "77", "repository": "group/app",
                "url": "https://gitlab.example/group/app/-/jobs/77",
            ])
        let ledger = try String(contentsOfFile: runner.ledgerPath, encoding: .utf8)
        for (name, secret) in [("GITHUB_TOKEN", "ghs_secret"), ("CI_JOB_TOKEN", "glcbt-secret")] {
            #expect(!ledger.contains(secret) && !predicates.description.contains(secret), "\(name) recorded")
        }
    }
}
