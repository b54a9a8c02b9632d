import CleanroomConnectors
import CleanroomCore
import Foundation
import TestSupport
import Testing

/// Values that COPY text must carry exactly between SQLite files.
@Suite("SQLite values through COPY text")
struct SQLiteValueTests {
    private static var values: [[Any?]] {
        [
            [Int64(1), nil, nil, nil, nil, nil],
            [Int64(2), Int64.max, 0.1, "", [UInt8](), Int64(7)],
            [
                Int64(3), Int64.min, 1.0 / 3.0, "tab\there\nnew line\r\\back\\slash \\N", (0...255).map { UInt8($0) },
                2.5,
            ],
            [
                Int64(4), Int64(-42), 1e-300, "Luís Gonçalves, Köhler, František Wichterlová, 東京, 🎵",
                [UInt8]([0x5C, 0x78, 0x09, 0x0A]), Int64.max,
            ],
            [Int64(5), Int64(0), 123456789.125, "\\N", [UInt8]([0]), "not a number"],
            [Int64(6), Int64(9_007_199_254_740_993), 1e16, "'quoted' \"double\"", nil, 1e-7],
            [Int64(7), Int64(1), Double.infinity, "x", nil, -Double.infinity],
            [Int64(8), Int64(2), -0.0, "y", nil, Double.leastNonzeroMagnitude],
        ]
    }

    /// A source database with every kind of stored value, and the directory holding it.
    private func makeSource() throws -> (directory: URL, path: String) {
        let directory = try TestPaths.temporaryDirectory("cleanroom-sqlite")
        let path = directory.appendingPathComponent("values.sqlite").path
        let db = try SQLiteFile(path, readOnly: false)
        try db.execute(
            """
            CREATE TABLE v (id INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT, b BLOB, n NUMERIC,
                            doubled INTEGER GENERATED ALWAYS AS (i * 2) VIRTUAL)
            """)
        for row in Self.values {
            _ = try db.rows("INSERT INTO v (id, i, r, s, b, n) VALUES (?, ?, ?, ?, ?, ?)", row)
        }
        return (directory, path)
    }

    @Test(
        "every storage class, NULL vs empty, escapes, non-ASCII, blob bytes 0–255, extreme integers and reals copy exactly"
    )
    func exactCopy() throws {
        let (directory, path) = try makeSource()
        defer { try? FileManager.default.removeItem(at: directory) }
        let copyPath = directory.appendingPathComponent("copy.sqlite").path
        try copyAll(from: SQLiteSource(path: path), to: SQLiteTarget(path: copyPath))
        let all = "SELECT id, i, r, s, b, n, doubled, typeof(n) FROM v ORDER BY id"
        let original = try SQLiteFile(path).rows(all)
        #expect(original.count == Self.values.count)
        #expect(try SQLiteFile(copyPath).rows(all) == original)
    }

    @Test("the reader's COPY text: NULL is \\N, blobs are bytea hex, reals read back exactly")
    func readerEncoding() throws {
        let (directory, path) = try makeSource()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try SQLiteSource(path: path)
        let table = try #require(try source.introspect().tables.first)
        #expect(table.column(named: "doubled")?.isGenerated == true)
        #expect(table.columns.map(\.kind) == [.integer, .integer, .numeric, .text, .bytea, .numeric, .integer])

        let reader = try source.openReader(table: table, columns: table.columns, filter: "id IN (1, 2, 3)", limit: nil)
        let batch = try #require(try reader.next())
        #expect(try reader.next() == nil)
        let lines = String(decoding: batch.bytes, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == #"1\#t\N\#t\N\#t\N\#t\N\#t\N\#t\N"#)
        // `doubled` overflows 64 bits, so SQLite computes it as a REAL.
        #expect(lines[1] == "2\t9223372036854775807\t0.1\t\t\\\\x\t7\t1.8446744073709552e+19")
        let hex = (0...255).map { String(format: "%02x", $0) }.joined()
        #expect(
            lines[2].hasPrefix(
                #"3\#t-9223372036854775808\#t0.3333333333333333\#ttab\there\nnew line\r\\back\\slash \\N\#t\\x"# + hex
                    + "\t2.5\t"))

        let rows = try readAll(
            source.openReader(table: table, columns: [try #require(table.column(named: "r"))], filter: nil, limit: nil))
        let reals = rows.map {
            Double(String(decoding: $0[0] ?? [], as: UTF8.self).replacingOccurrences(of: "Infinity", with: "inf"))
        }
        for (row, value) in zip(Self.values, reals) {
            if let stored = row[2] as? Double { #expect(value == stored) }
        }
    }
}
