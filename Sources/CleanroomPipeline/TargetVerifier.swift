import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import Foundation

/// What the run attests once the rows are loaded: each table's canonical digest — taken from the
/// written rows when they print back unchanged (`OutputAudit`), otherwise by reading the table back
/// from the target, tables in parallel — and the leak probe's lookups that the copy recorded
/// (`LookupSpill`), now that every source value is in the filter.
enum TargetVerifier {
    struct Verification {
        var digests: [String: String]
        /// Tables whose digest came from reading them back.
        var readBack: [String]
        var checked: Int
        var patternHits: [String: Int]
        var scannedColumns: Int
        /// Words of kept and text-preserving outputs looked up in the run vocabulary (`TokenAudit`).
        var checkedWords: Int
        /// The flagged words the row's source value also held, by lower-cased word.
        var wordCandidates: [[UInt8]: Candidate]
        /// Occurrences of flagged words beyond the candidates held, by output column (`TokenAudit.unconfirmed`).
        var unconfirmedWords: [String: Int]
    }

    /// An output value the filter flagged.
    struct Candidate: Sendable, Codable {
        var columns: Set<String> = []
        var occurrences = 0

        /// This candidate and `other` as one.
        func adding(_ other: Candidate) -> Candidate {
            Candidate(columns: columns.union(other.columns), occurrences: occurrences + other.occurrences)
        }
    }

    /// At most this many distinct flagged values' keys are held at once (16 bytes each: a bound on
    /// memory): the flagged output values are confirmed in rounds of at most this many
    /// (`flagged(in:probe:share:)`).
    static let candidateLimit = 300_000

    /// A share of the flagged values, by the top `bits` bits of their keys' check digest: share
    /// `index` of `1 << bits`. The first share is every value; a share with more flagged values than
    /// a round holds is split in two.
    struct Share {
        var bits = 0
        var index = 0

        func contains(_ key: LeakProbe.Key) -> Bool {
            bits == 0 || key.check >> (64 - UInt64(bits)) == UInt64(index)
        }

        /// Its two halves' first.
        var split: Share { Share(bits: bits + 1, index: index * 2) }
        /// The share after this one, nil after the last.
        var next: Share? { index + 1 < 1 << bits ? Share(bits: bits, index: index + 1) : nil }
    }

    /// - Parameter staged: opens the loaded target for reading; called only when a table must be read back.
    static func verify(
        _ copied: [PartTable], staged: () throws -> any SourceConnection, plan: MaskingPlan, probe: LeakProbe,
        spill: LookupSpill, jobs: Int
    ) throws -> Verification {
        let audited = copied.compactMap { table in table.audit.map { (name: table.outcome.table, audit: $0) } }
        var digests: [String: String] = [:]
        for table in audited where table.audit.printsBack { digests[table.name] = table.audit.digest.hex }
        let readBack = audited.filter { !$0.audit.printsBack }.map(\.name)
        if !readBack.isEmpty {
            let source = try staged()
            let schema = try source.introspect()
            let read = try ParallelWork.map(readBack.count, jobs: jobs, name: "cleanroom-verify") { i in
                let defaultSchema = source.traits.defaultSchema
                guard let table = LiveDigest.table(readBack[i], in: schema, defaultSchema: defaultSchema) else {
                    throw ConnectorError.queryFailed(
                        context: "verifying the target", message: "table \(readBack[i]) is missing from the target")
                }
                return try LiveDigest.read(table, from: source).hex
            }
            for (name, digest) in zip(readBack, read) { digests[name] = digest }
        }
        return Verification(
            digests: digests, readBack: readBack, checked: audited.reduce(0) { $0 + $1.audit.checked },
            patternHits: audited.reduce(into: [String: Int]()) { $0.merge($1.audit.patternHits, uniquingKeysWith: +) },
            scannedColumns: audited.reduce(0) { $0 + $1.audit.scannedColumns },
            checkedWords: audited.reduce(0) { $0 + $1.audit.checkedWords },
            wordCandidates: audited.reduce(into: [:]) { found, table in
                found.merge(table.audit.wordCandidates) { $0.adding($1) }
            },
            unconfirmedWords: audited.reduce(into: [:]) { found, table in
                found.merge(table.audit.unconfirmedWords ?? [:], uniquingKeysWith: +)
            })
    }

    /// The keys of the recorded lookups in `share` that the filter flags (`LeakConfirmation` decides
    /// which are real); nil when they are more than `candidateLimit`, for the caller to split the share.
    static func flagged(in spill: LookupSpill, probe: LeakProbe, share: Share) throws -> Set<LeakProbe.Key>? {
        var found = Set<LeakProbe.Key>()
        var overflow = false
        try spill.forEach { record in
            guard !overflow, share.contains(record.key), probe.mayContain(record.key.filter) else { return }
            found.insert(record.key)
            overflow = found.count > candidateLimit
        }
        return overflow ? nil : found
    }

    /// Where the recorded lookups of `keys` were found (`table.column`) and how often.
    static func candidates(
        _ keys: Set<LeakProbe.Key>, in spill: LookupSpill, plan: MaskingPlan
    ) throws -> [LeakProbe.Key: Candidate] {
        let tables = plan.validated.tables
        var found: [LeakProbe.Key: Candidate] = [:]
        try spill.forEach { record in
            guard keys.contains(record.key) else { return }
            let planned = tables[Int(record.column >> 16)]
            found[record.key, default: Candidate()].columns.insert(
                "\(planned.table.name).\(planned.columns[Int(record.column & 0xFFFF)].column.name)")
            found[record.key]?.occurrences += Int(record.occurrences)
        }
        return found
    }
}
