import CleanroomCore
import CleanroomEvidence
import Foundation
import Testing

@testable import CleanroomConnectors
@testable import CleanroomMasking
@testable import CleanroomPipeline

@Suite("Shard plan: cutting and dealing out parts; shares of a table merging")
struct ShardPlanTests {
    static func part(_ table: String, _ rows: Int, pages: PostgresPageRange? = nil) -> ShardPlan.Part {
        ShardPlan.Part(table: table, pages: pages, estimatedRows: rows)
    }

    @Test("a table is cut only past a shard's fair share, into at most one range a shard")
    func rangeCount() {
        #expect(ShardPlan.rangeCount(estimate: 100, total: 300, count: 3) == 1)
        #expect(ShardPlan.rangeCount(estimate: 101, total: 300, count: 3) == 2)
        #expect(ShardPlan.rangeCount(estimate: 600_000, total: 601_010, count: 3) == 3)
        #expect(ShardPlan.rangeCount(estimate: 1_000_000, total: 1_000_000, count: 8) == 8)
        #expect(ShardPlan.rangeCount(estimate: 1_000_000, total: 1_000_000, count: 1) == 1)
        #expect(ShardPlan.rangeCount(estimate: 0, total: 0, count: 4) == 1)
    }

    @Test("ranges of one table go to different shards, largest first to the lightest; each shard in run order")
    func assign() {
        let ranges = PostgresPageRange.cutting(pages: 90, into: 3)
        let parts =
            ranges.map { Self.part("public.big", 200_000, pages: $0) } + [
                Self.part("public.small", 1000), Self.part("public.tiny", 10),
            ]
        let shards = ShardPlan.assign(parts, tables: ["public.big", "public.small", "public.tiny"], count: 3)
        #expect(
            shards.map(\.tables) == [["public.big", "public.small"], ["public.big", "public.tiny"], ["public.big"]])
        #expect(shards.map { $0.parts.first?.pages } == ranges.map { $0 })
        #expect(shards.map(\.estimatedRows) == [201_000, 200_010, 200_000])
        #expect(
            ShardPlan.assign(parts.reversed(), tables: ["public.big", "public.small", "public.tiny"], count: 3)
                == shards)
    }

    @Test("two ranges of a table never share a shard, even when that shard is the lightest")
    func rangesApart() {
        let ranges = PostgresPageRange.cutting(pages: 10, into: 2)
        let parts = [Self.part("public.a", 1000)] + ranges.map { Self.part("public.b", 10, pages: $0) }
        let shards = ShardPlan.assign(parts, tables: ["public.a", "public.b"], count: 2)
        #expect(shards.map(\.tables) == [["public.a", "public.b"], ["public.b"]])
    }

    static func table(_ rows: [String], share: String?) throws -> PartTable {
        var digest = TableDigest()
        let batch = RowBatch(bytes: Array(rows.map { $0 + "\n" }.joined().utf8), rowCount: rows.count)
        digest.add(batch)
        let statistics = ColumnStatistics(
            column: "a", transform: "keep", domain: "", rows: rows.count, values: rows.count)
        let table = PartTable(
            outcome: TableOutcome(
                table: "public.t", rows: rows.count, bytes: batch.bytes.count, seconds: Double(rows.count), digest: "",
                columns: [statistics]),
            audit: PartTable.Audit(
                digest: digest, printsBack: true, checked: rows.count, patternHits: ["email": 1], scannedColumns: 1,
                checkedWords: rows.count, wordCandidates: [:]),
            shares: share.map { [$0] } ?? [])
        // Through a part file's encoding, as `shard finish` reads it.
        return try ShardPlan.decoder.decode(PartTable.self, from: try ShardPlan.encoder.encode(table))
    }

    @Test("shares of a table stored apart add up to the whole table: digest, rows, counts")
    func sharesMerge() throws {
        let whole = try Self.table(["1\ta", "2\tb", "3\tc"], share: nil)
        let merged = try Self.table(["3\tc"], share: "second").merging(
            try Self.table(["1\ta", "2\tb"], share: "first"))
        #expect(merged.audit?.digest.hex == whole.audit?.digest.hex)
        #expect(merged.outcome.rows == 3 && merged.outcome.bytes == whole.outcome.bytes)
        #expect(merged.outcome.columns == whole.outcome.columns)
        #expect(merged.outcome.seconds == 2)
        #expect(merged.audit?.checked == 3 && merged.audit?.patternHits == ["email": 2])
        #expect(merged.audit?.scannedColumns == 1)
        #expect(merged.shares == ["first", "second"])
    }

    @Test("a share twice, or a share with the whole table, does not merge")
    func doubled() throws {
        let share = try Self.table(["1\ta"], share: "first")
        #expect(throws: PipelineError.self) { try share.merging(share) }
        #expect(throws: PipelineError.self) { try share.merging(try Self.table(["2\tb"], share: nil)) }
    }
}
