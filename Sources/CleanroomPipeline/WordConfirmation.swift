import CleanroomConnectors
import CleanroomCore
import CleanroomMasking

/// Confirms the word-level probe's candidates (`TokenAudit`) exactly: re-reads the source columns
/// that fed the run vocabulary and keeps the flagged words one of them really holds, with the columns
/// that hold it. A word that also occurs in the text of a reference table (`reference: true`: cities,
/// countries, a catalogue) is public vocabulary, not a person's, and is dismissed. Runs only when
/// something was flagged.
enum WordConfirmation {
    /// The confirmed words' findings.
    struct Outcome {
        /// Occurrences of confirmed words in the output.
        var hits = 0
        /// The output columns holding them.
        var columns: [String] = []
        /// For each of those output columns, the masked source columns whose words it held.
        var sources: [String: [String]] = [:]
        /// Flagged words dismissed as public vocabulary (they occur in reference tables).
        var publicWords = 0
    }

    /// - Parameter learnt: the rules the run vocabulary was learnt with (every source row, also those
    ///   a subset leaves out, whose words a kept row may still hold).
    static func confirm(
        _ candidates: [[UInt8]: TargetVerifier.Candidate], source: any SourceConnection, learnt: ValidatedRules,
        jobs: Int, observer: (any MaskObserver)?
    ) throws -> Outcome {
        guard !candidates.isEmpty else { return Outcome() }
        observer?.phase("confirming the \(candidates.count) word(s) the leak probe flagged against the source")
        let wanted = Set(candidates.keys)
        let feedings = VocabularyPass.feedings(learnt)
        let references = learnt.tables.filter { $0.rule.isReference && $0.rule.copyRows }
        let reads =
            feedings.map { feeding in (feeding.table, feeding.columns.map { ($0.index, Optional($0.feed)) }) }
            + references.map { table in
                (
                    table,
                    table.columns.indices.filter { ProbePolicy.textKinds.contains(table.columns[$0].column.kind) }
                        .map { ($0, VocabularyFeed?.none) }
                )
            }
        let found = try ParallelWork.map(reads.count, jobs: jobs, name: "cleanroom-confirm") { i in
            try words(wanted, in: reads[i].0, columns: reads[i].1, source: source)
        }
        var holders: [[UInt8]: Set<String>] = [:]
        var publicWords: Set<[UInt8]> = []
        for (i, part) in found.enumerated() {
            if i < feedings.count {
                holders.merge(part) { $0.union($1) }
            } else {
                publicWords.formUnion(part.keys)
            }
        }
        var outcome = Outcome()
        outcome.publicWords = Set(holders.keys).intersection(publicWords).count
        var columns: Set<String> = []
        var sources: [String: Set<String>] = [:]
        for (word, holding) in holders where !publicWords.contains(word) {
            guard let candidate = candidates[word] else { continue }
            outcome.hits += candidate.occurrences
            columns.formUnion(candidate.columns)
            for column in candidate.columns { sources[column, default: []].formUnion(holding) }
        }
        outcome.columns = columns.sorted()
        outcome.sources = sources.mapValues { $0.sorted() }
        return outcome
    }

    /// The `wanted` words found in `columns` of `table` (read as `feed` says; every word when nil),
    /// with the columns (`table.column`) holding them.
    private static func words(
        _ wanted: Set<[UInt8]>, in table: PlannedTable, columns: [(Int, VocabularyFeed?)],
        source: any SourceConnection
    ) throws -> [[UInt8]: Set<String>] {
        guard !columns.isEmpty else { return [:] }
        let names = columns.map { "\(table.table.name).\(table.columns[$0.0].column.name)" }
        var found: [[UInt8]: Set<String>] = [:]
        try SourceValues.forEach(columns.map { table.columns[$0.0].column }, of: table, in: source) { i, value in
            TokenVocabulary.forEachWord(of: value, feed: columns[i].1 ?? .words) { word, _ in
                if wanted.contains(word) { found[word, default: []].insert(names[i]) }
            }
        }
        return found
    }
}
