import CleanroomCore
import CleanroomCrypto
import CleanroomMasking
import Foundation

/// `plan.json`, what `cleanroom shard plan` writes and every `shard run` and `shard finish` reads
/// (docs/scale-out.md, "Files"): the run's endpoints (without passwords), its rules and key by
/// digest and fingerprint, the staging database every shard loads into, and the tables of each
/// shard, whole tables assigned largest first to the shard with the fewest estimated rows so far.
///
/// The plan's digest is the SHA-256 of the file's bytes; every part file and shard statement names
/// it, so a part of another plan is refused.
public struct ShardPlan: Codable, Sendable, Equatable {
    /// The value of `format` this version writes and reads.
    public static let currentFormat = "cleanroom-shard-plan/1"

    public var format: String
    /// 32 random hex digits naming this plan (also in the stage's comment).
    public var id: String
    public var createdAt: Date
    /// The source and target endpoints as `Endpoint` prints them (no password: libpq's usual sources
    /// supply it to each process).
    public var source: String
    public var target: String
    /// The staging database every shard loads into, renamed to the target's name by `finish`.
    public var stage: String
    public var rulesPath: String
    /// Lower-case hex SHA-256 of the rules file: every process must mask with the same rules.
    public var rulesDigest: String
    /// The masking key's public fingerprint: every process must mask with the same key.
    public var keyFingerprint: String
    /// The size of each shard's leak-probe filter (they merge, so it is the same for all).
    public var leakProbeBytes: Int
    /// Every table of the run, in the run's order.
    public var tables: [String]
    public var shards: [Shard]

    /// The tables one `shard run --index` copies.
    public struct Shard: Codable, Sendable, Equatable {
        public var index: Int
        public var tables: [String]
        /// The catalog's row estimates of its tables, summed (what the assignment balanced).
        public var estimatedRows: Int
    }

    /// Whole tables dealt out to `count` shards: largest estimate first (ties by name) to the shard
    /// with the fewest estimated rows so far (ties to the lowest index), each shard's tables kept in
    /// the run's order. The same tables and estimates always give the same shards.
    static func assign(_ tables: [String], estimates: [String: Int], count: Int) -> [Shard] {
        var shards = (0..<count).map { Shard(index: $0, tables: [], estimatedRows: 0) }
        let order = tables.sorted { a, b in
            let (ea, eb) = (estimates[a] ?? 0, estimates[b] ?? 0)
            return ea != eb ? ea > eb : a < b
        }
        for table in order {
            let lightest = shards.indices.min { shards[$0].estimatedRows < shards[$1].estimatedRows }!
            shards[lightest].tables.append(table)
            shards[lightest].estimatedRows += estimates[table] ?? 0
        }
        for i in shards.indices {
            shards[i].tables.sort { tables.firstIndex(of: $0)! < tables.firstIndex(of: $1)! }
        }
        return shards
    }

    /// The secret every shard's leak-probe filter is keyed with: derived from the masking key and the
    /// plan's id, so the processes agree on it and no file holds it.
    func probeSecret(key: MaskingKey) throws -> LeakProbe.Secret {
        LeakProbe.Secret(bytes: try key.derivedSecret(purpose: "leak probe of shard plan \(id)"))
    }

    /// The plan as written: sorted keys, ISO 8601 dates.
    func encoded() throws -> Data {
        try Self.encoder.encode(self) + Data("\n".utf8)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}

/// A plan as read from its file, with the file's digest.
public struct LoadedShardPlan: Sendable {
    public let plan: ShardPlan
    /// Lower-case hex SHA-256 of the plan file's bytes.
    public let digest: String
    /// The plan file's directory, which holds the shards' files (`ShardFiles`).
    public let directory: String

    /// Reads and checks `path`.
    /// - Throws: `ShardError.unreadable` for a missing or malformed file or another format.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ShardError.unreadable(path: path, reason: "no such file")
        }
        let plan: ShardPlan
        do {
            plan = try ShardPlan.decoder.decode(ShardPlan.self, from: data)
        } catch {
            throw ShardError.unreadable(path: path, reason: "not a shard plan (\(error))")
        }
        guard plan.format == ShardPlan.currentFormat else {
            throw ShardError.unreadable(
                path: path, reason: "format \(plan.format), this version reads \(ShardPlan.currentFormat)")
        }
        self.plan = plan
        digest = Hex.encode(SHA256Hasher.digest(data))
        directory = (path as NSString).deletingLastPathComponent
    }

    /// The files of shard `index`, beside the plan.
    public func files(of index: Int) -> ShardFiles {
        ShardFiles(directory: directory.isEmpty ? "." : directory, index: index)
    }
}
