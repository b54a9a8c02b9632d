import CleanroomCore

/// A ledger entry named by its position and digest: what `cleanroom evidence head` prints and
/// `evidence verify --expect-head` checks, so that a ledger cut short or rewritten after the head was
/// stored elsewhere (a CI artefact, a ticket) no longer verifies.
public struct LedgerHead: Sendable, Equatable, CustomStringConvertible {
    /// The entry's `seq`.
    public let seq: Int
    /// `LedgerEntry.digest`: lower-case hex SHA-256 of the entry's line.
    public let digest: String

    public init(seq: Int, digest: String) {
        self.seq = seq
        self.digest = digest
    }

    /// Parses `SEQ:DIGEST` or `SEQ DIGEST` (as `evidence head` prints it); nil when it is neither.
    public init?(parsing text: String) {
        let parts = text.split(whereSeparator: { $0 == ":" || $0.isWhitespace })
        guard parts.count == 2, let seq = Int(parts[0]), seq >= 1 else { return nil }
        let digest = parts[1].lowercased()
        guard digest.utf8.count == 64, Hex.decode(digest) != nil else { return nil }
        self.init(seq: seq, digest: digest)
    }

    /// `SEQ DIGEST`.
    public var description: String { "\(seq) \(digest)" }
}

extension Ledger {
    /// The last entry's position and digest; nil for an empty ledger. Throws when the last line is not
    /// an entry (an interrupted append or an edit): verify the ledger to see why.
    public func head() throws -> LedgerHead? {
        let (lines, terminated) = try lines()
        guard let last = lines.last else { return nil }
        guard terminated else {
            throw LedgerError.unterminatedLastLine(
                SourceLocation(file: path, line: lines.count), offset: last.startIndex)
        }
        do {
            let entry = try LedgerEntry(line: last)
            return LedgerHead(seq: entry.seq, digest: entry.digest)
        } catch {
            let location = SourceLocation(file: path, line: lines.count)
            throw LedgerError.unparseableLine(location, reason: EvidenceJSON.describe(error))
        }
    }

    /// The key ids the first entry's signatures name (empty for an empty or unreadable first line):
    /// which of several pinned keys to verify under.
    public func firstEntryKeyIDs() throws -> [String] {
        guard let first = try lines().lines.first, let entry = try? LedgerEntry(line: first) else { return [] }
        return entry.envelope.signatures.map(\.keyid)
    }

    /// What `verify --since` reports of `problems`: that the ledger no longer holds `since` (as
    /// `headProblems`), or else only the problems located at the line of `since` or after it, and of
    /// those not the broken link into `since` nor a gap just before it: both are about entries
    /// before it, which were checked when `since` was recorded. The rest (a wrong key, a cut-off last
    /// line) are kept.
    func problems(since: LedgerHead, records: [LedgerRecord], among problems: [LedgerError]) -> [LedgerError] {
        let missing = headProblems(since, records: records)
        guard missing.isEmpty,
            let start = records.first(where: { $0.seq == since.seq && $0.entry.digest == since.digest })?.line
        else { return missing }
        return problems.filter { problem in
            switch problem {
            case .chainBroken(let entry, _, _) where entry == since.seq: return false
            case .entriesMissing(_, _, let before, _) where before == since.seq: return false
            default: return (problem.location?.line ?? start) >= start
            }
        }
    }

    /// Problems when the ledger does not hold `expected` as one of its entries: fewer entries (cut
    /// short) or a different entry at its position (rewritten or forked).
    func headProblems(_ expected: LedgerHead, records: [LedgerRecord]) -> [LedgerError] {
        let atPosition = records.filter { $0.seq == expected.seq }
        if atPosition.contains(where: { $0.entry.digest == expected.digest }) { return [] }
        if let found = atPosition.first {
            let location = SourceLocation(file: path, line: found.line)
            return [.headForked(expected: expected, found: found.entry.digest, location)]
        }
        return [.headMissing(expected: expected, lastSeq: records.last?.seq)]
    }
}
