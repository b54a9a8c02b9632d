import CleanroomConnectors
import CleanroomEvidence

/// The guards a provision passes before it creates anything (A 8.31 separation, A 8.33
/// authorisation), each decision kept for the evidence. The first refusal ends the provision with
/// exit 3 and a message naming the guard.
///
/// | guard | refuses |
/// | --- | --- |
/// | `target-not-production` | a template classified `production` |
/// | `authorization-present` | no `--authorization REF` where the template requires one |
/// | `target-not-source` | an environment that would be the source (same server identity and database, or the same file) |
/// | `role-cannot-reach-source` | a same-server source that lets PUBLIC connect, so the environment's role could read it |
/// | `name-unused` | a name held in the registry by an environment that is neither erased nor failed |
struct GuardCheck {
    let environment: String
    private(set) var decisions: [GuardDecision] = []

    init(environment: String) {
        self.environment = environment
    }

    /// Records a decision, throwing `ProvisioningError.guardRefused` when it is a refusal.
    mutating func decide(_ name: String, passed: Bool, detail: String) throws {
        decisions.append(GuardDecision(name: name, decision: passed ? .passed : .refused, detail: detail))
        if !passed { throw ProvisioningError.guardRefused(guard: name, environment: environment, detail: detail) }
    }

    mutating func classification(_ template: EnvironmentTemplate) throws {
        let value = template.classification
        try decide(
            "target-not-production", passed: value != .production,
            detail: value == .production
                ? "\(template.classificationLocation): template \(template.name) is classified production; Cleanroom provisions development and test environments only"
                : "template \(template.name) is classified \(value.rawValue)")
    }

    mutating func authorization(_ template: EnvironmentTemplate, reference: String?) throws {
        let policy = template.authorization
        if let reference, !reference.isEmpty {
            try decide("authorization-present", passed: true, detail: "authorised by \(reference)")
        } else if policy.required {
            let approver = policy.approver.map { " from \($0)" } ?? ""
            try decide(
                "authorization-present", passed: false,
                detail:
                    "\(policy.location): template \(template.name) requires an authorisation reference\(approver) for every copy of operational data; pass --authorization REF (a ticket or change number)"
            )
        } else {
            try decide(
                "authorization-present", passed: true,
                detail: "template \(template.name) does not require an authorisation reference")
        }
    }

    mutating func separation(source: EndpointIdentity, target: EndpointIdentity) throws {
        try decide(
            "target-not-source", passed: source != target,
            detail: source == target
                ? "the environment \(target) would be the source itself; Cleanroom never writes into its source"
                : "environment \(target) is not the source \(source)")
    }

    /// Same-server sources must be closed to PUBLIC; sources elsewhere are out of the role's reach.
    mutating func roleIsolation(
        role: String, source: EndpointIdentity, serverIdentity: String, publicCanConnect: () throws -> Bool
    ) throws {
        let onServer = ConnectorFactory.sourceTraits(ofKind: source.kind)?.isServer == true
        guard onServer, source.server == serverIdentity else {
            try decide(
                "role-cannot-reach-source", passed: true,
                detail: "role \(role) exists only on server \(serverIdentity); the source \(source) is elsewhere")
            return
        }
        let open = try publicCanConnect()
        try decide(
            "role-cannot-reach-source", passed: !open,
            detail: open
                ? "the source database \(source.database) is on the same server and grants CONNECT to PUBLIC, so role \(role) could read it; run REVOKE CONNECT ON DATABASE \(source.database) FROM PUBLIC (granting it to the roles that need it), or provision on another server"
                : "the source database \(source.database) on this server does not grant CONNECT to PUBLIC; role \(role) has no grant on it"
        )
    }

    /// The registry claim's outcome: `holder` is the status of the environment holding the name, nil
    /// when the claim succeeded.
    mutating func nameUnused(holder: EnvironmentStatus?, registry: String) throws {
        try decide(
            "name-unused", passed: holder == nil,
            detail: holder.map {
                "the name is taken by an environment with status \($0.rawValue) in \(registry); choose another name, or `cleanroom teardown \(environment)` first"
            } ?? "claimed in \(registry)")
    }
}
