/// The names an environment's things carry, all derived from the environment's name and its
/// template's label prefix so that every database, role and file says what it is:
///
/// | thing | name |
/// | --- | --- |
/// | PostgreSQL database | `<prefix><name>`, e.g. `cr_ci-42` |
/// | its owner role | `<prefix><name>_owner` |
/// | golden database of template T | registry name `golden_T`, database `<prefix>golden_T` |
/// | SQLite environment | `DIR/<prefix><name>.sqlite` |
public enum EnvironmentName {
    /// The longest environment or template name: with a 10-character prefix and `_owner`, a role name
    /// stays within PostgreSQL's 63 bytes.
    public static let maximumLength = 40
    /// Registry names starting with this belong to golden databases.
    public static let goldenPrefix = "golden_"

    /// Checks a name given with `--name`.
    /// - Throws: `ProvisioningError.invalidName` saying what is allowed.
    public static func validate(_ name: String) throws {
        try validateShape(name)
        if name.hasPrefix(goldenPrefix) {
            throw ProvisioningError.invalidName(
                name, reason: "names starting with \(goldenPrefix) are reserved for golden databases")
        }
    }

    /// Checks a template's name (it becomes part of its golden database's name).
    static func validateTemplateName(_ name: String) throws {
        try validateShape(name)
    }

    private static func validateShape(_ name: String) throws {
        guard !name.isEmpty, name.utf8.count <= maximumLength else {
            throw ProvisioningError.invalidName(name, reason: "use 1 to \(maximumLength) characters")
        }
        guard let first = name.unicodeScalars.first, isLowerAlnum(first),
            name.unicodeScalars.allSatisfy({ isLowerAlnum($0) || $0 == "-" || $0 == "_" })
        else {
            throw ProvisioningError.invalidName(
                name, reason: "use lower-case letters, digits, - and _, starting with a letter or digit")
        }
    }

    /// Whether `prefix` can start database and role names.
    static func isValidPrefix(_ prefix: String) -> Bool {
        guard let first = prefix.unicodeScalars.first, ("a"..."z").contains(first), prefix.utf8.count <= 10 else {
            return false
        }
        return prefix.unicodeScalars.allSatisfy { isLowerAlnum($0) || $0 == "_" }
    }

    private static func isLowerAlnum(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("0"..."9").contains(c)
    }

    /// The registry name of a template's golden database.
    public static func golden(of template: String) -> String {
        goldenPrefix + template
    }

    /// The database (or file stem) of the environment `name` under `prefix`.
    public static func database(_ name: String, prefix: String) -> String {
        prefix + name
    }

    /// The owner role of the environment `name` under `prefix`.
    public static func ownerRole(_ name: String, prefix: String) -> String {
        prefix + name + "_owner"
    }
}
