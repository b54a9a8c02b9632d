/// SQL boolean conditions joined with `AND`, each in parentheses, so a condition with `OR` in it keeps
/// its meaning: how a table's `where:`, a subset root's predicate and the closure's tests combine, in
/// the run's reads and in `check`'s trial of a predicate alike.
public enum SQLConjunction {
    /// The present conditions joined; nil when none is.
    public static func of(_ conditions: [String?]) -> String? {
        let present = conditions.compactMap { $0 }
        return present.isEmpty ? nil : present.map { "(\($0))" }.joined(separator: " AND ")
    }
}
