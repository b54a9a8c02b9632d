import CleanroomCore
import CleanroomCrypto
import Foundation

/// `shard-I.part.json`: what one shard copied, as `shard finish` merges it (a `CopyPart` stored).
///
/// It names the plan by digest and its two data files by size and digest, so a part of another plan,
/// another shard's file or a changed byte is refused. The data files hold keyed digests only, never
/// values: `shard-I.filter` is the leak-probe Bloom filter's bits (64-bit words, little-endian),
/// `shard-I.lookups` the output values to look up in the merged filter, 24 bytes each
/// (`LookupSpill.Record`: two 64-bit key halves, a 32-bit column id and a 32-bit count).
struct ShardPartFile: Codable {
    static let currentFormat = "cleanroom-shard-part/2"

    var format: String
    /// The plan's digest (`LoadedShardPlan.digest`).
    var plan: String
    var index: Int
    /// The copied tables by their index in the run.
    var tables: [Int: PartTable]
    var filter: DataFile
    var lookups: DataFile
    /// The changed source values of recorded columns the shard saw, with repetitions (`LeakProbe.recorded`).
    var recorded: Int

    /// A data file beside the part file.
    struct DataFile: Codable {
        var bytes: Int
        /// Lower-case hex SHA-256 of the file.
        var sha256: String
        /// Values inserted into the filter; records, for lookups.
        var count: Int
    }

    /// Stores `part` as shard `files.index` of `plan`.
    /// - Returns: the part file's digest, which the shard statement names.
    static func write(_ part: CopyPart, plan: LoadedShardPlan, files: ShardFiles) throws -> String {
        let filter = part.probe.filter.withUnsafeBytes { Data($0) }
        try ShardFiles.write(filter, to: files.filter)
        var lookups = Data()
        var records = 0
        try part.lookups.forEach { record in
            withUnsafeBytes(of: record) { lookups.append(contentsOf: $0) }
            records += 1
        }
        try ShardFiles.write(lookups, to: files.lookups)
        let manifest = ShardPartFile(
            format: currentFormat, plan: plan.digest, index: files.index, tables: part.tables,
            filter: DataFile(bytes: filter.count, sha256: digest(filter), count: part.probe.filter.inserted),
            lookups: DataFile(bytes: lookups.count, sha256: digest(lookups), count: records),
            recorded: part.probe.recorded)
        let data = try ShardPlan.encoder.encode(manifest)
        try ShardFiles.write(data, to: files.part)
        return digest(data)
    }

    /// Reads shard `files.index`'s part of `plan`, checking it whole, as a part of the run keyed with
    /// `secret`.
    /// - Parameter expectedDigest: the part file's digest as its statement names it.
    /// - Throws: `ShardError.refused` for a part of another plan or shard, or a file whose digest differs.
    static func read(
        _ files: ShardFiles, plan: LoadedShardPlan, expectedDigest: String, secret: LeakProbe.Secret
    ) throws -> CopyPart {
        let data = try contents(files.part)
        guard digest(data) == expectedDigest else {
            throw ShardError.refused(path: files.part, reason: "its digest is not the one its statement signed")
        }
        let manifest: ShardPartFile
        do {
            manifest = try ShardPlan.decoder.decode(ShardPartFile.self, from: data)
        } catch {
            throw ShardError.unreadable(path: files.part, reason: "not a shard part (\(error))")
        }
        guard manifest.format == currentFormat else {
            throw ShardError.unreadable(
                path: files.part, reason: "format \(manifest.format), expected \(currentFormat)")
        }
        guard manifest.plan == plan.digest else {
            throw ShardError.refused(path: files.part, reason: "it is a part of another plan (\(manifest.plan))")
        }
        guard manifest.index == files.index else {
            throw ShardError.refused(path: files.part, reason: "it is the part of shard \(manifest.index)")
        }
        let filterData = try checked(files.filter, manifest.filter)
        guard filterData.count == plan.plan.leakProbeBytes, filterData.count % 64 == 0, !filterData.isEmpty else {
            throw ShardError.refused(path: files.filter, reason: "not a filter of \(plan.plan.leakProbeBytes) bytes")
        }
        let filter = filterData.withUnsafeBytes {
            BlockedBloomFilter(contents: $0, inserted: manifest.filter.count)
        }
        let lookupData = try checked(files.lookups, manifest.lookups)
        let stride = MemoryLayout<LookupSpill.Record>.stride
        guard lookupData.count == manifest.lookups.count * stride else {
            throw ShardError.refused(path: files.lookups, reason: "not \(manifest.lookups.count) records")
        }
        let lookups = try LookupSpill()
        let records = lookupData.withUnsafeBytes { Array($0.bindMemory(to: LookupSpill.Record.self)) }
        try lookups.append(records)
        return CopyPart(
            tables: manifest.tables, probe: LeakProbe(filter: filter, secret: secret, recorded: manifest.recorded),
            lookups: lookups)
    }

    private static func contents(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ShardError.unreadable(path: path, reason: "no such file")
        }
        return data
    }

    /// The data file `path`, once its size and digest are those the part names.
    private static func checked(_ path: String, _ expected: DataFile) throws -> Data {
        let data = try contents(path)
        guard data.count == expected.bytes, digest(data) == expected.sha256 else {
            throw ShardError.refused(path: path, reason: "its size or digest is not the one its part file names")
        }
        return data
    }

    static func digest(_ data: Data) -> String {
        Hex.encode(SHA256Hasher.digest(data))
    }
}
