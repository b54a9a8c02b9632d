import CleanroomCore

/// Validated rules compiled under a key: one `TableMasker` factory per copied table.
///
/// ```swift
/// let rules = try RulesParser.load(path: "masking-rules/pagila.yaml")
/// let plan = try MaskingPlan(rules: RulesValidator.validate(rules, against: schema), key: key)
/// let masker = try plan.masker(for: table)   // one per table and thread
/// ```
public struct MaskingPlan: Sendable {
    public let validated: ValidatedRules
    public let key: MaskingKey
    /// The run vocabulary `redact` finds names by, when the run learnt one (`TokenVocabulary`).
    public let vocabulary: TokenVocabulary?
    /// The inputs of `unique: true` columns that re-draw after a collision (none until the run's
    /// pre-pass found them: `UniquePass` in the pipeline).
    public let uniqueDraws: UniqueDraws

    /// Compiles every table once, so malformed parameters (a JSON path, an FF1 alphabet) fail before
    /// any row moves.
    public init(
        rules validated: ValidatedRules, key: MaskingKey, vocabulary: TokenVocabulary? = nil,
        uniqueDraws: UniqueDraws = UniqueDraws()
    ) throws {
        self.validated = validated
        self.key = key
        self.vocabulary = vocabulary
        self.uniqueDraws = uniqueDraws
        for table in validated.tables { _ = try masker(for: table) }
    }

    /// A fresh masker for `table` (counters start at zero).
    public func masker(for table: PlannedTable) throws -> TableMasker {
        TableMasker(planned: table, operations: try compile(table).map(\.operation))
    }

    /// The keyed draws of `table`'s `unique: true` columns whose collisions `uniqueDraws` resolves
    /// (`hash` and `fake`; `fpe` is a permutation and needs none), by column index in the plan.
    public func uniqueDraws(for table: PlannedTable) throws -> [(column: Int, draw: KeyedDraw)] {
        try compile(table).enumerated().compactMap { i, compiled in compiled.uniqueDraw.map { (i, $0) } }
    }

    /// Every column of `table` compiled under the key.
    private func compile(_ table: PlannedTable) throws -> [CompiledTransform] {
        var index: [String: Int] = [:]
        for (i, c) in table.columns.enumerated() { index[c.column.name] = i }
        let domains = Dictionary(
            table.columns.map { ($0.column.name, $0.domain) }, uniquingKeysWith: { first, _ in first })
        let tableName = table.table.name
        let domainOf: @Sendable (String) -> String = { name in domains[name] ?? "\(tableName).\(name)" }
        return try table.columns.map { planned -> CompiledTransform in
            let location = planned.rule.location
            let context = CompileContext(
                key: key, uniqueDraws: uniqueDraws, domain: planned.domain, unique: planned.rule.unique,
                maximumLength: planned.column.maximumLength, columnIndex: index, domainOf: domainOf,
                vocabulary: vocabulary)
            do {
                return try planned.rule.transform.transform.compile(context)
            } catch MaskingError.malformedJSONPath(nil, let path, let reason) {
                throw MaskingError.malformedJSONPath(location, path: path, reason: reason)
            } catch let failure as TransformFailure {
                throw MaskingError.invalidParameter(
                    location, transform: planned.rule.transform.name, message: failure.reason)
            }
        }
    }
}
