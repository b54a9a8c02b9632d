import CleanroomEvidence
import CleanroomMasking
import TestSupport
import Testing

@testable import CleanroomPipeline

@Suite("The word probe fails closed when it flags more words than it can confirm")
struct WordProbeLimitTests {
    /// A vocabulary that learnt `words`, as a masked name column's source values feed it.
    static func vocabulary(_ words: [String]) -> TokenVocabulary {
        let vocabulary = TokenVocabulary(key: Fixtures.key, expectedWords: 1000)
        var keys: [UInt64] = []
        for word in words {
            Array(word.utf8).withUnsafeBufferPointer { vocabulary.keys(of: $0, feed: .words, into: &keys) }
        }
        vocabulary.learn(keys)
        return vocabulary
    }

    /// `audit` after noting the flagged words of `values` (one row each, in column 0) of a batch the
    /// masker passed through.
    static func noting(_ values: [String], in audit: inout TokenAudit) {
        for (row, value) in values.enumerated() {
            let words = audit.words(in: Array(value.utf8), fakes: false)
            audit.note(checked: words.checked, flagged: words.flagged, row: row, column: 0)
        }
        audit.settle(source: nil, columns: ["notes"])
    }

    @Test("candidates beyond the limit are counted as unconfirmed, by column; repeats of held ones are not")
    func beyondTheLimit() {
        let vocabulary = Self.vocabulary(["Qwertyson", "Zbrowski", "Okonkwo"])
        var audit = TokenAudit(vocabulary: vocabulary, table: "public.t", limit: 1)
        Self.noting(["called Qwertyson", "Zbrowski wrote", "Qwertyson again", "Okonkwo too"], in: &audit)
        #expect(Set(audit.candidates.keys) == [Array("qwertyson".utf8)])
        #expect(audit.candidates[Array("qwertyson".utf8)]?.occurrences == 2)
        #expect(audit.unconfirmed == ["public.t.notes": 2])

        var other = TokenAudit(vocabulary: vocabulary, table: "public.t", limit: 1)
        Self.noting(["Okonkwo", "Zbrowski"], in: &other)
        audit.merge(other)
        #expect(audit.unconfirmed == ["public.t.notes": 3])
    }

    @Test("within the limit nothing is unconfirmed")
    func withinTheLimit() {
        var audit = TokenAudit(vocabulary: Self.vocabulary(["Qwertyson", "Zbrowski"]), table: "public.t")
        Self.noting(["called Qwertyson", "Zbrowski wrote", "nobody here"], in: &audit)
        #expect(audit.candidates.count == 2)
        #expect(audit.unconfirmed.isEmpty)
    }

    @Test("the shares of a table add up their unconfirmed words")
    func sharesAddUp() throws {
        var audit = TokenAudit(vocabulary: Self.vocabulary(["Qwertyson", "Zbrowski"]), table: "public.t", limit: 1)
        Self.noting(["Qwertyson", "Zbrowski"], in: &audit)
        let part = PartTable.Audit(
            digest: TableDigest(), printsBack: true, checked: 0, patternHits: [:], scannedColumns: 0,
            checkedWords: audit.checkedWords, wordCandidates: audit.candidates, unconfirmedWords: audit.unconfirmed)
        let clean = PartTable.Audit(
            digest: TableDigest(), printsBack: true, checked: 0, patternHits: [:], scannedColumns: 0,
            checkedWords: 0, wordCandidates: [:], unconfirmedWords: nil)
        #expect(part.merging(clean).unconfirmedWords == ["public.t.notes": 1])
        #expect(clean.merging(part).unconfirmedWords == ["public.t.notes": 1])
        #expect(clean.merging(clean).unconfirmedWords == nil)
        #expect(part.merging(part).unconfirmedWords == ["public.t.notes": 2])
    }

    @Test("the error names the limit and each column's unconfirmed words, and fails the run")
    func error() {
        let error = PipelineError.wordsUnconfirmed(limit: 300_000, occurrences: ["public.t.notes": 7, "public.a.b": 1])
        #expect(error.description.contains("more than 300000 distinct words"))
        #expect(error.description.contains("1 in public.a.b, 7 in public.t.notes"))
        #expect(error.description.contains("nothing was kept"))
        #expect(error.exitStatus == .runFailed)
    }
}
