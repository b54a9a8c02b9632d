import CleanroomConnectors
import CleanroomCore
import Foundation
import TestSupport
import Testing

@Suite("CSV connectors")
struct CSVConnectorTests {
    private let people = Table(
        name: QualifiedName(schema: "main", name: "people"),
        columns: [
            Column(name: "id", typeName: "text", kind: .text),
            Column(name: "name, full", typeName: "text", kind: .text),
            Column(name: "note", typeName: "text", kind: .text),
        ])
    private let rows: [[String?]] = [
        ["1", "Gonçalves, Luís", "said \"hi\""],
        ["2", "", nil],
        ["3", "two\nlines", "crlf\r\ninside"],
        ["4", "tab\there \\ backslash", "  spaces  "],
        ["5", nil, "\\N"],
    ]

    private func write(_ rows: [[String?]], table: Table, to path: String) throws {
        let target = try CSVTarget(directory: path)
        try target.prepare(schema: DatabaseSchema(tables: [table], foreignKeys: []), definition: .none)
        let writer = try target.openWriter(table: table, columns: table.columns)
        try writer.write(batch(rows))
        try writer.finish()
        try target.finalizeSchema(schema: DatabaseSchema(tables: [table], foreignKeys: []), definition: .none, jobs: 1)
        try target.commit()
    }

    private func decoded(_ rows: [[String?]]) -> [[[UInt8]?]] {
        rows.map { $0.map { $0.map { Array($0.utf8) } } }
    }

    private func file(_ directory: URL, _ name: String, _ content: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(content.utf8).write(to: directory.appendingPathComponent(name))
    }

