import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import Foundation

/// The leak probe's cross-column logic run on `check`'s sample, so that the CI gate refuses what
/// `mask` would refuse (docs/rules.md "Leak probe"): a kept column holding values of a masked column
/// (an invoice repeating the customer's address), and a kept column, or one under `redact` without
/// its `name` class, holding words of masked names, e-mail addresses, usernames or streets (a note
/// repeating customers' surnames).
///
/// It reads at most `sampleSize` rows of each copied table. Values and words are compared as the
/// run compares them (the same length, digit, common-word and place rules), but exactly, in memory,
/// on the sample only: a clean sample does not prove a clean run.
enum SampleProbe {
    /// One item per output column the probe would fail on, naming the masked source columns.
    static func items(_ validated: ValidatedRules, source: any SourceConnection, sampleSize: Int) throws -> [DriftItem]
    {
        var maskedValues: [[UInt8]: Set<String>] = [:]
        var learnt: [[UInt8]: Set<String>] = [:]
        var publicWords: Set<[UInt8]> = []
        var outputs: [(name: String, values: [[UInt8]], wordsOnly: Bool)] = []
        for table in validated.tables where table.rule.copyRows {
            let sample = try read(table, from: source, limit: sampleSize)
            for (i, planned) in table.columns.enumerated() {
                let name = "\(table.table.name).\(planned.column.name)"
                if table.rule.isReference {
                    if ProbePolicy.textKinds.contains(planned.column.kind) {
                        for value in sample[i] { words(of: value, feed: .words) { publicWords.insert($0) } }
                    }
                    continue
                }
                if ProbePolicy.recordsSource(planned) {
                    for value in sample[i] where isProbed(value) { maskedValues[value, default: []].insert(name) }
                }
                if let feed = VocabularyFeed.of(planned) {
                    for value in sample[i] { words(of: value, feed: feed) { learnt[$0, default: []].insert(name) } }
                }
                if let wordsOnly = checked(planned) { outputs.append((name, sample[i], wordsOnly)) }
            }
        }
        return outputs.compactMap { output in
            var hits = 0
            var sources: Set<String> = []
            for value in output.values {
                var found: Set<String> = []
                if !output.wordsOnly, isProbed(value), let columns = maskedValues[value] {
                    found.formUnion(columns.subtracting([output.name]))
                }
                for word in probedWords(value) where !publicWords.contains(word) {
                    found.formUnion(learnt[word]?.subtracting([output.name]) ?? [])
                }
                if !found.isEmpty { hits += 1 }
                sources.formUnion(found)
            }
            guard hits > 0 else { return nil }
            return DriftItem(
                kind: .leakProbe, subject: output.name,
                message:
                    "\(output.name): \(hits) of \(output.values.count) sampled values hold values or words of "
                    + "\(sources.sorted().joined(separator: ", ")); mask would fail its leak probe: mask the column "
                    + "(`filler` for free text, `redact` with its name class), or mark a public table `reference: true`"
            )
        }
    }

    /// Whether `mask`'s probe checks a column's output as `check` can judge it without the key: kept
    /// text (values and words), or `redact` without names (words: it keeps every other word); nil for
    /// the rest.
    private static func checked(_ column: PlannedColumn) -> Bool? {
        guard ProbePolicy.checksOutput(column) else { return nil }
        let transform = column.rule.transform.transform
        if transform.probeRole == .keeps { return false }
        if let redact = transform as? RedactTransform, !redact.classes.contains(.name) { return true }
        return nil
    }

    private static func probedWords(_ value: [UInt8]) -> [[UInt8]] {
        NameLexicon.isPlaceName(value) ? [] : TokenVocabulary.probedWords(in: value)
    }

    private static func isProbed(_ value: [UInt8]) -> Bool {
        value.withUnsafeBytes { ProbePolicy.isProbed($0) } && !NameLexicon.isPlaceName(value)
    }

    private static func words(of value: [UInt8], feed: VocabularyFeed, _ body: ([UInt8]) -> Void) {
        value.withUnsafeBufferPointer { text in
            TokenVocabulary.forEachWord(of: text, feed: feed) { word, common in if !common { body(word) } }
        }
    }

    /// The non-NULL values of each of the table's copied columns in its first `limit` rows.
    private static func read(_ table: PlannedTable, from source: any SourceConnection, limit: Int) throws -> [[[UInt8]]]
    {
        var values = Array(repeating: [[UInt8]](), count: table.columns.count)
        let reader = try source.openReader(
            table: table.table, columns: table.columns.map(\.column), filter: table.rule.filter, limit: limit)
        defer { reader.close() }
        while let batch = try reader.next() {
            batch.forEachRow { fields in
                for (i, field) in fields.enumerated() where i < values.count && !CopyText.isNull(field) {
                    var value: [UInt8] = []
                    CopyText.unescape(field, into: &value)
                    values[i].append(value)
                }
            }
        }
        return values
    }
}
