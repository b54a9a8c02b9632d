import CleanroomCore

/// Failures reading or appending to the ledger, and the problems `Ledger.verify` finds.
///
/// Each kind of tampering has its own case, located by file and line. Entries are named by their `seq`.
public enum LedgerError: CleanroomError, Equatable {
    /// The ledger file could not be opened, read, locked or written.
    case io(path: String, message: String)
    /// An entry could not be written (a full disk, a quota); the file was cut back to the entries it
    /// had. `reason` is the system's.
    case appendFailed(path: String, reason: String)
    /// A line that is not a ledger entry (not JSON, or missing or invalid fields).
    case unparseableLine(SourceLocation, reason: String)
    /// The file does not end in a newline: an interrupted append or an edit. `offset` is the byte
    /// offset at which the damaged tail (the bytes after the last newline) starts.
    case unterminatedLastLine(SourceLocation, offset: Int)
    /// An entry whose envelope no longer verifies: it was edited after signing.
    case signatureInvalid(entry: Int, SourceLocation, EvidenceError)
    /// An entry that verifies but does not hold a Cleanroom run statement.
    case unexpectedStatement(entry: Int, SourceLocation, EvidenceError)
    /// No entry verifies and none names the given key: the ledger was signed by another key.
    case wrongPublicKey(keyID: String, ledgerKeyIDs: [String])
    /// Entries `first`…`last` are absent; `before` is the entry found in their place.
    case entriesMissing(first: Int, last: Int, before: Int, SourceLocation)
    /// An entry that comes after a later one.
    case outOfOrder(entry: Int, SourceLocation, follows: Int)
    /// A sequence number seen before.
    case duplicateEntry(entry: Int, SourceLocation)
    /// An entry whose `prev` is not the digest of the entry before it (64 zeros for the first).
    case chainBroken(entry: Int, SourceLocation, previous: Int?)
    /// The position signed inside the entry's statement differs from where the entry stands.
    case signedPositionMismatch(entry: Int, SourceLocation, signedSeq: Int)
    /// A sharded run's statement names a shard statement (subject `shard-statement:I`) that no
    /// earlier entry holds: it was removed from the ledger.
    case shardStatementMissing(entry: Int, SourceLocation, shard: String)
    /// A sharded run's statement names its plan (subject `shard-plan:ID`) by a digest that no earlier
    /// `shard-plan` entry attests: the plan's record was removed, or the run used another plan.
    case shardPlanMissing(entry: Int, SourceLocation, plan: String)
    /// The expected head entry (`--expect-head`) is beyond the ledger's last entry: entries were removed
    /// from the end.
    case headMissing(expected: LedgerHead, lastSeq: Int?)
    /// The entry at the expected head's position has another digest: the ledger was rewritten or forked
    /// since the head was recorded.
    case headForked(expected: LedgerHead, found: String, SourceLocation)
    /// An expected head (`--expect-head`) or starting entry (`--since`) that is not `SEQ:DIGEST`.
    case malformedExpectedHead(String)
    /// `evidence repair` on a ledger whose end is intact: there is no damaged tail to move.
    case nothingToRepair(path: String)
    /// An entry signed by `keyID` would follow an entry that hands the ledger to another key (a key
    /// rotation), or that another key signed: it would fail verification, so it is not appended.
    case signingKeyNotInForce(path: String, keyID: String, inForce: KeyInForce)

    public var exitStatus: ExitStatus {
        if case .malformedExpectedHead = self { return .usage }
        if case .nothingToRepair = self { return .guardRefused }
        if case .signingKeyNotInForce = self { return .guardRefused }
        return .runFailed
    }

    /// Where in the ledger the problem is, when it is at one place.
    public var location: SourceLocation? {
        switch self {
        case .io, .appendFailed, .wrongPublicKey, .headMissing, .malformedExpectedHead, .nothingToRepair,
            .signingKeyNotInForce:
            return nil
        case .unparseableLine(let location, _), .unterminatedLastLine(let location, _),
            .signatureInvalid(_, let location, _), .unexpectedStatement(_, let location, _),
            .entriesMissing(_, _, _, let location), .outOfOrder(_, let location, _),
            .duplicateEntry(_, let location), .chainBroken(_, let location, _),
            .signedPositionMismatch(_, let location, _), .headForked(_, _, let location),
            .shardStatementMissing(_, let location, _), .shardPlanMissing(_, let location, _):
            return location
        }
    }

