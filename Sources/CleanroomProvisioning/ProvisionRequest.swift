import CleanroomMasking
import CleanroomPipeline
import Foundation

/// What to provision: an environment `name` from `template`.
public struct ProvisionRequest: Sendable {
    public var template: EnvironmentTemplate
    /// The environment's name (`--name`).
    public var name: String
    /// Overrides the template's TTL.
    public var ttl: TimeToLive?
    /// The authorisation reference (ticket, change number) for this copy.
    public var authorization: String?
    /// Rebuild the template's golden database before cloning.
    public var refreshGolden: Bool
    /// The master masking key (scoped per environment when the template says so).
    public var key: MaskingKey
    /// Values for `${VARIABLES}` in the template (normally the process environment).
    public var variables: [String: String]
    /// Tables copied at once when masking.
    public var jobs: Int
    /// Progress of the masking run, if any.
    public var observer: (any MaskObserver)?

    public init(
        template: EnvironmentTemplate, name: String, ttl: TimeToLive? = nil, authorization: String? = nil,
        refreshGolden: Bool = false, key: MaskingKey, variables: [String: String] = ProcessInfo.processInfo.environment,
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount, observer: (any MaskObserver)? = nil
    ) {
        self.template = template
        self.name = name
        self.ttl = ttl
        self.authorization = authorization
        self.refreshGolden = refreshGolden
        self.key = key
        self.variables = variables
        self.jobs = jobs
        self.observer = observer
    }
}

/// A provisioned environment: its registry entry, how to reach it, and how it was made.
public struct ProvisionedEnvironment: Sendable {
    /// Its registry row (status `ready`).
    public var entry: RegistryEntry
    /// How to reach it.
    public var connection: EnvironmentConnection
    /// The ledger entry of its `.provision` statement.
    public var evidenceSeq: Int
    /// The golden database it was cloned from; nil when it was masked from the source.
    public var clonedFrom: String?
    /// Seconds spent building or refreshing the golden database in this run, if that happened.
    public var goldenSeconds: Double?
    /// Seconds spent loading the environment itself (masking, or cloning) and locking it down.
    public var loadSeconds: Double
    /// Seconds for the whole provision.
    public var seconds: Double
}

/// How to reach an environment. The URL with the role's password is kept apart and handed out only
/// by `urlWithPassword()`, for `--print-env`: descriptions, reflection and JSON never carry it.
public struct EnvironmentConnection: Sendable, CustomStringConvertible, CustomReflectable {
    /// The URL without a password, fit for logs, evidence and the registry.
    public let endpoint: String
    private let secretURL: String

    init(endpoint: String, secretURL: String) {
        self.endpoint = endpoint
        self.secretURL = secretURL
    }

    /// The URL including the role's password: for the environment's user only.
    public func urlWithPassword() -> String { secretURL }

    public var description: String { endpoint }
    public var customMirror: Mirror { Mirror(self, children: ["endpoint": endpoint]) }
}
