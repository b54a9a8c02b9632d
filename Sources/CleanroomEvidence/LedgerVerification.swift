import CleanroomCore
import CleanroomCrypto

/// One ledger entry as `Ledger.verify` found it.
public struct LedgerRecord: Sendable, Equatable {
    public let entry: LedgerEntry
    /// The entry's one-based line in the ledger file.
    public let line: Int
    /// Whether one of the envelope's signatures verifies under the report's key.
    public let signatureValid: Bool
    /// The run statement: present only when the signature verified and the payload is a Cleanroom run
    /// statement. Its subjects are what `evidence verify --check-target` re-digests.
    public let statement: AnyStatement?

    /// The entry's sequence number.
    public var seq: Int { entry.seq }
    /// The attested artefacts; empty when the statement is not available.
    public var subjects: [Subject] { statement?.subject ?? [] }
}

/// The outcome of `Ledger.verify`: every entry read, and every problem found, in file order.
public struct LedgerReport: Sendable {
    /// The ledger file verified.
    public let path: String
    /// The id (fingerprint) of the public key entries were verified under.
    public let keyID: String
    /// The keys signed key rotations handed over to, in order, after `keyID`.
    public let rotatedKeyIDs: [String]
    /// How that key was pinned; nil when a library caller passed the key directly.
    public let pin: KeyPin.Source?
    /// The head the verifier expected the ledger to contain (`--expect-head`), if any.
    public let expectedHead: LedgerHead?
    /// The entry verification started from (`--since`), if any: entries before it were not judged.
    public let since: LedgerHead?
    /// Every line that parsed as an entry, in file order.
    public let records: [LedgerRecord]
    /// Every problem found; empty when the ledger is intact.
    public let problems: [LedgerError]
    /// SHA-256 of the last line: record it elsewhere to detect later truncation or re-chaining.
    public let headDigest: String?

    /// The last entry's position and digest, when the last line is an entry.
    public var head: LedgerHead? {
        guard let last = records.last, last.entry.digest == headDigest else { return nil }
        return LedgerHead(seq: last.seq, digest: last.entry.digest)
    }

    /// Whether every signature verifies and the chain is complete and in order.
    public var isValid: Bool { problems.isEmpty }

    /// One line for people: the verdict and its grounds.
    public var verdict: String {
        if isValid {
            let rotations =
                rotatedKeyIDs.isEmpty
                ? ""
                : ", then the rotated key id \(rotatedKeyIDs.joined(separator: ", then "))"
            let scope = since.map { ", checked from entry \($0.seq) on" } ?? ""
            return "valid: \(records.count) \(records.count == 1 ? "entry" : "entries")\(scope), chain intact, "
                + "every signature verifies under key id \(keyID)\(rotations)"
        }
        return
            "INVALID: \(problems.count) \(problems.count == 1 ? "problem" : "problems") in \(records.count) \(records.count == 1 ? "entry" : "entries")"
    }
}

extension Ledger {
    /// Checks every line: that it parses, its signature under `publicKey`, its statement, the `seq`
    /// order and continuity, and the `prev` chain. Throws only when the file cannot be read; every
    /// problem in the ledger itself is a `LedgerError` in the report, one per cause:
    ///
    /// - an edited envelope → `signatureInvalid` for that entry (the broken link after it is not
    ///   reported again); an edit outside the envelope → `chainBroken` at the following entry;
    /// - a removed entry → `entriesMissing`; reordered entries → `outOfOrder`; a copied line →
    ///   `duplicateEntry`;
    /// - no entry verifying and none naming the key → one `wrongPublicKey`;
    /// - a line that is not an entry → `unparseableLine` with file:line;
    /// - with `expectedHead`, a ledger cut short before it → `headMissing`, another entry in its place →
    ///   `headForked`;
    /// - with `since`, the same two problems when the ledger no longer holds that entry, and otherwise
    ///   only the problems of that entry and the entries after it (`problems(since:records:among:)`).
    ///
    /// Key rotations are followed from `publicKey`: after a verified, successful `keyRotation` entry,
    /// later entries must verify under the next key it names (and no longer under the retired one).
    public func verify(
        publicKey: Ed25519PublicKey, expectedHead: LedgerHead? = nil, since: LedgerHead? = nil
    ) throws -> LedgerReport {
        try verify(publicKey: publicKey, pin: nil, expectedHead: expectedHead, since: since)
    }

