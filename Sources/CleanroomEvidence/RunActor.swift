import Foundation

/// Who ran a command: the operating-system user, and the CI job when it ran in one (A 8.33's audit
/// trail asks "who, when"). Recorded in every statement the CLI signs (`RunHeader.actor`); absent in
/// statements written before it and in those a library caller records without one.
///
/// Only identity variables are read, never tokens: see `CIIdentity.detect`.
public struct RunActor: Codable, Sendable, Hashable {
    /// The effective user's login name (from the password database, else `$USER`), or `uid N`.
    public var user: String
    /// The CI job, when the standard variables of a known CI system are set.
    public var ci: CIIdentity?

    public init(user: String, ci: CIIdentity? = nil) {
        self.user = user
        self.ci = ci
    }

    /// The actor of this process: its effective user and the CI job `environment` describes.
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> RunActor {
        RunActor(user: userName(environment: environment), ci: CIIdentity.detect(environment))
    }

    /// One line for people, e.g. `alice` or `runner (GitHub Actions: octocat, run 42 of acme/shop)`.
    public var summary: String {
        guard let ci else { return user }
        return "\(user) (\(ci.summary))"
    }

    private static func userName(environment: [String: String]) -> String {
        let uid = geteuid()
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name, !String(cString: name).isEmpty {
            return String(cString: name)
        }
        return environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "uid \(uid)"
    }
}

/// A CI job, from the variables its system sets for every job.
public struct CIIdentity: Codable, Sendable, Hashable {
    /// The CI system, e.g. `github-actions`, `gitlab-ci`.
    public var system: String
    /// Who triggered the job (the system's user login), when it says.
    public var actor: String?
    /// The run, pipeline or job id.
    public var runID: String?
    /// The repository or project the job belongs to.
    public var repository: String?
    /// A link to the job, when the variables allow building one.
    public var url: String?

    public init(
        system: String, actor: String? = nil, runID: String? = nil, repository: String? = nil, url: String? = nil
    ) {
        self.system = system
        self.actor = actor
        self.runID = runID
        self.repository = repository
        self.url = url
    }

    /// e.g. `GitHub Actions: octocat, run 42 of acme/shop`.
    public var summary: String {
        let name = Self.systems.first { $0.id == system }?.name ?? system
        var parts: [String] = []
        if let actor { parts.append(actor) }
        if let runID {
            parts.append("run \(runID)" + (repository.map { " of \($0)" } ?? ""))
        } else if let repository {
            parts.append(repository)
        }
        return parts.isEmpty ? name : "\(name): \(parts.joined(separator: ", "))"
    }

    /// The job described by `environment`, or nil outside a known CI system. The plain `CI=true`
    /// that many systems set names no one, so alone it is not an identity.
    public static func detect(_ environment: [String: String]) -> CIIdentity? {
        func value(_ name: String) -> String? {
            environment[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        for system in systems where system.markers.contains(where: { value($0) != nil }) {
            let runID = system.runID.lazy.compactMap(value).first
            let repository = system.repository.lazy.compactMap(value).first
            return CIIdentity(
                system: system.id, actor: system.actor.lazy.compactMap(value).first, runID: runID,
                repository: repository, url: system.url(value))
        }
        return nil
    }

    /// The variables of each CI system, as its documentation names them.
    private struct System: Sendable {
        var id: String
        var name: String
        /// Any of these set means the job runs in this system.
        var markers: [String]
        /// Candidates, first set wins.
        var actor: [String]
        var runID: [String]
        var repository: [String]
        var url: @Sendable (_ value: (String) -> String?) -> String?
    }

    private static let systems: [System] = [
        System(
            id: "github-actions", name: "GitHub Actions", markers: ["GITHUB_ACTIONS"],
            actor: ["GITHUB_ACTOR"], runID: ["GITHUB_RUN_ID"],
            repository: ["GITHUB_REPOSITORY"]
        ) { value in
            guard let server = value("GITHUB_SERVER_URL"), let repository = value("GITHUB_REPOSITORY"),
                let run = value("GITHUB_RUN_ID")
            else { return nil }
            return "\(server)/\(repository)/actions/runs/\(run)"
        },
        System(
            id: "gitlab-ci", name: "GitLab CI", markers: ["GITLAB_CI"], actor: ["GITLAB_USER_LOGIN"],
            runID: ["CI_JOB_ID"], repository: ["CI_PROJECT_PATH"]
        ) { $0("CI_JOB_URL") },
        System(
            id: "buildkite", name: "Buildkite", markers: ["BUILDKITE"],
            actor: ["BUILDKITE_BUILD_CREATOR_EMAIL", "BUILDKITE_BUILD_CREATOR"], runID: ["BUILDKITE_BUILD_ID"],
            repository: ["BUILDKITE_PIPELINE_SLUG"]
        ) { $0("BUILDKITE_BUILD_URL") },
        System(
            id: "circleci", name: "CircleCI", markers: ["CIRCLECI"], actor: ["CIRCLE_USERNAME"],
            runID: ["CIRCLE_WORKFLOW_ID", "CIRCLE_BUILD_NUM"], repository: ["CIRCLE_PROJECT_REPONAME"]
        ) { $0("CIRCLE_BUILD_URL") },
        System(
            id: "azure-pipelines", name: "Azure Pipelines", markers: ["TF_BUILD"],
            actor: ["BUILD_REQUESTEDFOREMAIL", "BUILD_REQUESTEDFOR"], runID: ["BUILD_BUILDID"],
            repository: ["BUILD_REPOSITORY_NAME"]
        ) { _ in nil },
        System(
            id: "jenkins", name: "Jenkins", markers: ["JENKINS_URL"], actor: ["BUILD_USER_ID"],
            runID: ["BUILD_TAG", "BUILD_NUMBER"], repository: ["JOB_NAME"]
        ) { $0("BUILD_URL") },
    ]
}
