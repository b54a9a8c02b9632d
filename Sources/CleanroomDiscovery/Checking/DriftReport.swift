import CleanroomCore

/// What `cleanroom check` found when it compared a rules file with the live source.
public struct DriftReport: Sendable, Encodable {
    /// The rules file as given.
    public var rulesPath: String
    /// The source as given (no password).
    public var source: String
    /// With `--strict`, kept columns that look personal, and subset roots in cycles, are fatal.
    public var strict: Bool
    /// Every finding, in the order: tables, columns, types, personal data, other problems.
    public var items: [DriftItem]

    /// 2 when the rules have configuration problems; 3 when the schema drifted from the rules (a
    /// column without a rule, a rule without a column, a changed type), when the sample shows that
    /// `mask` would fail its leak probe, or, with `strict`, a kept column looks personal or a subset
    /// root is in a cycle; else 0.
    public var exitStatus: ExitStatus {
        if items.contains(where: { $0.kind == .problem }) { return .usage }
        if items.contains(where: {
            $0.kind.isDrift || $0.kind == .leakProbe
                || (strict && ($0.kind == .keptLooksPersonal || $0.kind == .subsetCycle))
        }) {
            return .guardRefused
        }
        return .ok
    }

    /// Columns of the source that no rule covers, as `schema.table.column`.
    public var uncoveredColumns: [String] {
        items.filter { $0.kind == .newColumn || $0.kind == .renamedColumn }.map(\.subject)
    }

    /// Items of one kind.
    public func items(_ kind: DriftItem.Kind) -> [DriftItem] {
        items.filter { $0.kind == kind }
    }

    enum CodingKeys: String, CodingKey { case rules, source, strict, exitStatus, items }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rulesPath, forKey: .rules)
        try c.encode(source, forKey: .source)
        try c.encode(strict, forKey: .strict)
        try c.encode(exitStatus.rawValue, forKey: .exitStatus)
        try c.encode(items, forKey: .items)
    }
}

/// One difference between the rules and the source, or one problem with the rules.
public struct DriftItem: Sendable, Encodable, Equatable {
    public enum Kind: String, Sendable, Encodable {
        /// A table of the source that the rules do not name.
        case newTable = "new_table"
        /// A table the rules name that the source no longer has.
        case removedTable = "removed_table"
        /// A removed table and a new one with the same columns.
        case renamedTable = "renamed_table"
        /// A column of the source without a rule.
        case newColumn = "new_column"
        /// A column the rules name that the source no longer has.
        case removedColumn = "removed_column"
        /// A removed column and a new one of the same type in the same table.
        case renamedColumn = "renamed_column"
        /// A column whose type differs from the one in `types:`.
        case typeChanged = "type_changed"
        /// A column the rules keep whose sampled values now look personal.
        case keptLooksPersonal = "kept_looks_personal"
        /// An output column whose sampled values hold values or words of a masked column: `mask` would
        /// fail its leak probe (`SampleProbe`).
        case leakProbe = "leak_probe"
        /// A root of the `subset:` inside a cycle of cut tables: rows its predicate selects may be
        /// left out, unless a `break:` keeps them (`SubsetCheck`). Reported; fatal with `--strict`.
        case subsetCycle = "subset_cycle"
        /// Any other problem the rules validation reports (wrong transform for a type, foreign keys
        /// masked differently …).
        case problem

        /// Whether the kind is schema drift, which the gate refuses (exit 3).
        public var isDrift: Bool {
            switch self {
            case .keptLooksPersonal, .leakProbe, .subsetCycle, .problem: return false
            default: return true
            }
        }
    }

    public var kind: Kind
    /// The table or column concerned, `schema.table[.column]`; for a rename, the new name.
    public var subject: String
    /// One line for a person to act on.
    public var message: String
}
