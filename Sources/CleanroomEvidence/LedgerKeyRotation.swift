import CleanroomCrypto
import Foundation

extension Ledger {
    /// Appends a `keyRotation` entry signed by `current` that names `next` as the key of every later
    /// entry. A verifier that pinned `current` follows it; entries signed by `current` after it fail.
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
}