    public var description: String {
        switch self {
        case .io(let path, let message):
            return "\(path): \(message)"
        case .appendFailed(let path, let reason):
            return "\(path): cannot append an entry (\(reason)); the ledger was cut back to its last complete entry, "
                + "so no half line is left: free space on that filesystem (or fix its permissions or quota) and run again"
        case .unparseableLine(let location, let reason):
            return "\(location): not a ledger entry (\(reason)): the line was damaged or edited"
        case .unterminatedLastLine(let location, let offset):
            return
                "\(location): the last line, from byte offset \(offset), has no terminating newline: an append was interrupted or the file was edited; nothing is appended to it, and runs that record here are refused before they create anything: inspect the line, and move the damaged tail aside with `cleanroom evidence repair` (which keeps its bytes and signs a record of moving them) before appending again"
        case .signatureInvalid(let entry, let location, let error):
            return "\(location): entry \(entry) fails verification: \(error)"
        case .unexpectedStatement(let entry, let location, let error):
            return "\(location): entry \(entry) is signed but is not a Cleanroom run statement: \(error)"
        case .wrongPublicKey(let keyID, let ledgerKeyIDs):
            return
                "no entry verifies under the public key given (key id \(keyID)); the entries were signed by key id \(ledgerKeyIDs.joined(separator: ", ")): verify with the signing.pub that belongs to that key"
        case .entriesMissing(let first, let last, let before, let location):
            let missing = first == last ? "entry \(first) is" : "entries \(first)–\(last) are"
            return "\(location): \(missing) missing before entry \(before): removed from the ledger"
        case .outOfOrder(let entry, let location, let follows):
            return "\(location): entry \(entry) comes after entry \(follows): the entries were reordered"
        case .duplicateEntry(let entry, let location):
            return "\(location): entry \(entry) appears more than once: a line was copied into the ledger"
        case .chainBroken(let entry, let location, let previous):
            guard let previous else {
                return
                    "\(location): entry \(entry) is the first entry but its prev is not 64 zeros: the start of the ledger was altered"
            }
            return
                "\(location): the prev digest of entry \(entry) is not the SHA-256 of entry \(previous) on the line before: one of the two lines was edited outside its signed envelope"
        case .shardStatementMissing(let entry, let location, let shard):
            return
                "\(location): entry \(entry) is a sharded run naming the statement of \(shard), which no earlier entry holds: it was removed from the ledger"
        case .shardPlanMissing(let entry, let location, let plan):
            return
                "\(location): entry \(entry) is a sharded run of plan \(plan), which no earlier shard-plan entry attests with that digest: its record was removed from the ledger, or the plan file changed"
        case .signedPositionMismatch(let entry, let location, let signedSeq):
            return
                "\(location): entry \(entry) was signed as entry \(signedSeq) after a different predecessor: entries before it were removed, inserted or re-chained"
        case .headMissing(let expected, let lastSeq):
            guard let lastSeq, lastSeq >= expected.seq else {
                let ends = lastSeq.map { "ends at entry \($0)" } ?? "is empty"
                return "the ledger \(ends) but the expected head is entry \(expected.seq) (\(expected.digest)): "
                    + "entries were removed from its end since that head was recorded"
            }
            return "entry \(expected.seq), the expected head (\(expected.digest)), is not in the ledger: it was removed"
        case .nothingToRepair(let path):
            return "\(path) ends with a complete line: there is no damaged tail to repair, and nothing was changed "
                + "(`cleanroom evidence verify` reports any other problem)"
        case .signingKeyNotInForce(let path, let keyID, let inForce):
            let keys = inForce.keyIDs.joined(separator: ", ")
            let why =
                inForce.rotated
                ? "its last entry, \(inForce.entry), is a key rotation that hands it to key id \(keys)"
                : "its last entry, \(inForce.entry), is signed by key id \(keys)"
            return "\(path): \(why), but this signs with key id \(keyID), whose entry would fail verification; "
                + "nothing was appended or run: sign with key id \(keys) (--signing-key or "
                + "$CLEANROOM_SIGNING_KEY_FILE; after `cleanroom keys rotate` that is the next key it wrote), "
                + "or record into another ledger (--ledger)"
        case .malformedExpectedHead(let given):
            return "expected head '\(given)' is not SEQ:DIGEST "
                + "(an entry's number and 64 hex digits, as `cleanroom evidence head` prints it)"
        case .headForked(let expected, let found, let location):
            return "\(location): entry \(expected.seq) has digest \(found), not the expected head \(expected.digest): "
                + "the ledger was rewritten or forked since that head was recorded"
        }
    }
}
