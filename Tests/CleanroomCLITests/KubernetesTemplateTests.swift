import Foundation
import TestSupport
import Testing
import Yams

/// templates/kubernetes/: valid Kubernetes objects by the schemas kubernetes-validate ships (strict:
/// no unknown field; scripts/test.sh installs it pinned, and under `CLEANROOM_TEST_REQUIRE_PYTHON=1`
/// its absence fails instead of skipping), and holding what their README and docs/scale-out.md say.
@Suite("Kubernetes templates")
struct KubernetesTemplateTests {
    static let folder = TestPaths.repositoryRoot.appendingPathComponent("templates/kubernetes")
    static let files = ["00-base.yaml", "01-plan-job.yaml", "02-shards-job.yaml", "03-finish-job.yaml"]
    /// The oldest Kubernetes in which `backoffLimitPerIndex` is generally available.
    static let kubernetesVersion = "1.33.0"
    static let validatorInstalled =
        (try? Subprocess.run(["python3", "-m", "kubernetes_validate", "--version"]))?.status == 0
    static let required = ProcessInfo.processInfo.environment["CLEANROOM_TEST_REQUIRE_PYTHON"] == "1"

    static func validate(_ paths: [String]) throws -> Subprocess.Outcome {
        try Subprocess.run(
            ["python3", "-m", "kubernetes_validate", "--strict", "--quiet", "-k", kubernetesVersion] + paths)
    }

    static func text(_ file: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
    }

    /// Every object in `file`.
    static func objects(_ file: String) throws -> [[String: Any]] {
        try Yams.load_all(yaml: text(file)).compactMap { $0 as? [String: Any] }
    }

    static func podSpec(_ file: String) throws -> [String: Any] {
        let job = try #require(try objects(file).first)
        let spec = try #require(job["spec"] as? [String: Any])
        let template = try #require(spec["template"] as? [String: Any])
        return try #require(template["spec"] as? [String: Any])
    }

    @Test(
        "the schema accepts every manifest and rejects a Job with a field Kubernetes does not know",
        .enabled(if: validatorInstalled || required))
    func schema() throws {
        #expect(Self.validatorInstalled, "python3 -m kubernetes_validate is not installed")
        let outcome = try Self.validate(Self.files.map { Self.folder.appendingPathComponent($0).path })
        #expect(outcome.status == 0, "\(outcome.all)")
        let folder = try TestPaths.temporaryDirectory("cleanroom-k8s-schema")
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = folder.appendingPathComponent("broken.yaml")
        try Self.text("02-shards-job.yaml").replacingOccurrences(of: "backoffLimitPerIndex:", with: "retriesPerIndex:")
            .write(to: broken, atomically: true, encoding: .utf8)
        let rejected = try Self.validate([broken.path])
        #expect(rejected.status != 0, "\(rejected.all)")
    }

    @Test("an Indexed Job of as many pods as the plan has shards, each retried on its own")
    func indexedJob() throws {
        let job = try #require(try Self.objects("02-shards-job.yaml").first)
        let spec = try #require(job["spec"] as? [String: Any])
        #expect(spec["completionMode"] as? String == "Indexed")
        #expect(spec["backoffLimitPerIndex"] as? Int ?? 0 > 0)
        let completions = try #require(spec["completions"] as? Int)
        #expect(spec["parallelism"] as? Int == completions)
        let planArgs = try #require(
            (try Self.podSpec("01-plan-job.yaml")["containers"] as? [[String: Any]])?.first?["args"] as? [String])
        #expect(planArgs.contains("--shards=\(completions)"), "plan --shards equals the Job's completions")
        let args = try #require(
            (try Self.podSpec("02-shards-job.yaml")["containers"] as? [[String: Any]])?.first?["args"] as? [String])
        #expect(Array(args.prefix(2)) == ["shard", "run"] && !args.contains { $0.hasPrefix("--index") })
    }

    @Test("keys only as files from Secrets, a ServiceAccount without API access, resources on every container")
    func secretsAndPermissions() throws {
        let base = try Self.objects("00-base.yaml")
        let account = try #require(base.first { $0["kind"] as? String == "ServiceAccount" })
        #expect(account["automountServiceAccountToken"] as? Bool == false)
        for file in Self.files {
            let kinds = try Self.objects(file).compactMap { $0["kind"] as? String }
            #expect(
                !kinds.contains { ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"].contains($0) }, "\(file)"
            )
            guard file != "00-base.yaml" else { continue }
            let pod = try Self.podSpec(file)
            #expect(pod["serviceAccountName"] as? String == "cleanroom", "\(file)")
            #expect(pod["automountServiceAccountToken"] as? Bool == false, "\(file)")
            let containers =
                (pod["containers"] as? [[String: Any]] ?? []) + (pod["initContainers"] as? [[String: Any]] ?? [])
            for container in containers {
                let env = (container["env"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                #expect(Set(env).isSubset(of: ["PGPASSFILE", "TMPDIR"]), "\(file): no secret in the environment")
                #expect(!"\(container)".contains("valueFrom"), "\(file): nothing from a Secret into the environment")
                let resources = try #require(container["resources"] as? [String: Any], "\(file)")
                #expect(resources["requests"] != nil && resources["limits"] != nil, "\(file)")
            }
            let volumes = pod["volumes"] as? [[String: Any]] ?? []
            let secrets = volumes.compactMap { ($0["secret"] as? [String: Any])?["secretName"] as? String }
            #expect(secrets.contains("cleanroom-masking-key"), "\(file)")
            #expect(secrets.contains("cleanroom-signing-key"), "\(file): each Job signs evidence")
            let args = (containers.first?["args"] as? [String]) ?? []
            #expect(args.contains("--key-file=/secrets/masking.key"), "\(file)")
            #expect(args.contains("--signing-key=/secrets/signing.key"), "\(file)")
        }
    }

    @Test("the README applies the manifests in order")
    func readme() throws {
        let readme = try Self.text("README.md")
        let positions = try Self.files.map { file in
            try #require(readme.range(of: "kubectl apply -f \(file)")?.lowerBound, "\(file)")
        }
        #expect(positions == positions.sorted())
    }
}