    @Test("round trip: quoted commas, embedded newlines and quotes, NULL vs empty string, escapes, non-ASCII")
    func roundTrip() throws {
        let directory = try TestPaths.temporaryDirectory("cleanroom-csv")
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out").path
        try write(rows, table: people, to: out)

        let text = try String(contentsOfFile: out + "/people.csv", encoding: .utf8)
        #expect(
            text == "id,\"name, full\",note\r\n1,\"Gonçalves, Luís\",\"said \"\"hi\"\"\"\r\n2,\"\",\r\n"
                + "3,\"two\nlines\",\"crlf\r\ninside\"\r\n4,tab\there \\ backslash,  spaces  \r\n5,,\\N\r\n")
        let mode = try FileManager.default.attributesOfItem(atPath: out + "/people.csv")[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let source = try CSVSource(directory: out)
        #expect(
            try source.identity()
                == EndpointIdentity(
                    kind: "csv", server: URL(fileURLWithPath: out).resolvingSymlinksInPath().path, database: ""))
        let schema = try source.introspect()
        #expect(schema.tables.map(\.name) == [people.name])
        #expect(schema.tables[0].columns == people.columns)
        #expect(
            try readAll(source.openReader(table: people, columns: people.columns, filter: nil, limit: nil))
                == decoded(rows))
        let reordered = [people.columns[2], people.columns[0]]
        #expect(
            try readAll(source.openReader(table: people, columns: reordered, filter: nil, limit: 2))
                == decoded([["said \"hi\"", "1"], [nil, "2"]]))
        #expect(throws: ConnectorError.self) {
            try source.openReader(table: people, columns: people.columns, filter: "id = 1", limit: nil)
        }
    }

    @Test("parsing: byte-order mark, LF or CRLF, a last line without a line end, a blank line as a one-column NULL")
    func parsing() throws {
        let directory = try TestPaths.temporaryDirectory("cleanroom-csv")
        defer { try? FileManager.default.removeItem(at: directory) }
        try file(directory, "a.csv", "\u{FEFF}x,y\r\n\"1\",\"\"\r\n,\n\"q\"\"\",\"multi\r\nline\"")
        try file(directory, "b.csv", "only\n\nvalue\n")
        let source = try CSVSource(directory: directory.path)
        let schema = try source.introspect()
        #expect(schema.tables.map(\.name.name) == ["a", "b"])
        let a = schema.tables[0], b = schema.tables[1]
        #expect(a.columns.map(\.name) == ["x", "y"])
        #expect(
            try readAll(source.openReader(table: a, columns: a.columns, filter: nil, limit: nil))
                == decoded([["1", ""], [nil, nil], ["q\"", "multi\r\nline"]]))
        #expect(
            try readAll(source.openReader(table: b, columns: b.columns, filter: nil, limit: nil))
                == decoded([[nil], ["value"]]))
    }

    @Test("malformed CSV fails naming the file and line")
    func malformed() throws {
        let directory = try TestPaths.temporaryDirectory("cleanroom-csv")
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases: [(content: String, line: Int, says: String)] = [
            ("a,b\n1,2\n3,\"open\n\nstill open\n", 3, "unterminated quoted field"),
            ("a,b\n1,2\n\"x\",\"y\"\n1,2,3\n", 4, "expected 2 fields as in the header, found 3"),
            ("a,b\n\"1\"x,2\n", 2, "after a closing quote"),
            ("a,b\n1,2\"\n", 2, "a quote inside an unquoted field"),
        ]
        for (i, c) in cases.enumerated() {
            let folder = directory.appendingPathComponent("case\(i)")
            try file(folder, "bad.csv", c.content)
            let source = try CSVSource(directory: folder.path)
            let table = try #require(try source.introspect().tables.first)
            #expect {
                _ = try readAll(source.openReader(table: table, columns: table.columns, filter: nil, limit: nil))
            } throws: { error in
                let message = String(describing: error)
                return message.contains("bad.csv:\(c.line): ") && message.contains(c.says)
            }
        }
        try file(directory.appendingPathComponent("empty"), "none.csv", "")
        #expect { try CSVSource(directory: directory.appendingPathComponent("empty").path).introspect() } throws: {
            String(describing: $0).contains("none.csv:1: the file is empty")
        }
        try file(directory.appendingPathComponent("twice"), "dup.csv", "a,b,a\n")
        #expect { try CSVSource(directory: directory.appendingPathComponent("twice").path).introspect() } throws: {
            String(describing: $0).contains("dup.csv:1: the header names column 'a' twice")
        }
    }

    @Test("the target refuses an existing directory, and abort leaves nothing")
    func targetLifecycle() throws {
        let directory = try TestPaths.temporaryDirectory("cleanroom-csv")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect { try CSVTarget(directory: directory.path) } throws: { error in
            guard case ConnectorError.targetExists = error else { return false }
            return true
        }
        let target = try CSVTarget(directory: directory.appendingPathComponent("out").path)
        try target.prepare(schema: DatabaseSchema(tables: [people], foreignKeys: []), definition: .none)
        let writer = try target.openWriter(table: people, columns: people.columns)
        try writer.write(batch(rows))
        // The partial folder and its owner file.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 2)
        writer.close()
        target.abort()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("Chinook SQLite → CSV reads back the same COPY text, table by table")
    func chinookThroughCSV() throws {
        let directory = try TestPaths.temporaryDirectory("cleanroom-csv")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("chinook.sqlite").path
        try FileManager.default.copyItem(
            atPath: TestPaths.shared.appendingPathComponent("datasets/chinook/Chinook_Sqlite.sqlite").path,
            toPath: database)
        let out = directory.appendingPathComponent("csv").path
        let sqlite = try SQLiteSource(path: database)
        try copyAll(from: sqlite, to: CSVTarget(directory: out))
        let csv = try CSVSource(directory: out)
        let schema = try sqlite.introspect()
        #expect(try csv.introspect().tables.map(\.name.name) == schema.tables.map(\.name.name).sorted())
        for table in schema.tables {
            let original = try readAll(sqlite.openReader(table: table, columns: table.columns, filter: nil, limit: nil))
            #expect(
                try readAll(csv.openReader(table: table, columns: table.columns, filter: nil, limit: nil)) == original,
                "\(table.name)")
        }
    }
}
