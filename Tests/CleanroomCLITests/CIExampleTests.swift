import Foundation
import TestSupport
import Testing
import Yams

/// The CI examples in templates/: valid for GitHub Actions and GitLab CI by the schemas
/// check-jsonschema ships (scripts/test.sh installs it pinned and sets `CLEANROOM_TEST_REQUIRE_PYTHON=1`,
/// under which its absence fails these tests instead of skipping them), and holding what docs/ci.md
/// says they hold.
@Suite("CI examples")
struct CIExampleTests {
    static let templates = TestPaths.repositoryRoot.appendingPathComponent("templates")
    static let github = ["github-actions.yml", "github-actions-self-contained.yml"]
    static let gitlab = "gitlab-ci.yml"
    static let checkerInstalled =
        (try? Subprocess.run(["python3", "-m", "check_jsonschema", "--version"]))?.status == 0
    static let required = ProcessInfo.processInfo.environment["CLEANROOM_TEST_REQUIRE_PYTHON"] == "1"

    func validate(_ schema: String, _ files: [String]) throws -> Subprocess.Outcome {
        try Subprocess.run(
            ["python3", "-m", "check_jsonschema", "--builtin-schema", schema]
                + files.map { Self.templates.appendingPathComponent($0).path })
    }

    func yaml(_ file: String) throws -> [String: Any] {
        let text = try String(contentsOf: Self.templates.appendingPathComponent(file), encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any], "\(file)")
    }

    @Test("the schemas accept the examples and reject a broken workflow", .enabled(if: checkerInstalled || required))
    func schemas() throws {
        #expect(Self.checkerInstalled, "python3 -m check_jsonschema is not installed")
        let workflows = try validate("vendor.github-workflows", Self.github)
        #expect(workflows.status == 0, "\(workflows.all)")
        let pipeline = try validate("vendor.gitlab-ci", [Self.gitlab])
        #expect(pipeline.status == 0, "\(pipeline.all)")
        // The checker does reject: the same workflow with a step that is neither `run` nor `uses`.
        let folder = try TestPaths.temporaryDirectory("cleanroom-ci-schema")
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = folder.appendingPathComponent("broken.yml")
        let text = try String(contentsOf: Self.templates.appendingPathComponent(Self.github[1]), encoding: .utf8)
        try text.replacingOccurrences(of: "      - uses: actions/checkout@v4", with: "      - checkout: v4")
            .write(to: broken, atomically: true, encoding: .utf8)
        let rejected = try Subprocess.run(
            ["python3", "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", broken.path])
        #expect(rejected.status == 1, "\(rejected.all)")
    }

    @Test("GitHub workflows: permissions, timeouts, concurrency, no cache, teardown always, verify, summary, artifact")
    func githubWorkflows() throws {
        for file in Self.github {
            let workflow = try yaml(file)
            let text = try String(contentsOf: Self.templates.appendingPathComponent(file), encoding: .utf8)
            #expect((workflow["permissions"] as? [String: Any])?["contents"] as? String == "read", "\(file)")
            let concurrency = try #require(workflow["concurrency"] as? [String: Any], "\(file)")
            #expect(concurrency["group"] is String, "\(file)")
            #expect(!text.contains("actions/cache"), "\(file): never a cache for keys or the ledger")
            let jobs = try #require(workflow["jobs"] as? [String: Any], "\(file)")
            for (name, value) in jobs {
                let job = try #require(value as? [String: Any])
                #expect(job["timeout-minutes"] is Int, "\(file) \(name)")
                let steps = try #require(job["steps"] as? [[String: Any]], "\(file) \(name)")
                let runs = steps.compactMap { $0["run"] as? String }
                let provision = try #require(runs.first { $0.contains("cleanroom provision") }, "\(file) \(name)")
                #expect(provision.contains("--github-env"), "\(file): provisioning hands DATABASE_URL over masked")
                #expect(
                    runs.contains { $0.contains("cleanroom evidence verify") && $0.contains("--check-target-env") },
                    "\(file): the target URL, password included, is read from the environment")
                #expect(!runs.contains { $0.contains("--check-target ") }, "\(file): no password in arguments")
                let teardown = try #require(
                    steps.first { ($0["run"] as? String)?.contains("cleanroom teardown") == true })
                #expect(teardown["if"] as? String == "always()", "\(file)")
                #expect((teardown["run"] as? String)?.contains("--if-exists") == true, "\(file)")
                #expect(runs.contains { $0.contains("GITHUB_STEP_SUMMARY") }, "\(file): a job summary")
                let upload = try #require(
                    steps.first { ($0["uses"] as? String)?.hasPrefix("actions/upload-artifact") == true })
                let paths = try #require((upload["with"] as? [String: Any])?["path"] as? String)
                #expect(paths.contains("report.html") && paths.contains(".cleanroom/evidence/"), "\(file)")
                let uploaded = paths.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                #expect(
                    !uploaded.contains {
                        $0 == ".cleanroom" || $0 == ".cleanroom/"
                            || ($0.hasPrefix(".cleanroom/keys") && !$0.hasSuffix(".pub"))
                    },
                    "\(file): no private key uploaded")
                // Secrets that sign or administer reach only the steps that provision and tear down.
                let jobEnvironment = job["env"] as? [String: Any] ?? [:]
                #expect(
                    !jobEnvironment.values.contains { "\($0)".contains("secrets.") }, "\(file): no secret at job level")
                for step in steps where (step["env"] as? [String: Any])?["CLEANROOM_SIGNING_KEY"] != nil {
                    let run = step["run"] as? String ?? ""
                    #expect(
                        run.contains("cleanroom provision") || run.contains("cleanroom teardown"), "\(file): \(run)")
                    #expect(run.contains("trap 'rm -f"), "\(file): the key file is removed when the step ends")
                }
                // A ledger that is pushed is verified first: the tests could have written it.
                if let push = runs.first(where: { $0.contains("git push") }) {
                    #expect(push.contains("cleanroom evidence verify --key-fingerprint"), "\(file)")
                }
            }
        }
        // The self-contained one needs no secrets and has its own database service.
        let selfContained = try String(
            contentsOf: Self.templates.appendingPathComponent(Self.github[1]), encoding: .utf8)
        #expect(!selfContained.contains("secrets."))
        let job = try #require((try yaml(Self.github[1])["jobs"] as? [String: Any])?.values.first as? [String: Any])
        #expect((job["services"] as? [String: Any])?["postgres"] != nil)
    }

    @Test("GitLab example: provisioning on its own line, teardown in after_script, artifacts always")
    func gitlabPipeline() throws {
        let pipeline = try yaml(Self.gitlab)
        let job = try #require(pipeline["masked-database"] as? [String: Any])
        let script = try #require(job["script"] as? [String])
        #expect(script.contains { $0.hasPrefix("out=$(cleanroom provision ") && !$0.contains("&&") })
        let after = try #require(job["after_script"] as? [String])
        #expect(after.contains { $0.contains("cleanroom teardown") && $0.contains("--if-exists") })
        #expect((job["artifacts"] as? [String: Any])?["when"] as? String == "always")
        #expect(job["timeout"] is String && job["services"] is [Any])
    }
}
