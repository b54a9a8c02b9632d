import CleanroomConnectors
import CleanroomCore
import Foundation

/// A recipe for environments (templates/*.yaml, see docs/templates.md): where the data comes from,
/// how it is masked, where environments are created, what they are for and how long they live.
public struct EnvironmentTemplate: Sendable {
    /// The template's name, the same as its file name without `.yaml`.
    public var name: String
    /// The file it was read from, as given.
    public var file: String
    /// A human description (optional).
    public var summary: String?
    /// The source URL, possibly with `${VARIABLES}`; resolved only by `provision`.
    public var source: TemplateSetting
    /// The rules file, resolved against the template's folder.
    public var rulesPath: String
    /// The target server: a PostgreSQL server URL or `sqlite:DIR`.
    public var target: TemplateSetting
    /// What the environments are for; `production` is refused by the guard.
    public var classification: Classification
    /// Where `classification:` is written, for guard messages.
    public var classificationLocation: SourceLocation
    /// The default lifetime of each environment.
    public var ttl: TimeToLive
    /// Whether each copy needs an authorisation reference.
    public var authorization: AuthorizationPolicy
    /// Whether environments are clones of a masked golden database (PostgreSQL only).
    public var golden: Bool
    /// When the golden copy is meant to be refreshed (free text for people and schedulers).
    public var refresh: String?
    /// Prefix of every database, role and file name, e.g. `cr_`.
    public var labelPrefix: String
    /// Whether environments share the masking key.
    public var keyScope: KeyScope

    /// The prefix used when a template names none.
    public static let defaultLabelPrefix = "cr_"
}

/// Whether copies from a template need an authorisation reference (A 8.33), and from whom.
public struct AuthorizationPolicy: Sendable, Hashable {
    /// Whether `--authorization REF` is required.
    public var required: Bool
    /// Who approves copies, named in the refusal message (e.g. "the data owner, by a DATA ticket").
    public var approver: String?
    /// Where the policy is written, for the guard's message.
    public var location: SourceLocation

    public init(required: Bool, approver: String? = nil, location: SourceLocation) {
        self.required = required
        self.approver = approver
        self.location = location
    }
}

/// A template value that may reference environment variables: `${NAME}` or `${NAME:-default}`, so that
/// hosts and passwords stay out of files.
public struct TemplateSetting: Sendable, Hashable {
    /// The text as written.
    public var text: String
    /// Where it is written.
    public var location: SourceLocation

    public init(text: String, location: SourceLocation) {
        self.text = text
        self.location = location
    }

    /// The text with every variable replaced from `variables`.
    /// - Throws: `ProvisioningError.undefinedVariable` naming the file, line and variable.
    public func resolve(_ variables: [String: String]) throws -> String {
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw ProvisioningError.templateSyntax(location, "unterminated ${ in '\(redacted)'")
            }
            let reference = rest[start.upperBound..<end]
            let (name, fallback): (Substring, Substring?) =
                reference.range(of: ":-").map {
                    (reference[..<$0.lowerBound], reference[$0.upperBound...])
                } ?? (reference, nil)
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw ProvisioningError.templateSyntax(
                    location, "'${\(reference)}' is not a variable reference; names are letters, digits and _")
            }
            if let value = variables[String(name)], !value.isEmpty {
                result += value
            } else if let fallback {
                result += fallback
            } else {
                throw ProvisioningError.undefinedVariable(location, variable: String(name))
            }
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    /// The text as written, with any URL password masked (a template should not hold one, but if it
    /// does it stays out of messages).
    var redacted: String { PostgresAddress.redact(text) }
}
