import CleanroomConnectors
import CleanroomCore
import CleanroomCrypto
import CleanroomMasking
import Foundation

/// `plan.json`, what `cleanroom shard plan` writes and every `shard run` and `shard finish` reads
/// (docs/scale-out.md, "Files"): the run's endpoints (without passwords), its rules and key by
/// digest and fingerprint, the staging database every shard loads into, and the parts of each
/// shard: whole tables, and the page ranges of tables larger than one shard's fair share, dealt out
/// largest first to the shard with the fewest estimated rows so far (`assign`).
///
/// The plan's digest is the SHA-256 of the file's bytes; every part file and shard statement names
/// it, so a part of another plan is refused.
public struct ShardPlan: Codable, Sendable, Equatable {
    /// The value of `format` this version writes and reads.
    public static let currentFormat = "cleanroom-shard-plan/2"

    public var format: String
    /// 32 random hex digits naming this plan (also in the stage's comment).
    public var id: String
    public var createdAt: Date
    /// When the plan's stage counts as abandoned if still incomplete: then the sweep of stale stages
    /// drops it (`PostgresSharedStage`).
    public var expiresAt: Date
    /// The source endpoints as `Endpoint` prints them (no password: libpq's usual sources supply it to
    /// each process): one database, or replicas of it (`ShardSources`); `plan` and `finish` read the first.
    public var sources: [String]
    /// The committed state (transaction snapshot) every source showed when planned, which each shard
    /// checks its own still shows (`ShardSources`); nil for one source.
    public var sourceState: String?
    /// The target endpoint, as `sources`.
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
    /// `prepass.sealed` beside the plan: what the plan's source pre-pass found (`ShardPrepassFile`).
    public var prepass: SealedFile
    /// Every table of the run, in the run's order.
    public var tables: [String]
    public var shards: [Shard]

    /// A sealed file beside the plan, by size and SHA-256.
    public struct SealedFile: Codable, Sendable, Equatable {
        /// Its size in bytes.
        public var bytes: Int
        /// Lower-case hex SHA-256 of its bytes.
        public var sha256: String
    }

    /// What one `shard run --index` copies.
    public struct Shard: Codable, Sendable, Equatable {
        /// Its `--index`: its place in `shards`.
        public var index: Int
        /// The source it reads, by its place in `sources`: the index modulo their number.
        public var source: Int
        /// In the run's order of tables, then by page.
        public var parts: [Part]
        /// The catalog's row estimates of its parts, summed (what the assignment balanced).
        public var estimatedRows: Int

        /// The tables it copies, whole or in part.
        public var tables: [String] { parts.map(\.table) }
    }

    /// A table, or one page range of it.
    public struct Part: Codable, Sendable, Equatable {
        public var table: String
        /// Nil for the whole table.
        public var pages: PostgresPageRange?
        /// The table's row estimate, shared out by pages.
        public var estimatedRows: Int

        /// What the part's rows load under in the stage's part log (`PostgresSharedStage`).
        var logName: String { pages.map { "\(table) \($0)" } ?? table }

        /// The part as `MaskRun.copy(_:)` takes it.
        var share: TableShare { TableShare(table: table, rows: pages?.predicate) }
    }

    /// The parts dealt out to `count` shards: largest estimate first (ties by table, then page) to
    /// the shard with the fewest estimated rows so far that holds no other range of the part's table
    /// (ties to the lowest index), each shard's parts kept in the run's order of tables. The same
    /// parts always give the same shards. A table has at most `count` ranges, so one always fits.
    /// Shard `I` reads source `I mod sources`.
    static func assign(_ parts: [Part], tables: [String], count: Int, sources: Int = 1) -> [Shard] {
        var shards = (0..<count).map { Shard(index: $0, source: $0 % max(1, sources), parts: [], estimatedRows: 0) }
        let position = Dictionary(tables.enumerated().map { ($1, $0) }) { a, _ in a }
        let order = parts.sorted { a, b in
            if a.estimatedRows != b.estimatedRows { return a.estimatedRows > b.estimatedRows }
            return a.table != b.table ? a.table < b.table : (a.pages?.first ?? 0) < (b.pages?.first ?? 0)
        }
        for part in order {
            let open = shards.indices.filter { i in !shards[i].parts.contains { $0.table == part.table } }
            let lightest = open.min { shards[$0].estimatedRows < shards[$1].estimatedRows }!
            shards[lightest].parts.append(part)
            shards[lightest].estimatedRows += part.estimatedRows
        }
        for i in shards.indices {
            shards[i].parts.sort { a, b in
                let (pa, pb) = (position[a.table] ?? 0, position[b.table] ?? 0)
                return pa != pb ? pa < pb : (a.pages?.first ?? 0) < (b.pages?.first ?? 0)
            }
        }
        return shards
    }

    /// Into how many page ranges a table of `estimate` rows is cut, of a run of `total` estimated rows
    /// over `count` shards: one (whole) up to a shard's fair share, `total / count`; beyond it as
    /// many as make each range about a fair share, at most `count`.
    static func rangeCount(estimate: Int, total: Int, count: Int) -> Int {
        let share = max(1, total / max(1, count))
        return estimate <= share ? 1 : min(count, (estimate + share - 1) / share)
    }

    /// Nil when the shards' parts hold every table of the run once — one part for the whole table, or
    /// page ranges that meet end to end from page 0, the last open — and no other table; else what is
    /// wrong.
    var partsProblem: String? {
        var byTable: [String: [Part]] = [:]
        for part in shards.flatMap(\.parts) { byTable[part.table, default: []].append(part) }
        guard Set(byTable.keys) == Set(tables), shards.indices.allSatisfy({ shards[$0].index == $0 }) else {
            return "its shards do not deal out the run's tables, each to one shard index"
        }
        for (table, parts) in byTable.sorted(by: { $0.key < $1.key }) {
            let ranges = parts.compactMap(\.pages).sorted { $0.first < $1.first }
            let whole = parts.count == 1 && ranges.isEmpty
            let tiled =
                ranges.count == parts.count && ranges.first?.first == 0 && ranges.last?.end == nil
                && zip(ranges, ranges.dropFirst()).allSatisfy { $0.end == $1.first }
            if !(whole || tiled) { return "the parts of \(table) do not hold its rows exactly once" }
        }
        return nil
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
    /// - Throws: `ShardError.unreadable` for a missing or malformed file, another format, or parts
    ///   that do not hold every table's rows once (`ShardPlan.checkParts`).
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ShardError.unreadable(path: path, reason: "no such file")
        }
        try self.init(path: path, contents: data)
    }

    /// The plan at `path` as `contents`, the bytes written there.
    init(path: String, contents data: Data) throws {
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
        if let problem = plan.partsProblem { throw ShardError.unreadable(path: path, reason: problem) }
        self.plan = plan
        digest = Hex.encode(SHA256Hasher.digest(data))
        directory = ShardFiles.folder(ofPlan: path)
    }

    /// The files of shard `index`, beside the plan.
    public func files(of index: Int) -> ShardFiles {
        ShardFiles(directory: directory, index: index)
    }
}
