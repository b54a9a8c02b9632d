import CleanroomConnectors
import CleanroomCore
import Foundation
import TestSupport
import Testing

@Suite("JSONL connectors")
struct JSONLConnectorTests {
    private func file(_ directory: URL, _ name: String, _ content: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(content.utf8).write(to: directory.appendingPathComponent(name))
    }

    private func decoded(_ rows: [[String?]]) -> [[[UInt8]?]] {
        rows.map { $0.map { $0.map { Array($0.utf8) } } }
    }

    private static let events = #"""
        {"id": 1, "price": 1.50, "ok": true, "tags": ["a", "b"], "who": {"name": "Luís", "age": 40}, "note": "tab\there\nnew \"q\" \\ \u00e9\ud83c\udfb5"}

        {"note": null, "id": 2, "price": -0, "ok": false, "who": null, "tags": [], "extra": "only here"}
        {"id": 12345678901234567890, "price": 1e3, "ok": null, "tags": [{"k": [1, {"x": null}]}], "who": {}, "note": "日本語 🎵"}
        """#

    @Test(
        "introspection: keys in first-seen order, kinds from values; reading: JSON text exactly, null and missing → NULL"
    )
    func reading() throws {
        let directory = try TestPaths.temporaryDirectory("cleanroom-jsonl")
        defer { try? FileManager.default.removeItem(at: directory) }
        try file(directory, "events.jsonl", Self.events)
        let source = try JSONLSource(directory: directory.path)
        let table = try #require(try source.introspect().tables.first)
        #expect(table.name == QualifiedName(schema: "main", name: "events"))
        #expect(table.columns.map(\.name) == ["id", "price", "ok", "tags", "who", "note", "extra"])
        #expect(table.columns.map(\.kind) == [.integer, .numeric, .boolean, .json, .json, .text, .text])

        let rows = try readAll(source.openReader(table: table, columns: table.columns, filter: nil, limit: nil))
        #expect(
            rows
                == decoded([
                    [
                        "1", "1.50", "true", #"["a","b"]"#, #"{"name":"Luís","age":40}"#, "tab\there\nnew \"q\" \\ é🎵",
                        nil,
                    ],
                    ["2", "-0", "false", "[]", nil, nil, "only here"],
                    ["12345678901234567890", "1e3", nil, #"[{"k":[1,{"x":null}]}]"#, "{}", "日本語 🎵", nil],
                ]))
        let some = try readAll(
            source.openReader(table: table, columns: [table.columns[6], table.columns[0]], filter: nil, limit: 2))
        #expect(some == decoded([[nil, "1"], ["only here", "2"]]))
        #expect(throws: ConnectorError.self) {
            try source.openReader(table: table, columns: table.columns, filter: "id = 1", limit: nil)
        }
    }

    @Test(
        "round trip through a JSONL target: keys in column order, numbers, booleans and nested JSON kept, strings escaped"
    )
    func roundTrip() throws {
        let directory = try TestPaths.temporaryDirectory("cleanroom-jsonl")
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in")
        try file(input, "events.jsonl", Self.events)
        let out = directory.appendingPathComponent("out").path
        let source = try JSONLSource(directory: input.path)
        try copyAll(from: source, to: JSONLTarget(directory: out))

        let written = try String(contentsOfFile: out + "/events.jsonl", encoding: .utf8)
        let lines = written.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4 && lines[3].isEmpty)
        #expect(
            lines[0]
                == #"{"id":1,"price":1.50,"ok":true,"tags":["a","b"],"who":{"name":"Luís","age":40},"note":"tab\there\nnew \"q\" \\ é🎵","extra":null}"#
        )
        #expect(lines[1] == #"{"id":2,"price":-0,"ok":false,"tags":[],"who":null,"note":null,"extra":"only here"}"#)

        let copy = try JSONLSource(directory: out)
        let table = try #require(try copy.introspect().tables.first)
        let original = try #require(try source.introspect().tables.first)
        #expect(table.columns == original.columns)
        #expect(
            try readAll(copy.openReader(table: table, columns: table.columns, filter: nil, limit: nil))
                == readAll(source.openReader(table: original, columns: original.columns, filter: nil, limit: nil)))
    }

    @Test("the writer picks JSON types by column kind and falls back to strings")
    func writerKinds() throws {
        let directory = try TestPaths.temporaryDirectory("cleanroom-jsonl")
        defer { try? FileManager.default.removeItem(at: directory) }
        let table = Table(
            name: QualifiedName(schema: "public", name: "t"),
            columns: [
                Column(name: "n", typeName: "numeric", kind: .numeric),
                Column(name: "b", typeName: "boolean", kind: .boolean),
                Column(name: "j", typeName: "jsonb", kind: .json),
                Column(name: "s", typeName: "text", kind: .text),
            ])
        let schema = DatabaseSchema(tables: [table], foreignKeys: [])
        let out = directory.appendingPathComponent("out").path
        let target = try JSONLTarget(directory: out)
        try target.prepare(schema: schema, definition: .none)
        let writer = try target.openWriter(table: table, columns: table.columns)
        try writer.write(
            batch([
                ["12.50", "t", "{\"a\": [1, 2],\n \"b\": \"x y\"}", "\u{1}ctl"],
                ["NaN", "maybe", "{not json", "42"],
                [nil, "f", "null", ""],
            ]))
        #expect {
            var bad = RowBatch()
            bad.appendRow(values: [nil, nil, nil, [0x66, 0xFF]])
            try writer.write(bad)
        } throws: { String(describing: $0) == "public.t.s, row 4: the text is not valid UTF-8, which JSON requires" }
        try writer.finish()
        try target.commit()
        #expect(
            try String(contentsOfFile: out + "/t.jsonl", encoding: .utf8) == """
                {"n":12.50,"b":true,"j":{"a":[1,2],"b":"x y"},"s":"\\u0001ctl"}
                {"n":"NaN","b":"maybe","j":"{not json","s":"42"}
                {"n":null,"b":false,"j":null,"s":""}

