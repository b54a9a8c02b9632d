import CleanroomCore
import Testing

@Suite("COPY text codec")
struct CopyTextTests {
    private func roundTrip(_ value: [UInt8]?) -> [UInt8]? {
        var encoded: [UInt8] = []
        CopyText.escape(value, into: &encoded)
        #expect(!encoded.contains(CopyText.tab))
        #expect(!encoded.contains(CopyText.newline))
        return encoded.withUnsafeBufferPointer { CopyText.decode($0) }
    }

    @Test("values with tabs, newlines, backslashes, \\N text and non-ASCII survive escape and unescape")
    func roundTrips() {
        let cases: [[UInt8]?] = [
            nil, [], Array("\\N".utf8), Array("a\tb\nc\r\\d".utf8), Array("Gonçalves ı".utf8),
            (0...255).map { UInt8($0) },
        ]
        for c in cases { #expect(roundTrip(c) == c) }
    }

    @Test("PostgreSQL's escapes decode: octal, hex, \\b \\f \\v")
    func postgresEscapes() {
        let encoded = Array(#"\101\x42\b\f\v\\"#.utf8)
        let decoded = encoded.withUnsafeBufferPointer { CopyText.decode($0) }
        #expect(decoded == [0x41, 0x42, 0x08, 0x0C, 0x0B, 0x5C])
    }

    @Test(
        "odd escapes decode as PostgreSQL reads them: short and overlong octal, bare \\x, unknown letters, a trailing backslash"
    )
    func oddEscapes() {
        func decode(_ text: String) -> [UInt8]? { Array(text.utf8).withUnsafeBufferPointer { CopyText.decode($0) } }
        #expect(decode(#"\7\777\08"#) == [0x07, 0xFF, 0x00, 0x38])
        #expect(decode(#"\x\xg\x4\x4a1"#) == Array("x".utf8) + Array("xg".utf8) + [0x04, 0x4A, 0x31])
        #expect(decode(#"\q\N\8a\"#) == Array(#"qN8a\"#.utf8))
        #expect(decode(#"plain text, no escapes"#) == Array("plain text, no escapes".utf8))
        #expect(decode(#"\N"#) == nil)
        #expect(decode("") == [])
    }

    @Test("escaping writes exactly backslash, tab, newline and carriage return as escapes")
    func escapeBytes() {
        var out: [UInt8] = []
        CopyText.escape((0...255).map { UInt8($0) }, into: &out)
        var expected: [UInt8] = []
        for b in 0...255 {
            switch b {
            case 0x5C: expected += Array(#"\\"#.utf8)
            case 0x09: expected += Array(#"\t"#.utf8)
            case 0x0A: expected += Array(#"\n"#.utf8)
            case 0x0D: expected += Array(#"\r"#.utf8)
            default: expected.append(UInt8(b))
            }
        }
        #expect(out == expected)
        out = Array("kept:".utf8)
        CopyText.escape(Array("a\\tb".utf8)[...], into: &out)
        CopyText.escape(nil as [UInt8]?, into: &out)
        #expect(out == Array(#"kept:a\\tb\N"#.utf8))
    }

    @Test("escaping in place leaves the bytes before the value alone and encodes it as escaping it would")
    func escapeInPlace() {
        let values: [[UInt8]] = [
            [], Array("no escapes, longer than a word".utf8), Array("a\tb".utf8), Array("x\ty\nz\r\\".utf8),
            Array("twenty clean bytes..\ttab".utf8), (0...255).map { UInt8($0) },
        ]
        for value in values {
            var expected = Array("kept\t:".utf8)
            CopyText.escape(value, into: &expected)
            var out = Array("kept\t:".utf8)
            let start = out.count
            out += value
            CopyText.escape(&out, from: start)
            #expect(out == expected)
        }
    }

    @Test("decoding into a reused buffer replaces what it held, fields with and without escapes alike")
    func unescapeReplacing() {
        var out = Array("an earlier, longer value".utf8)
        for (encoded, decoded) in [
            ("plain", "plain"), (#"tab\there"#, "tab\there"), ("", ""), (#"a\\b\nc"#, "a\\b\nc"),
            ("a value longer than the last one, without escapes", "a value longer than the last one, without escapes"),
        ] {
            Array(encoded.utf8).withUnsafeBufferPointer { CopyText.unescape($0, replacing: &out) }
            #expect(out == Array(decoded.utf8))
        }
    }

    @Test("rows with more fields than the split's first buffer holds keep every field")
    func wideRows() {
        var batch = RowBatch()
        let wide: [[UInt8]?] = (0..<100).map { $0 % 7 == 3 ? nil : Array("f\($0)".utf8) }
        batch.appendRow(values: wide)
        batch.appendRow(values: [Array("short".utf8)])
        batch.appendRow(values: Array(wide.reversed()))
        var rows: [[[UInt8]?]] = []
        batch.forEachRow { fields in rows.append(fields.map { CopyText.decode($0) }) }
        #expect(rows == [wide, [Array("short".utf8)], Array(wide.reversed())])
    }

    @Test("a batch splits into rows and fields; NULL is distinct from the empty string")
    func batchSplitting() {
        var batch = RowBatch()
        batch.appendRow(values: [Array("1".utf8), nil, []])
        batch.appendRow(values: [Array("x\ty".utf8), Array("\\N".utf8), Array("z".utf8)])
        var rows: [[[UInt8]?]] = []
        batch.forEachRow { fields in rows.append(fields.map { CopyText.decode($0) }) }
        #expect(batch.rowCount == 2)
        #expect(rows == [[Array("1".utf8), nil, []], [Array("x\ty".utf8), Array("\\N".utf8), Array("z".utf8)]])
    }

    @Test("a bounded queue hands items over in order and drains after close")
    func boundedQueue() async {
        let queue = BoundedQueue<Int>(capacity: 2)
        let producer = Task.detached {
            for i in 0..<100 { queue.put(i) }
            queue.close()
        }
        var got: [Int] = []
        while let i = queue.take() { got.append(i) }
        await producer.value
        #expect(got == Array(0..<100))
        #expect(queue.put(5) == false)
    }
}
