/// An in-toto Statement v1: what a run produced (`subject`) and what it attests about it (`predicate`).
///
/// Cleanroom's statements always carry a `RunPredicate`; see https://github.com/in-toto/attestation
/// (spec/v1/statement.md) for the envelope-independent layer.
public struct Statement: Codable, Sendable, Equatable {
    /// The `_type` of every in-toto Statement v1.
    public static let statementType = "https://in-toto.io/Statement/v1"

    /// Always `Statement.statementType` for statements built here.
    public let type: String
    /// The artefacts attested: output tables (digest of their COPY stream) and files.
    public var subject: [Subject]
    /// Always `RunPredicate.predicateType` for statements built here.
    public let predicateType: String
    /// What the run did.
    public var predicate: RunPredicate

    /// A Cleanroom run statement about `subject`.
    public init(subject: [Subject], predicate: RunPredicate) {
        type = Statement.statementType
        self.subject = subject
        predicateType = RunPredicate.predicateType
        self.predicate = predicate
    }

    enum CodingKeys: String, CodingKey {
        case type = "_type"
        case subject, predicateType, predicate
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

/// An in-toto DigestSet restricted to the algorithm Cleanroom uses.
public struct DigestSet: Codable, Sendable, Hashable {
    /// Lower-case hex SHA-256.
    public var sha256: String

    public init(sha256: String) {
        self.sha256 = sha256
    }
}