                """)
    }

    @Test("a malformed line fails naming the file, line and column")
    func malformed() throws {
        let directory = try TestPaths.temporaryDirectory("cleanroom-jsonl")
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases: [(content: String, says: String)] = [
            ("{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3,}\n", "bad.jsonl:3: invalid JSON at column 9: expected a quoted key"),
            (
                "{\"a\": 1}\n\n[1, 2]\n",
                "bad.jsonl:3: invalid JSON at column 1: expected a JSON object (a line must hold one object)"
            ),
            ("{\"a\": \"open}\n", "bad.jsonl:1: invalid JSON at column 13: unterminated string"),
            ("{\"a\": 01}\n", "bad.jsonl:1: invalid JSON at column 8: expected ',' or '}' after a value"),
            ("{\"a\": 1} x\n", "bad.jsonl:1: invalid JSON at column 10: unexpected text after the JSON value"),
        ]
        for (i, c) in cases.enumerated() {
            let folder = directory.appendingPathComponent("case\(i)")
            try file(folder, "bad.jsonl", c.content)
            #expect {
                let source = try JSONLSource(directory: folder.path)
                let table = try source.introspect().tables[0]
                _ = try readAll(source.openReader(table: table, columns: table.columns, filter: nil, limit: nil))
            } throws: { error in
                String(describing: error).hasSuffix(c.says)
            }
        }
    }

    @Test("Chinook SQLite → JSONL reads back the same COPY text, table by table")
    func chinookThroughJSONL() throws {
        let directory = try TestPaths.temporaryDirectory("cleanroom-jsonl")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("chinook.sqlite").path
        try FileManager.default.copyItem(
            atPath: TestPaths.shared.appendingPathComponent("datasets/chinook/Chinook_Sqlite.sqlite").path,
            toPath: database)
        let out = directory.appendingPathComponent("jsonl").path
        let sqlite = try SQLiteSource(path: database)
        try copyAll(from: sqlite, to: JSONLTarget(directory: out))
        let jsonl = try JSONLSource(directory: out)
        let track = try #require(try jsonl.introspect().table(QualifiedName(schema: "main", name: "Track")))
        #expect(track.column(named: "UnitPrice")?.kind == .numeric)
        #expect(track.column(named: "Milliseconds")?.kind == .integer)
        for table in try sqlite.introspect().tables {
            let original = try readAll(sqlite.openReader(table: table, columns: table.columns, filter: nil, limit: nil))
            #expect(
                try readAll(jsonl.openReader(table: table, columns: table.columns, filter: nil, limit: nil))
                    == original,
                "\(table.name)")
        }
    }
}
