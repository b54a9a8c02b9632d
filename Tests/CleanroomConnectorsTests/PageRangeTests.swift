import Testing

@testable import CleanroomConnectors

@Suite("Page ranges of a PostgreSQL table")
struct PageRangeTests {
    @Test("ranges meet end to end from page 0, the last open, about equal", arguments: [(1000, 3), (7, 3), (64, 4)])
    func cuts(pages: Int, count: Int) {
        let ranges = PostgresPageRange.cutting(pages: pages, into: count)
        #expect(ranges.count == count)
        #expect(ranges.first?.first == 0)
        #expect(ranges.last?.end == nil)
        for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.end == b.first) }
        let sizes = ranges.dropLast().map { $0.end! - $0.first } + [pages - ranges.last!.first]
        #expect(sizes.max()! - sizes.min()! <= 1, "\(sizes)")
    }

    @Test("a table with fewer pages than ranges is cut into one range a page; one page or one range is not cut")
    func small() {
        #expect(PostgresPageRange.cutting(pages: 2, into: 5).count == 2)
        #expect(PostgresPageRange.cutting(pages: 1, into: 5).isEmpty)
        #expect(PostgresPageRange.cutting(pages: 0, into: 5).isEmpty)
        #expect(PostgresPageRange.cutting(pages: 100, into: 1).isEmpty)
    }

    @Test("the predicate selects by ctid, bounded by the range's pages")
    func predicate() {
        #expect(
            PostgresPageRange(first: 10, end: 20).predicate
                == "ctid >= '(10,0)'::pg_catalog.tid AND ctid < '(20,0)'::pg_catalog.tid")
        #expect(PostgresPageRange(first: 20, end: nil).predicate == "ctid >= '(20,0)'::pg_catalog.tid")
        #expect(PostgresPageRange(first: 20, end: nil).description == "pages 20 to the end")
    }
}
