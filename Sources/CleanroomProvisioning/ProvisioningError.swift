import CleanroomCore

/// Failures of templates, guards, the registry and environment life cycles. Messages name the
/// template file and line, the environment and the guard concerned, and never carry a password.
public enum ProvisioningError: CleanroomError, Equatable {
    /// The template is not valid YAML or not of the expected shape.
    case templateSyntax(SourceLocation, String)
    /// No template of that name in the folders searched.
    case templateNotFound(name: String, searched: [String])
    /// `${NAME}` in a template with no such environment variable and no `:-default`.
    case undefinedVariable(SourceLocation, variable: String)
    /// An environment name Cleanroom cannot use for a database, role or file.
    case invalidName(String, reason: String)
    /// A guard refused the provision (A 8.31 / A 8.33).
    case guardRefused(guard: String, environment: String, detail: String)
    /// No registry knows an environment of that name.
    case environmentNotFound(name: String, registries: [String])
    /// More than one registry knows the name; `--template` tells them apart.
    case ambiguousEnvironment(name: String, registries: [String])
    /// A teardown of an environment that another process is still creating.
    case stillProvisioning(environment: String, expiresAt: String)
    /// A clone needs the signed statement of its golden database, which the ledger does not hold.
    case goldenEvidenceMissing(golden: String, ledger: String, reason: String)
    /// Something a step found in the database that it will not change (a role or file it did not create).
    case conflictingObject(environment: String, message: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .guardRefused, .stillProvisioning: return .guardRefused
        case .conflictingObject: return .runFailed
        default: return .usage
        }
    }

    public var description: String {
        switch self {
        case .templateSyntax(let location, let message):
            return "\(location): \(message)"
        case .templateNotFound(let name, let searched):
            return
                "no template '\(name)': looked for \(searched.joined(separator: ", ")); pass a template file path or --templates DIR"
        case .undefinedVariable(let location, let variable):
            return
                "\(location): environment variable \(variable) is not set (write ${\(variable):-default} for a default)"
        case .invalidName(let name, let reason):
            return "invalid environment name '\(name)': \(reason)"
        case .guardRefused(let name, let environment, let detail):
            return "guard \(name) refused environment \(environment): \(detail)"
        case .environmentNotFound(let name, let registries):
            let searched =
                registries.isEmpty ? "no registry could be read" : "searched \(registries.joined(separator: ", "))"
            return
                "no environment '\(name)' in the registries of the templates (\(searched)); `cleanroom envs` lists them"
        case .ambiguousEnvironment(let name, let registries):
            return
                "environment '\(name)' is in several registries (\(registries.joined(separator: ", "))); name its template with --template"
        case .stillProvisioning(let environment, let expiresAt):
            return
                "environment \(environment) is still being provisioned; if that run died, `cleanroom gc` removes it after it expires (\(expiresAt))"
        case .goldenEvidenceMissing(let golden, let ledger, let reason):
            return
                "cannot clone \(golden): its signed statement is not usable in \(ledger) (\(reason)); provision with the ledger that built it, or rebuild it with --refresh-golden"
        case .conflictingObject(let environment, let message):
            return "environment \(environment): \(message)"
        }
    }
}
