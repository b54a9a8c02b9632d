import CleanroomConnectors
import CleanroomCore
import CleanroomMasking

/// The run vocabulary's pre-pass (`MaskRun.plan`): before any table is copied, reads the source
/// columns masked as names, e-mail addresses, usernames or street lines (`VocabularyFeed`) and learns
/// their words, so that `redact` in any table can replace a customer's surname that no name list
/// knows, and the leak probe can look for those words in kept text (`TokenAudit`).
enum VocabularyPass {
    /// A table's columns that feed the vocabulary: their index in the plan's columns and how.
    struct Feeding: Sendable {
        var table: PlannedTable
        var columns: [(index: Int, feed: VocabularyFeed)]
    }

    /// The copied tables' feeding columns.
    static func feedings(_ validated: ValidatedRules) -> [Feeding] {
        validated.tables.compactMap { table in
            guard table.rule.copyRows else { return nil }
            let columns = table.columns.enumerated().compactMap { i, column in
                VocabularyFeed.of(column).map { (index: i, feed: $0) }
            }
            return columns.isEmpty ? nil : Feeding(table: table, columns: columns)
        }
    }

    /// Whether a column uses the vocabulary: `redact` with names, or an output the token probe reads.
    static func uses(_ validated: ValidatedRules) -> Bool {
        validated.tables.contains { table in
            table.rule.copyRows
                && table.columns.contains { column in
                    if let redact = column.rule.transform.transform as? RedactTransform,
                        redact.classes.contains(.name)
                    {
                        return true
                    }
                    return !table.rule.isReference && ProbePolicy.checksOutput(column)
                }
        }
    }

    /// The vocabulary of the run, or nil when no column feeds it or none uses it.
    static func learn(
        _ validated: ValidatedRules, key: MaskingKey, source: any SourceConnection, jobs: Int,
        observer: (any MaskObserver)?
    ) throws -> TokenVocabulary? {
        let feedings = feedings(validated)
        guard !feedings.isEmpty, uses(validated) else { return nil }
        let expected = feedings.reduce(0) { sum, feeding in
            sum + (source.estimatedRowCount(of: feeding.table.table) ?? 10_000) * feeding.columns.count * 2
        }
        let vocabulary = TokenVocabulary(key: key, expectedWords: expected)
        let columns = feedings.reduce(0) { $0 + $1.columns.count }
        observer?.phase(
            "learning the run vocabulary from \(columns) masked name, e-mail, username and street column(s)")
        _ = try ParallelWork.map(feedings.count, jobs: jobs, name: "cleanroom-vocabulary") { i in
            try learn(feedings[i], from: source, into: vocabulary)
        }
        return vocabulary
    }

    /// Reads one table's feeding columns and adds their words.
    private static func learn(
        _ feeding: Feeding, from source: any SourceConnection, into vocabulary: TokenVocabulary
    ) throws {
        var keys: [UInt64] = []
        var words: [UInt64] = []
        var recent = RecentKeys()
        let columns = feeding.columns.map { feeding.table.columns[$0.index].column }
        try SourceValues.forEach(
            columns, of: feeding.table, in: source,
            batchDone: {
                vocabulary.learn(keys)
                keys.removeAll(keepingCapacity: true)
            }
        ) { i, value in
            words.removeAll(keepingCapacity: true)
            vocabulary.keys(of: value, feed: feeding.columns[i].feed, into: &words)
            for word in words where recent.isNew(word) { keys.append(word) }
        }
    }
}
