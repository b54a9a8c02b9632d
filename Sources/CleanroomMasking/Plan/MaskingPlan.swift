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
    private let registry = UniqueRegistry()

    /// Compiles every table once, so malformed parameters (a JSON path, an FF1 alphabet) fail before
    /// any row moves.
    public init(rules validated: ValidatedRules, key: MaskingKey, vocabulary: TokenVocabulary? = nil) throws {
        self.validated = validated
        self.key = key
        self.vocabulary = vocabulary
        for table in validated.tables { _ = try masker(for: table) }
    }

    /// A fresh masker for `table` (counters start at zero).
    public func masker(for table: PlannedTable) throws -> TableMasker {
        var index: [String: Int] = [:]
        for (i, c) in table.columns.enumerated() { index[c.column.name] = i }
        let domains = Dictionary(
            table.columns.map { ($0.column.name, $0.domain) }, uniquingKeysWith: { first, _ in first })
        let tableName = table.table.name
        let domainOf: @Sendable (String) -> String = { name in domains[name] ?? "\(tableName).\(name)" }
        let operations = try table.columns.map { planned -> TableMasker.Operation in
            let location = planned.rule.location
            let context = CompileContext(
                key: key, registry: registry, domain: planned.domain, unique: planned.rule.unique,
                maximumLength: planned.column.maximumLength, columnIndex: index, domainOf: domainOf,
                vocabulary: vocabulary)
            do {
                return try planned.rule.transform.transform.compile(context).operation
            } catch MaskingError.malformedJSONPath(nil, let path, let reason) {
                throw MaskingError.malformedJSONPath(location, path: path, reason: reason)
            } catch let failure as TransformFailure {
                throw MaskingError.invalidParameter(
                    location, transform: planned.rule.transform.name, message: failure.reason)
            }
        }
        return TableMasker(planned: table, operations: operations)
    }
}
