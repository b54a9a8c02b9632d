/// What an environment is for (A 8.31). Cleanroom provisions development and test environments only;
/// `production` can be written in a template so that the guard refuses it loudly.
public enum Classification: String, Sendable, CaseIterable {
    case development
    case test
    case production
}

/// Whether environments of a template share the masking key or each get a key of their own.
public enum KeyScope: String, Sendable, CaseIterable {
    /// Every environment masks with the master key: the same input gives the same output everywhere.
    case shared
    /// Each environment masks with `MaskingKey.scoped(to: name)`, so environments cannot be linked.
    case perEnvironment = "per-environment"
}
