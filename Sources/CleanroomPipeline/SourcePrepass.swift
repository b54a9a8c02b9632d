import CleanroomConnectors
import CleanroomCore
import CleanroomMasking

/// The plan's pre-pass (`MaskRun.plan`): one more read of the source columns that the run vocabulary
/// learns from (`VocabularyPass`) and of the `unique: true` columns (`UniquePass`), each table read
/// once for both and its batches worked through on `jobs` threads, before anything is created.
enum SourcePrepass {
    /// What the pre-pass found: the run vocabulary (nil when none is learnt) and the inputs of unique
    /// columns that re-draw.
    struct Found {
        var vocabulary: TokenVocabulary?
        var uniqueDraws: UniqueDraws
    }

    /// - Throws: `MaskingError.uniqueExhausted` when a unique domain has more distinct values than
    ///   its transform can produce; source and scratch-file errors.
    static func run(
        _ plan: MaskingPlan, source: any SourceConnection, jobs: Int, observer: (any MaskObserver)?
    ) throws -> Found {
        let learning = VocabularyPass.prepare(plan.validated, key: plan.key, source: source)
        let unique = try UniquePass.prepare(plan, source: source)
        let feedings = Dictionary(
            (learning?.feedings ?? []).map { feeding in
                (plan.validated.tables.firstIndex { $0.table.name == feeding.table.table.name }!, feeding)
            }, uniquingKeysWith: { first, _ in first })
        let tables = Set(feedings.keys).union(unique?.domains.tables ?? []).sorted()
        guard !tables.isEmpty else { return Found(vocabulary: nil, uniqueDraws: UniqueDraws()) }
        var what: [String] = []
        if let learning {
            let columns = learning.feedings.reduce(0) { $0 + $1.columns.count }
            what.append(
                "learning the run vocabulary from \(columns) masked name, e-mail, username and street column(s)")
        }
        if let unique {
            let columns = unique.domains.domains.reduce(0) { $0 + $1.columns.count }
            what.append("finding the collisions of \(columns) unique column(s)")
        }
        observer?.phase(what.joined(separator: "; "))
        for t in tables {
            let table = plan.validated.tables[t]
            let feeding = feedings[t]?.columns ?? []
            let uniqueColumns = unique.map { $0.domains.feed(table: t, into: $0.stores).columns } ?? []
            let read = Array(Set(feeding.map(\.index) + uniqueColumns)).sorted()
            let position = Dictionary(uniqueKeysWithValues: read.enumerated().map { ($1, $0) })
            let learnt = feeding.map { position[$0.index]! }
            let drawn = uniqueColumns.map { position[$0]! }
            let vocabulary = learning?.vocabulary
            try SourceValues.forEach(read.map { table.columns[$0].column }, of: table, in: source, jobs: jobs) {
                Reading(
                    learner: vocabulary.map { VocabularyPass.Learner(feeds: feeding.map(\.feed), vocabulary: $0) },
                    feed: unique.map { $0.domains.feed(table: t, into: $0.stores) }, learnt: learnt, drawn: drawn,
                    width: read.count)
            }
        }
        let uniqueDraws = try unique.map { try $0.domains.resolve($0.stores) } ?? UniqueDraws()
        return Found(vocabulary: learning?.vocabulary, uniqueDraws: uniqueDraws)
    }

    /// One thread's consumer of a table's read columns: each value goes to the vocabulary's learner
    /// and to the unique columns' feed, where the column is theirs.
    private struct Reading: SourceValues.Consumer {
        var learner: VocabularyPass.Learner?
        var feed: UniqueFeed?
        /// By read column: its index among the learner's columns and the feed's, or -1.
        private var toLearner: [Int]
        private var toFeed: [Int]

        init(learner: VocabularyPass.Learner?, feed: UniqueFeed?, learnt: [Int], drawn: [Int], width: Int) {
            self.learner = learner
            self.feed = feed
            toLearner = Array(repeating: -1, count: width)
            toFeed = toLearner
            for (i, column) in learnt.enumerated() { toLearner[column] = i }
            for (i, column) in drawn.enumerated() { toFeed[column] = i }
        }

        mutating func add(_ column: Int, _ value: UnsafeBufferPointer<UInt8>) {
            if toLearner[column] >= 0 { learner?.add(toLearner[column], value) }
            if toFeed[column] >= 0 { feed?.add(toFeed[column], value) }
        }

        mutating func flush() throws {
            learner?.flush()
            try feed?.flush()
        }
    }
}
