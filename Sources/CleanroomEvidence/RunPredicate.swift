import Foundation

/// The predicate of a Cleanroom run statement (`predicateType` `https://cleanroom.dev/evidence/run/v1`):
/// one type per kind of statement, each carrying the shared `RunHeader`.
///
/// | type | kinds |
/// | --- | --- |
/// | `MaskPredicate` | `mask`, `provision`, `shard`, `shard-plan` |
/// | `ErasurePredicate` | `teardown`, `gc`, `shard-abort` |
/// | `KeyRotationPredicate` | `key-rotation` |
/// | `LedgerRepairPredicate` | `ledger-repair` |
///
/// A failed or refused run is a predicate of its own kind with outcome `failed`: its header says why,
/// and the fields of what the run would have produced are absent. Every type encodes into the one
/// flat JSON object that docs/run-predicate.schema.json describes (the header's fields beside its
/// own), so statements read the same whichever version wrote them; readers decode by `kind`
/// (`AnyStatement`). Predicates hold identities, digests, counts and decisions only: never data
/// values, passwords or key material.
public protocol RunPredicate: Codable, Sendable, Equatable {
    /// The kinds of run whose statements carry this predicate.
    static var kinds: Set<RunKind> { get }
    /// The fields every run predicate has.
    var header: RunHeader { get set }
}

/// The kinds of run that emit evidence.
public enum RunKind: String, Codable, Sendable, Hashable, CaseIterable {
    case mask, provision, teardown, gc
    /// One shard of a sharded `mask` (`cleanroom shard run`): signed by the shard, appended by
    /// `shard finish` before the run's own `mask` statement, which names it by digest.
    case shard
    /// The plan of a sharded `mask` (`cleanroom shard plan`): its rules, key and plan file by digest
    /// (`shard-plan:ID`), which the run's `mask` statement names again.
    case shardPlan = "shard-plan"
    /// A sharded `mask` given up (`cleanroom shard abort`): its incomplete target dropped.
    case shardAbort = "shard-abort"
    /// The ledger's signing key replaced by the key a `KeyRotationPredicate` names.
    case keyRotation = "key-rotation"
    /// A damaged ledger tail moved aside (`cleanroom evidence repair`), as a `LedgerRepairPredicate` says.
    case ledgerRepair = "ledger-repair"
}

extension RunKind {
    /// Whether a statement of this kind attests a copy, its tables as subjects (`mask`, `provision`):
    /// not a shard's part, a plan, an erasure or a key.
    public var attestsCopy: Bool { self == .mask || self == .provision }
}

/// Whether the run did everything asked.
public enum RunOutcome: String, Codable, Sendable, Hashable {
    case succeeded, failed
}

/// The keys of the predicate's JSON object: the header's and every kind's, which share one object.
enum PredicateKey: String, CodingKey {
    // The header (`RunHeader`).
    case kind, toolVersion, target, guards, startedAt, finishedAt, outcome, failureMessage, ledger, actor
    // `MaskPredicate`; `columns` is written, empty, by every kind (the schema requires it).
    case rulesDigest, maskingKeyFingerprint, source, columns, leakProbe, authorization, access, origin, subset
    // `ErasurePredicate`, `KeyRotationPredicate` and `LedgerRepairPredicate`.
    case erasure, rotation, repair
}

extension RunPredicate {
    /// The predicate's keyed container, its header decoded and checked to be of one of `kinds`.
    static func container(
        decoding decoder: any Decoder
    ) throws -> (KeyedDecodingContainer<PredicateKey>, RunHeader) {
        let container = try decoder.container(keyedBy: PredicateKey.self)
        let header = try RunHeader(from: container)
        guard kinds.contains(header.kind) else {
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container, debugDescription: "kind \(header.kind.rawValue) is not a \(Self.self)")
        }
        return (container, header)
    }

    /// The predicate's keyed container with the header encoded; `emptyColumns` writes the empty
    /// `columns` that the schema requires of kinds that copy no columns (as version 1 did).
    func container(
        encoding encoder: any Encoder, emptyColumns: Bool = false
    ) throws -> KeyedEncodingContainer<PredicateKey> {
        var container = encoder.container(keyedBy: PredicateKey.self)
        try header.encode(to: &container)
        if emptyColumns { try container.encode([String](), forKey: .columns) }
        return container
    }
}
