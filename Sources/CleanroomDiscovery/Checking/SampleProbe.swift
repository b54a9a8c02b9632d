import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import Foundation

/// The leak probe's cross-column logic run on `check`'s sample, so that the CI gate refuses what
/// `mask` would refuse (docs/rules.md "Leak probe"): a kept column holding values of a masked column
/// (an invoice repeating the customer's address), a kept column, or one under `redact` without
/// its `name` class, holding words of masked names, e-mail addresses, usernames or streets (a note
/// repeating customers' surnames), and a `redact` column with names whose values it would leave
/// as they are while they equal a masked column's (a destination equal to a masked hometown).
///
/// It reads at most `sampleSize` rows of each copied table. Values and words are compared as the
/// run compares them (the same length, digit, common-word and place rules), but exactly, in memory,
/// on the sample only: a clean sample does not prove a clean run.
enum SampleProbe {
    /// What the probe would find in one output column's sample.
    struct Finding {
        /// `schema.table.column`.
        var column: String
        var sampledValues: Int
        /// Sampled values equal to a masked column's sampled value.
        var valueHits: Int
        /// Sampled values holding a word of a masked name, e-mail, username or street column.
        var wordHits: Int
        /// The masked source columns whose values or words they held.
        var sources: [String]
    }

    /// One item per output column the probe would fail on, naming the masked source columns.
    static func items(_ validated: ValidatedRules, source: any SourceConnection, sampleSize: Int) throws -> [DriftItem]
    {
        try findings(validated, source: source, sampleSize: sampleSize).map { found in
            DriftItem(
                kind: .leakProbe, subject: found.column,
                message:
                    "\(found.column): \(max(found.valueHits, found.wordHits)) of \(found.sampledValues) sampled values "
                    + "hold values or words of \(found.sources.joined(separator: ", ")); mask would fail its leak "
                    + "probe: mask the column (a copy like the column it copies, in its domain; `filler` for free text; "
                    + "`redact` with its name class), or mark a public table `reference: true`")
        }
    }

    /// The output columns whose sample the probe would fail on.
    static func findings(_ validated: ValidatedRules, source: any SourceConnection, sampleSize: Int) throws -> [Finding]
    {
        var maskedValues: [[UInt8]: Set<String>] = [:]
        var learnt: [[UInt8]: Set<String>] = [:]
        var publicWords: Set<[UInt8]> = []
        var outputs: [(name: String, values: [[UInt8]], check: OutputCheck)] = []
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
                if let check = OutputCheck(planned) { outputs.append((name, sample[i], check)) }
            }
        }
        return outputs.compactMap { output in
            var found = Finding(
                column: output.name, sampledValues: output.values.count, valueHits: 0, wordHits: 0, sources: [])
            var sources: Set<String> = []
            for value in output.values {
                let words = probedWords(value, fakes: output.check == .words).filter { !publicWords.contains($0) }
                let holders = words.reduce(into: Set<String>()) { $0.formUnion(learnt[$1] ?? []) }
                if output.check.checksValue(value, holdsLearntWord: !holders.isEmpty), isProbed(value),
                    let columns = maskedValues[value]?.subtracting([output.name]),
                    !columns.isEmpty
                {
                    found.valueHits += 1
                    sources.formUnion(columns)
                }
                let others = holders.subtracting([output.name])
                if output.check.checksWords, !others.isEmpty {
                    found.wordHits += 1
                    sources.formUnion(others)
                }
            }
            found.sources = sources.sorted()
            return found.valueHits + found.wordHits > 0 ? found : nil
        }
    }

    /// How `check` judges, without the key, an output column that `mask`'s probe checks.
    private enum OutputCheck: Equatable {
        /// Kept text: its values and its words.
        case valuesAndWords
        /// `redact` without names: its words (it keeps every word that is not a pattern match).
        case words
        /// `redact` with names: the values it would leave as they are (nothing of its classes found,
        /// no word the run would learn), such as an address line equal to a masked hometown.
        case unchangedValues(Set<RedactClass>)

        /// nil for a column the probe does not check, or whose output `check` cannot foresee.
        init?(_ column: PlannedColumn) {
            guard ProbePolicy.checksOutput(column) else { return nil }
            let transform = column.rule.transform.transform
            if transform.probeRole == .keeps {
                self = .valuesAndWords
            } else if let redact = transform as? RedactTransform {
                self = redact.classes.contains(.name) ? .unchangedValues(Set(redact.classes)) : .words
            } else {
                return nil
            }
        }

        /// Whether the output keeps `value` as it is, so that equality with a masked value is a hit.
        func checksValue(_ value: [UInt8], holdsLearntWord: Bool) -> Bool {
            switch self {
            case .valuesAndWords: return true
            case .words: return false
            case .unchangedValues(let classes):
                return !holdsLearntWord && Redactor.findings(value, classes: classes).isEmpty
            }
        }

        /// Whether the output keeps the words the run learns (redact with names replaces them).
        var checksWords: Bool {
            if case .unchangedValues = self { return false }
            return true
        }
    }

    private static func probedWords(_ value: [UInt8], fakes: Bool) -> [[UInt8]] {
        NameLexicon.isPublicValue(value) ? [] : TokenVocabulary.probedWords(in: value, fakes: fakes)
    }

    private static func isProbed(_ value: [UInt8]) -> Bool {
        value.withUnsafeBytes { ProbePolicy.isProbed($0) } && !NameLexicon.isPublicValue(value)
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
