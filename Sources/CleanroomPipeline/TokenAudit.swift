import CleanroomCore
import CleanroomMasking

/// The leak probe at word level (docs/evidence.md "Leak probe"): a word of a masked name, e-mail
/// local part, username or street line of the run (the run vocabulary) found in a kept or
/// text-preserving output column.
///
/// A word is looked up when it has at least three letters; it is flagged when the vocabulary holds
/// it and it is not a common word of the shipped list, nor a word of place names in a short value
/// (`Hamilton`, `St George`, `Michoacán de Ocampo`): a place is shared public vocabulary, not a
/// person's (`TokenVocabulary.isProbedWord`). A word the vocabulary holds counts only when the same row's source value of that column has
/// it too, so a word a transform wrote (a fake name `redact` put in) is never mistaken for one that
/// survived; `LeakConfirmation` then confirms it against the source columns exactly. At most
/// `limit` distinct candidates are held (a bound on memory); a candidate beyond them is counted in
/// `unconfirmed`, and the run fails closed rather than attest words it never confirmed. One audit per
/// worker and table; `merge` adds them up.
struct TokenAudit {
    /// Words looked up in the vocabulary.
    private(set) var checkedWords = 0
    /// Flagged words that the row's source value also holds, by lower-cased word: the output columns
    /// (`table.column`) and how often.
    private(set) var candidates: [[UInt8]: TargetVerifier.Candidate] = [:]
    /// Occurrences of candidates that came when `candidates` already held `limit` words, by output
    /// column (`table.column`): words the run cannot confirm (`PipelineError.wordsUnconfirmed`).
    private(set) var unconfirmed: [String: Int] = [:]

    private let vocabulary: TokenVocabulary
    private let table: String
    private let limit: Int
    /// The vocabulary's answers for the words looked up last.
    private var memo = TokenVocabulary.LookupMemo()
    /// The words of the batch being audited that the vocabulary flags, with their row and column.
    private var flagged: [(row: Int, column: Int, word: [UInt8])] = []

    /// - Parameter limit: the distinct candidates held at most.
    init(vocabulary: TokenVocabulary, table: String, limit: Int = TargetVerifier.candidateLimit) {
        self.vocabulary = vocabulary
        self.table = table
        self.limit = limit
    }

    /// The words of `value` looked up and those flagged (`TokenVocabulary.flaggedWords`; `fakes`: the
    /// column's transform writes fakes into the text).
    mutating func words(in value: [UInt8], fakes: Bool) -> (checked: Int, flagged: [[UInt8]]) {
        vocabulary.flaggedWords(in: value, fakes: fakes, memo: &memo)
    }

    /// Notes what ``words(in:)`` gave for the value of `column` in row `row` of the batch.
    mutating func note(checked: Int, flagged words: [[UInt8]], row: Int, column: Int) {
        checkedWords += checked
        for word in words { flagged.append((row, column, word)) }
    }

    /// Settles the batch's flagged words: those that the row's value in `source` (the batch before
    /// masking; nil when the masker passed it through unchanged) also holds become candidates.
    mutating func settle(source: RowBatch?, columns: [String]) {
        guard !flagged.isEmpty else { return }
        defer { flagged.removeAll(keepingCapacity: true) }
        guard let source else {
            for item in flagged { add(item.word, column: columns[item.column]) }
            return
        }
        var row = 0
        var next = 0
        var scratch: [UInt8] = []
        source.forEachRow { fields in
            defer { row += 1 }
            while next < flagged.count, flagged[next].row == row {
                let item = flagged[next]
                next += 1
                guard item.column < fields.count, !CopyText.isNull(fields[item.column]) else { continue }
                CopyText.unescape(fields[item.column], replacing: &scratch)
                if Self.holds(scratch, item.word) { add(item.word, column: columns[item.column]) }
            }
        }
    }

    /// Whether `text` has the lower-cased word `word`.
    private static func holds(_ text: [UInt8], _ word: [UInt8]) -> Bool {
        var found = false
        text.withUnsafeBufferPointer { buffer in
            TextTokens.forEach(in: buffer) { token in
                if !found && CaseFold.lowercased(buffer[token.range]) == word {
                    found = true
                }
            }
        }
        return found
    }

    private mutating func add(_ word: [UInt8], column: String) {
        guard candidates[word] != nil || candidates.count < limit else {
            unconfirmed["\(table).\(column)", default: 0] += 1
            return
        }
        candidates[word, default: TargetVerifier.Candidate()].columns.insert("\(table).\(column)")
        candidates[word]?.occurrences += 1
    }

    /// Adds another worker's audit of the same table.
    mutating func merge(_ other: TokenAudit) {
        checkedWords += other.checkedWords
        candidates.merge(other.candidates) { $0.adding($1) }
        unconfirmed.merge(other.unconfirmed, uniquingKeysWith: +)
    }
}