    /// `verify(publicKey:expectedHead:since:)` under a pinned key; the report says how it was pinned.
    public func verify(
        against pin: KeyPin, expectedHead: LedgerHead? = nil, since: LedgerHead? = nil
    ) throws -> LedgerReport {
        try verify(publicKey: pin.publicKey, pin: pin.source, expectedHead: expectedHead, since: since)
    }

    private func verify(
        publicKey: Ed25519PublicKey, pin: KeyPin.Source?,
        expectedHead: LedgerHead?, since: LedgerHead?
    ) throws -> LedgerReport {
        let (lines, terminated) = try lines()
        var byLine: [LedgerRecord?] = []
        var problems: [LedgerError] = []
        var signatureFailures: [LedgerError] = []
        var currentKey = publicKey
        var rotatedKeyIDs: [String] = []
        for (index, bytes) in lines.enumerated() {
            let location = SourceLocation(file: path, line: index + 1)
            let entry: LedgerEntry
            do {
                entry = try LedgerEntry(line: bytes)
            } catch {
                problems.append(.unparseableLine(location, reason: EvidenceJSON.describe(error)))
                byLine.append(nil)
                continue
            }
            var statement: AnyStatement?
            var signatureValid = true
            do {
                statement = try EvidenceVerifier.verify(entry.envelope, publicKey: currentKey)
                if let predicate = statement?.keyRotation?.predicate, predicate.header.outcome == .succeeded {
                    guard let next = predicate.rotation.nextKey else {
                        throw EvidenceError.malformedStatement(reason: "a key rotation without a valid next key")
                    }
                    currentKey = next
                    rotatedKeyIDs.append(next.keyID)
                }
            } catch let error as EvidenceError {
                switch error {
                case .unexpectedPayloadType, .malformedStatement, .unexpectedStatementType, .unexpectedPredicateType:
                    problems.append(.unexpectedStatement(entry: entry.seq, location, error))
                case .payloadNotBase64, .unsigned, .signatureInvalid, .unencodable:
                    signatureValid = false
                    signatureFailures.append(.signatureInvalid(entry: entry.seq, location, error))
                }
            }
            byLine.append(
                LedgerRecord(entry: entry, line: index + 1, signatureValid: signatureValid, statement: statement))
        }
        if !terminated {
            problems.append(
                .unterminatedLastLine(
                    SourceLocation(file: path, line: lines.count), offset: lines.last?.startIndex ?? 0))
        }

        let records = byLine.compactMap { $0 }
        var ledgerKeyIDs: [String] = []
        for keyID in records.flatMap({ $0.entry.envelope.signatures.map(\.keyid) }) where !ledgerKeyIDs.contains(keyID)
        {
            ledgerKeyIDs.append(keyID)
        }
        // Signed throughout by another key: one problem, and the chain is still checked in full.
        let wrongKey =
            !records.isEmpty && signatureFailures.count == records.count && !ledgerKeyIDs.contains(publicKey.keyID)
        if wrongKey {
            problems.append(.wrongPublicKey(keyID: publicKey.keyID, ledgerKeyIDs: ledgerKeyIDs))
        } else {
            problems += signatureFailures
        }
        problems += sequenceProblems(byLine)
        problems += chainProblems(byLine, editedLinesExplained: !wrongKey)
        problems += signedPositionProblems(records)
        problems += shardProblems(records)
        if let since { problems = self.problems(since: since, records: records, among: problems) }
        if let expectedHead { problems += headProblems(expectedHead, records: records) }

        let ordered = problems.enumerated().sorted { a, b in
            (a.element.location?.line ?? 0, a.offset) < (b.element.location?.line ?? 0, b.offset)
        }.map(\.element)
        return LedgerReport(
            path: path, keyID: publicKey.keyID, rotatedKeyIDs: rotatedKeyIDs, pin: pin,
            expectedHead: expectedHead, since: since, records: records, problems: ordered,
            headDigest: lines.last.map { Hex.encode(SHA256Hasher.digest($0)) })
    }

