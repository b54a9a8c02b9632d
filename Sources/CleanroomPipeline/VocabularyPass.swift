import CleanroomConnectors
import CleanroomCore
import CleanroomMasking

/// The run vocabulary's share of the plan's pre-pass (`SourcePrepass`): before any table is copied,
/// the source columns masked as names, e-mail addresses, usernames or street lines (`VocabularyFeed`)
/// are read and their words learnt, so that `redact` in any table can replace a customer's surname
/// that no name list knows, and the leak probe can look for those words in kept text (`TokenAudit`).
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

    /// An empty vocabulary for the run, sized from the feeding columns' row estimates, and those
    /// columns; nil when no column feeds it or none uses it. `SourcePrepass` fills it.
    static func prepare(
        _ validated: ValidatedRules, key: MaskingKey, source: any SourceConnection
    ) -> (vocabulary: TokenVocabulary, feedings: [Feeding])? {
        let feedings = feedings(validated)
        guard !feedings.isEmpty, uses(validated) else { return nil }
        let expected = feedings.reduce(0) { sum, feeding in
            sum + (source.estimatedRowCount(of: feeding.table.table) ?? 10_000) * feeding.columns.count * 2
        }
        return (TokenVocabulary(key: key, expectedWords: expected), feedings)
    }

    /// One thread's share of a table's feeding columns: the words of each value, added to the
    /// vocabulary batch by batch (repeats a thread saw lately are not added again).
    struct Learner {
        private let feeds: [VocabularyFeed]
        private let vocabulary: TokenVocabulary
        private var keys: [UInt64] = []
        private var words: [UInt64] = []
        private var recent = RecentKeys()

        /// - Parameter feeds: how each column that `add` numbers feeds the vocabulary.
        init(feeds: [VocabularyFeed], vocabulary: TokenVocabulary) {
            self.feeds = feeds
            self.vocabulary = vocabulary
        }

        /// Adds the words of a value of column `i` (in `feeds`).
        mutating func add(_ i: Int, _ value: UnsafeBufferPointer<UInt8>) {
            words.removeAll(keepingCapacity: true)
            vocabulary.keys(of: value, feed: feeds[i], into: &words)
            for word in words where recent.isNew(word) { keys.append(word) }
        }

        /// Learns the words added so far.
        mutating func flush() {
            vocabulary.learn(keys)
            keys.removeAll(keepingCapacity: true)
        }
    }
}
