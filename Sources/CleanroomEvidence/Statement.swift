import CleanroomCore
import CleanroomCrypto

/// An in-toto Statement v1: what a run produced (`subject`) and what it attests about it (`predicate`).
///
/// Cleanroom's statements carry one of the `RunPredicate` types; see https://github.com/in-toto/attestation
/// (spec/v1/statement.md) for the envelope-independent layer. Readers that do not know the kind in
/// advance decode an `AnyStatement`.
public struct Statement<Predicate: RunPredicate>: Codable, Sendable, Equatable {
    /// Always `AnyStatement.statementType` for statements built here.
    public let type: String
    /// The artefacts attested: output tables (digest of their COPY stream) and files.
    public var subject: [Subject]
    /// Always `AnyStatement.predicateType` for statements built here.
    public let predicateType: String
    /// What the run did.
    public var predicate: Predicate

    /// A Cleanroom run statement about `subject`.
    public init(subject: [Subject], predicate: Predicate) {
        type = AnyStatement.statementType
        self.subject = subject
        predicateType = AnyStatement.predicateType
        self.predicate = predicate
    }

    enum CodingKeys: String, CodingKey {
        case type = "_type"
        case subject, predicateType, predicate
    }
}

/// A Cleanroom statement of any kind, as a reader finds it in a ledger: decoded by its predicate's
/// `kind` into the statement type of that kind.
public enum AnyStatement: Sendable, Equatable {
    /// A `mask` or `provision` run.
    case mask(Statement<MaskPredicate>)
    /// A `teardown` or `gc` run.
    case erasure(Statement<ErasurePredicate>)
    /// A `key-rotation`.
    case keyRotation(Statement<KeyRotationPredicate>)
    /// A `ledger-repair`.
    case ledgerRepair(Statement<LedgerRepairPredicate>)

    /// The `_type` of every in-toto Statement v1.
    public static let statementType = "https://in-toto.io/Statement/v1"
    /// The `predicateType` of every Cleanroom run statement, whatever its kind.
    public static let predicateType = "https://cleanroom.dev/evidence/run/v1"

    /// The statement's run header.
    public var header: RunHeader {
        switch self {
        case .mask(let statement): statement.predicate.header
        case .erasure(let statement): statement.predicate.header
        case .keyRotation(let statement): statement.predicate.header
        case .ledgerRepair(let statement): statement.predicate.header
        }
    }

    /// The artefacts the statement attests.
    public var subject: [Subject] {
        switch self {
        case .mask(let statement): statement.subject
        case .erasure(let statement): statement.subject
        case .keyRotation(let statement): statement.subject
        case .ledgerRepair(let statement): statement.subject
        }
    }

    /// The statement when it records a `mask` or `provision` run.
    public var mask: Statement<MaskPredicate>? {
        if case .mask(let statement) = self { statement } else { nil }
    }

    /// The statement when it records a `teardown` or `gc` run.
    public var erasure: Statement<ErasurePredicate>? {
        if case .erasure(let statement) = self { statement } else { nil }
    }

    /// The statement when it records a key rotation.
    public var keyRotation: Statement<KeyRotationPredicate>? {
        if case .keyRotation(let statement) = self { statement } else { nil }
    }

    /// The statement when it records a ledger repair.
    public var ledgerRepair: Statement<LedgerRepairPredicate>? {
        if case .ledgerRepair(let statement) = self { statement } else { nil }
    }

    /// Decodes a statement payload by its predicate's `kind`. Throws the decoder's own error; a payload
    /// whose kind cannot be read is decoded as a mask statement, so that the error names what is wrong
    /// in the order the statement's fields come (`subject` before `predicate`).
    static func decode(_ payload: [UInt8]) throws -> AnyStatement {
        struct Probe: Decodable {
            struct Predicate: Decodable { let kind: RunKind }
            let predicate: Predicate
        }
        switch (try? EvidenceJSON.decode(Probe.self, from: payload))?.predicate.kind {
        case .mask, .provision, .shard, .shardPlan, nil:
            return .mask(try EvidenceJSON.decode(Statement<MaskPredicate>.self, from: payload))
        case .teardown, .gc, .shardAbort:
            return .erasure(try EvidenceJSON.decode(Statement<ErasurePredicate>.self, from: payload))
        case .keyRotation:
            return .keyRotation(try EvidenceJSON.decode(Statement<KeyRotationPredicate>.self, from: payload))
        case .ledgerRepair:
            return .ledgerRepair(try EvidenceJSON.decode(Statement<LedgerRepairPredicate>.self, from: payload))
        }
    }
}

/// One attested artefact: a name and its SHA-256 digest.
public struct Subject: Codable, Sendable, Hashable {
    /// The artefact's name, e.g. `table:public.customer` or a file name.
    public var name: String
    /// Its digests; Cleanroom records SHA-256.
    public var digest: DigestSet

    /// A subject whose content has the SHA-256 digest `sha256` (lower-case hex).
    public init(name: String, sha256: String) {
        self.name = name
        digest = DigestSet(sha256: sha256)
    }
}

/// The subject each kind of statement names, so that every statement has one (in-toto v1 requires
/// at least one): docs/evidence.md, "Subjects", says why each is what it is.
extension Subject {
    /// A rules file (`rules:<path>`) by the SHA-256 of its bytes: the subject of a `mask` or
    /// `provision` run that failed or was refused after reading its rules.
    public static func rules(path: String, sha256: String) -> Subject {
        Subject(name: "rules:\(path)", sha256: sha256)
    }

    /// A run's target by the SHA-256 of its endpoint as recorded (`target:<endpoint>`, no password):
    /// the subject of a failed run that knew nothing else it could name by digest.
    public static func target(_ endpoint: String) -> Subject {
        Subject(name: "target:\(endpoint)", sha256: Hex.encode(SHA256Hasher.digest(Array(endpoint.utf8))))
    }

    /// An environment erased (`environment:<name>`), by `erasureDigest(dropped)` of what was dropped.
    public static func environment(_ name: String, dropped: [String]) -> Subject {
        Subject(name: "environment:\(name)", sha256: erasureDigest(dropped))
    }

    /// A registry collected by `gc` (`registry:<location>`), by `erasureDigest` of all it dropped.
    public static func registry(_ location: String, dropped: [String]) -> Subject {
        Subject(name: "registry:\(location)", sha256: erasureDigest(dropped))
    }

    /// The next signing key of a rotation (`key:ed25519:<key id>`), by its key id (the SHA-256 of
    /// its raw 32 bytes).
    public static func nextKey(_ key: Ed25519PublicKey) -> Subject {
        Subject(name: "key:ed25519:\(key.keyID)", sha256: key.keyID)
    }

    /// The erasure list's digest: lower-case hex SHA-256 of the UTF-8 of each `dropped` item followed
    /// by `\n`, in the recorded order; the SHA-256 of nothing when nothing was dropped.
    public static func erasureDigest(_ dropped: [String]) -> String {
        Hex.encode(SHA256Hasher.digest(Array(dropped.map { $0 + "\n" }.joined().utf8)))
    }
}

/// An in-toto DigestSet restricted to the algorithm Cleanroom uses.
public struct DigestSet: Codable, Sendable, Hashable {
    /// Lower-case hex SHA-256.
    public var sha256: String

    public init(sha256: String) {
        self.sha256 = sha256
    }
}
