import CleanroomCrypto
import Foundation

extension Ledger {
    /// Appends a `keyRotation` entry signed by `current` that names `next` as the key of every later
    /// entry. A verifier that pinned `current` follows it; entries signed by `current` after it fail,
    /// and the ledger refuses to append them (`LedgerError.signingKeyNotInForce`).
    ///
    /// The statement's subject is the next key: `key:ed25519:<key id>` with the key id (the SHA-256 of
    /// the raw key) as its digest. `actor` is who rotated it (`RunHeader.actor`).
    @discardableResult
    public func appendRotation(
        from current: Ed25519PrivateKey, to next: Ed25519PublicKey, toolVersion: String,
        actor: RunActor? = nil, at date: Date = Date()
    ) throws -> LedgerEntry {
        var predicate = KeyRotationPredicate(
            header: RunHeader(
                kind: .keyRotation, toolVersion: toolVersion, target: RunTarget(endpoint: path), startedAt: date,
                finishedAt: date, outcome: .succeeded),
            nextKey: next)
        predicate.header.actor = actor
        return try append(recordedAt: date) { position in
            var statement = Statement(subject: [.nextKey(next)], predicate: predicate)
            statement.predicate.header.ledger = position
            return try EvidenceSigner.sign(statement, key: current)
        }
    }

    /// Throws `signingKeyNotInForce` unless one of `keyIDs` may sign the entry after `last`.
    func requireKeyInForce(_ keyIDs: [String], after last: LedgerEntry) throws {
        let inForce = KeyInForce(after: last)
        guard !keyIDs.contains(where: inForce.keyIDs.contains) else { return }
        throw LedgerError.signingKeyNotInForce(path: path, keyID: keyIDs.first ?? "none", inForce: inForce)
    }
}

/// The key that signs a ledger's next entry, as its last entry says: the next key a key rotation names,
/// else the key that signed it.
///
/// This keeps an honest writer from breaking the chain: a CI job whose secret still names a key rotated
/// away, or another workspace's key, is refused before it runs instead of appending an entry that fails
/// verification. It reads the last entry without verifying it, so it is no defence against someone who
/// can write the ledger; verification against a pinned key is (`Ledger.verify(against:)`).
public struct KeyInForce: Sendable, Equatable {
    /// The key ids that may sign the next entry.
    public let keyIDs: [String]
    /// The last entry's `seq`.
    public let entry: Int
    /// True when the last entry is a key rotation naming `keyIDs`.
    public let rotated: Bool

    init(after last: LedgerEntry) {
        let rotation = (try? AnyStatement.decode(last.envelope.payloadBytes()))?.keyRotation?.predicate
        entry = last.seq
        if let rotation, rotation.header.outcome == .succeeded {
            keyIDs = [rotation.rotation.nextKeyID]
            rotated = true
        } else {
            keyIDs = last.envelope.signatures.map(\.keyid)
            rotated = false
        }
    }
}
