import CleanroomCore

/// What a source can do, for a run to ask instead of testing its kind: a new connector states its
/// traits and the pipeline needs no edit.
public struct SourceTraits: Sendable, Equatable {
    /// The schema of a table named without one (`public` on PostgreSQL, `main` in SQLite and in a
    /// directory of files).
    public var defaultSchema: String
    /// How the source prints values as COPY text, when that is fixed; nil when it promises nothing.
    /// A target that prints the same way gives written values back as they were (`TargetTraits`).
    public var printForms: PrintForms?
    /// Whether the source is a database on a server where environments can be created beside it,
    /// so that the guards about a shared server (could a role there reach the source?) apply.
    public var isServer: Bool
    /// The SQL its row filters (`where:`, a subset's selections) and read expressions are written in;
    /// nil for a source that reads only whole files.
    public var sqlDialect: SQLDialect?

    public init(defaultSchema: String, printForms: PrintForms?, isServer: Bool, sqlDialect: SQLDialect? = nil) {
        self.defaultSchema = defaultSchema
        self.printForms = printForms
        self.isServer = isServer
        self.sqlDialect = sqlDialect
    }
}

/// What a target can do, for a run to ask instead of testing its kind.
public struct TargetTraits: Sendable, Equatable {
    /// Whether the post-data step (indexes, constraints, triggers) may run while the loaded rows are
    /// read back and probed: so on PostgreSQL, where it leaves the rows as they are and each
    /// statement holds its table's locks only while it runs; not for a SQLite file, locked while
    /// its indexes are written.
    public var finalizesWhileVerifying: Bool
    /// How the target prints back the values loaded into it; nil when it promises nothing.
    public var printForms: PrintForms?

    public init(finalizesWhileVerifying: Bool, printForms: PrintForms?) {
        self.finalizesWhileVerifying = finalizesWhileVerifying
        self.printForms = printForms
    }

    /// The forms in which rows read from `source` and written here print back, so that a table's
    /// digest can be taken from the written rows instead of a second read; nil unless the source
    /// and the target print values the same way (a kept value is then printed back as it was read).
    public func printsBack(from source: SourceTraits) -> PrintForms? {
        guard let printForms, source.printForms == printForms else { return nil }
        return printForms
    }
}
