import CleanroomConnectors
import CleanroomCore
import Foundation
import TestSupport
import Testing

@Suite("Readers stream in bounded batches")
struct BatchingTests {
    @Test("a 4 MB table arrives in batches of about RowBatch.targetBytes from SQLite, CSV and JSONL")
    func boundedBatches() throws {
        let directory = try TestPaths.temporaryDirectory("cleanroom-batches")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("big.sqlite").path
        let rowCount = 20_000
        try SQLiteFile(path, readOnly: false).execute(
            """
            CREATE TABLE big (id INTEGER PRIMARY KEY, payload TEXT);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(rowCount))
            INSERT INTO big SELECT i, printf('%.200c', 'x') FROM n;
            """)
        let sqlite = try SQLiteSource(path: path)
        let csvPath = directory.appendingPathComponent("csv").path
        let jsonlPath = directory.appendingPathComponent("jsonl").path
        try copyAll(from: sqlite, to: CSVTarget(directory: csvPath))
        try copyAll(from: sqlite, to: JSONLTarget(directory: jsonlPath))

        let sources: [any SourceConnection] = [
            sqlite, try CSVSource(directory: csvPath), try JSONLSource(directory: jsonlPath),
        ]
        for source in sources {
            let table = try #require(try source.introspect().tables.first)
            let reader = try source.openReader(table: table, columns: table.columns, filter: nil, limit: nil)
            var rows = 0, batches = 0
            while let batch = try reader.next() {
                #expect(batch.bytes.count < RowBatch.targetBytes + 300, "\(source.endpoint)")
                rows += batch.rowCount
                batches += 1
            }
            reader.close()
            #expect(rows == rowCount, "\(source.endpoint)")
            #expect(batches > 10, "\(source.endpoint)")
        }
    }
}
