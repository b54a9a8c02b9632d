import Foundation

/// What a `teardown`, `gc` or `shard-abort` run erased (A 8.10).
///
/// A teardown that failed has no `erasure`; a `gc` that could not tear every environment down is
/// `failed` and still lists what it did erase.
public struct ErasurePredicate: RunPredicate {
    public static let kinds: Set<RunKind> = [.teardown, .gc, .shardAbort]

    public var header: RunHeader
    /// What was erased; nil for a teardown that failed.
    public var erasure: Erasure?

    /// A run of kind `teardown`, `gc` or `shard-abort` (`header.kind`).
    public init(header: RunHeader, erasure: Erasure?) {
        precondition(Self.kinds.contains(header.kind), "an ErasurePredicate records a teardown, gc or shard-abort run")
        self.header = header
        self.erasure = erasure
    }

    /// A `kind` run (teardown, gc or shard-abort) that erased `dropped` just now, having started at `startedAt`.
    public static func erased(
        _ dropped: [String], kind: RunKind, toolVersion: String, target: RunTarget, startedAt: Date
    ) -> ErasurePredicate {
        let erasedAt = Date()
        return ErasurePredicate(
            header: RunHeader(
                kind: kind, toolVersion: toolVersion, target: target, startedAt: startedAt, finishedAt: erasedAt,
                outcome: .succeeded),
            erasure: Erasure(dropped: dropped, erasedAt: erasedAt))
    }

    public init(from decoder: any Decoder) throws {
        let (container, header) = try Self.container(decoding: decoder)
        self.header = header
        erasure = try container.decodeIfPresent(Erasure.self, forKey: .erasure)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = try container(encoding: encoder, emptyColumns: true)
        try container.encodeIfPresent(erasure, forKey: .erasure)
    }

    /// What was dropped or removed, and when.
    public struct Erasure: Codable, Sendable, Hashable {
        /// What was dropped or removed, e.g. `database ci_42`, `role ci_42_owner`, `file env.sqlite`.
        public var dropped: [String]
        /// When the erasure completed.
        public var erasedAt: Date

        public init(dropped: [String], erasedAt: Date) {
            self.dropped = dropped
            self.erasedAt = erasedAt
        }
    }
}

extension Statement where Predicate == ErasurePredicate {
    /// A `teardown` statement about `environment`: its subject is the environment, by the digest of
    /// what `predicate` says was dropped (nothing, for a teardown that failed).
    public init(teardownOf environment: String, predicate: ErasurePredicate) {
        self.init(subject: [.environment(environment, dropped: predicate.erasure?.dropped ?? [])], predicate: predicate)
    }

    /// A `gc` statement about `registry`: the registry, by the digest of everything dropped, then each
    /// environment torn down, by the digest of what it dropped (the subject of its own teardown entry).
    public init(
        collecting registry: String, environments: [(name: String, dropped: [String])], predicate: ErasurePredicate
    ) {
        self.init(
            subject: [.registry(registry, dropped: predicate.erasure?.dropped ?? [])]
                + environments.map { .environment($0.name, dropped: $0.dropped) },
            predicate: predicate)
    }
}