    /// Sharded runs (`ShardSubjects`) naming a shard statement that no earlier verified entry holds,
    /// or (runs that name it: since plans are recorded) a plan that no earlier `shard-plan` entry attests.
    private func shardProblems(_ records: [LedgerRecord]) -> [LedgerError] {
        var shardStatements: Set<String> = []
        var plans: Set<Subject> = []
        var problems: [LedgerError] = []
        for record in records {
            guard let statement = record.statement, record.signatureValid else { continue }
            if statement.header.kind == .shard, let payload = try? record.entry.envelope.payloadBytes() {
                shardStatements.insert(ShardSubjects.digest(ofPayload: payload))
            }
            let planSubjects = statement.subject.filter(ShardSubjects.isPlan)
            if statement.header.kind == .shardPlan, statement.header.outcome == .succeeded {
                plans.formUnion(planSubjects)
            }
            if statement.header.kind == .mask {
                for plan in planSubjects where !plans.contains(plan) {
                    problems.append(
                        .shardPlanMissing(
                            entry: record.seq, SourceLocation(file: path, line: record.line),
                            plan: String(plan.name.dropFirst(ShardSubjects.planPrefix.count))))
                }
            }
            for subject in statement.subject where ShardSubjects.isShardStatement(subject) {
                if !shardStatements.contains(subject.digest.sha256) {
                    problems.append(
                        .shardStatementMissing(
                            entry: record.seq, SourceLocation(file: path, line: record.line),
                            shard: String(subject.name.dropFirst(ShardSubjects.statementPrefix.count))))
                }
            }
        }
        return problems
    }

    /// Entries whose signed position (`RunHeader.ledger`) differs from their line's seq and prev.
    private func signedPositionProblems(_ records: [LedgerRecord]) -> [LedgerError] {
        records.compactMap { record in
            guard let signed = record.statement?.header.ledger,
                signed.seq != record.entry.seq || signed.previous != record.entry.prev
            else { return nil }
            return .signedPositionMismatch(
                entry: record.seq, SourceLocation(file: path, line: record.line), signedSeq: signed.seq)
        }
    }

    /// Duplicates and reordering in file order, then gaps in the set of sequence numbers. A gap right
    /// after unparseable lines that could hold the missing entries is left to `unparseableLine`.
    private func sequenceProblems(_ byLine: [LedgerRecord?]) -> [LedgerError] {
        var problems: [LedgerError] = []
        var seen: [Int: Int] = [:]  // seq → first line
        var previous: Int?
        for record in byLine.compactMap({ $0 }) {
            let location = SourceLocation(file: path, line: record.line)
            if seen[record.seq] != nil {
                problems.append(.duplicateEntry(entry: record.seq, location))
            } else if let previous, record.seq < previous {
                problems.append(.outOfOrder(entry: record.seq, location, follows: previous))
            }
            seen[record.seq] = seen[record.seq] ?? record.line
            previous = record.seq
        }
        var expected = 1
        for seq in seen.keys.sorted() {
            if seq > expected, let line = seen[seq] {
                let unreadableBefore = byLine[..<(line - 1)].reversed().prefix { $0 == nil }.count
                if seq - expected > unreadableBefore {
                    problems.append(
                        .entriesMissing(
                            first: expected, last: seq - 1, before: seq, SourceLocation(file: path, line: line)))
                }
            }
            expected = seq + 1
        }
        return problems
    }

    /// `prev` links between consecutive entries on consecutive lines. A link after an entry whose
    /// signature failed is not checked when that failure already explains it.
    private func chainProblems(_ byLine: [LedgerRecord?], editedLinesExplained: Bool) -> [LedgerError] {
        var problems: [LedgerError] = []
        for (index, record) in byLine.enumerated() {
            guard let record else { continue }
            let location = SourceLocation(file: path, line: record.line)
            if record.seq == 1 {
                if record.entry.prev != Ledger.genesisDigest {
                    problems.append(.chainBroken(entry: 1, location, previous: nil))
                }
            } else if index > 0, let before = byLine[index - 1], before.seq + 1 == record.seq,
                !(editedLinesExplained && !before.signatureValid),
                record.entry.prev != before.entry.digest
            {
                problems.append(.chainBroken(entry: record.seq, location, previous: before.seq))
            }
        }
        return problems
    }
}
