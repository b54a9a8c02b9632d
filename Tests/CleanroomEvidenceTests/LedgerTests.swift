import CleanroomCore
import CleanroomCrypto
import CleanroomEvidence
import Foundation
import Testing

@Suite("Ledger")
struct LedgerTests {
    @Test("appended entries chain and verify; statements and subjects are retrievable")
    func appendAndVerify() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 3, key: key)
        let report = try ledger.verify(publicKey: publicKey)
        #expect(report.problems == [])
        #expect(report.isValid)
        #expect(report.records.map(\.seq) == [1, 2, 3])
        #expect(report.records.map(\.line) == [1, 2, 3])
        #expect(report.records[0].entry.prev == Ledger.genesisDigest)
        #expect(report.records[1].entry.prev == report.records[0].entry.digest)
        #expect(report.records[2].statement == .mask(Fixtures.maskStatement(3)))
        #expect(report.records[2].subjects == Fixtures.maskStatement(3).subject)
        #expect(report.headDigest == report.records[2].entry.digest)
        #expect(report.verdict.hasPrefix("valid: 3 entries"))

        let lines = try Fixtures.lines(of: ledger)
        #expect(lines[0].hasPrefix(#"{"envelope":{"payload":""#))
        #expect(
            lines[0].hasSuffix(
                #""prev":"0000000000000000000000000000000000000000000000000000000000000000","recordedAt":"2026-01-01T00:01:10Z","seq":1}"#
            ))
        #expect(Hex.encode(SHA256Hasher.digest(Array(lines[0].utf8))) == report.records[1].entry.prev)
    }

    @Test("an empty ledger file is valid with no entries; a missing one is an I/O error")
    func emptyAndMissing() throws {
        let (directory, _, _, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ledger.jsonl").path
        #expect(throws: LedgerError.self) { try Ledger(path: path).verify(publicKey: publicKey) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let report = try Ledger(path: path).verify(publicKey: publicKey)
        #expect(report.isValid && report.records.isEmpty && report.headDigest == nil)
    }

    @Test("an edited byte inside an envelope is a signature failure of that entry alone")
    func editedEnvelope() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 5, key: key)
        var lines = try Fixtures.lines(of: ledger)
        var bytes = Array(lines[2].utf8)
        let index = try #require(bytes.firstRange(of: Array(#""payload":""#.utf8))).upperBound + 40
        bytes[index] = bytes[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        lines[2] = String(decoding: bytes, as: UTF8.self)
        try Fixtures.write(lines, to: ledger)

        let report = try ledger.verify(publicKey: publicKey)
        let error = EvidenceError.signatureInvalid(keyID: publicKey.keyID, signedBy: [publicKey.keyID])
        #expect(report.problems == [.signatureInvalid(entry: 3, SourceLocation(file: ledger.path, line: 3), error)])
        #expect(report.records[2].statement == nil && !report.records[2].signatureValid)
        #expect(report.problems[0].description.contains("ledger.jsonl:3: entry 3 fails verification"))
    }

    @Test("an edit outside the envelope breaks the chain at the next entry")
    func editedOutsideEnvelope() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 5, key: key)
        var lines = try Fixtures.lines(of: ledger)
        lines[2] = lines[2].replacingOccurrences(
            of: #""recordedAt":"2026-01-01T00:03:10Z""#, with: #""recordedAt":"2026-01-01T00:03:11Z""#)
        try Fixtures.write(lines, to: ledger)
        let report = try ledger.verify(publicKey: publicKey)
        #expect(report.problems == [.chainBroken(entry: 4, SourceLocation(file: ledger.path, line: 4), previous: 3)])
    }

    @Test("a removed entry is reported as missing at the entry that follows the gap")
    func removedEntry() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 5, key: key)
        var lines = try Fixtures.lines(of: ledger)
        lines.remove(at: 2)
        try Fixtures.write(lines, to: ledger)
        let report = try ledger.verify(publicKey: publicKey)
        #expect(
            report.problems == [
                .entriesMissing(first: 3, last: 3, before: 4, SourceLocation(file: ledger.path, line: 3))
            ])

        lines.removeFirst()
        try Fixtures.write(lines, to: ledger)
        #expect(
            try ledger.verify(publicKey: publicKey).problems == [
                .entriesMissing(first: 1, last: 1, before: 2, SourceLocation(file: ledger.path, line: 1)),
                .entriesMissing(first: 3, last: 3, before: 4, SourceLocation(file: ledger.path, line: 2)),
            ])
    }

    @Test("reordered entries are reported as out of order")
    func reorderedEntries() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 5, key: key)
        var lines = try Fixtures.lines(of: ledger)
        lines.swapAt(2, 3)
        try Fixtures.write(lines, to: ledger)
        let report = try ledger.verify(publicKey: publicKey)
        #expect(report.problems == [.outOfOrder(entry: 3, SourceLocation(file: ledger.path, line: 4), follows: 4)])
    }

    @Test("a copied line is reported as a duplicate")
    func duplicatedEntry() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 3, key: key)
        var lines = try Fixtures.lines(of: ledger)
        lines.insert(lines[1], at: 2)
        try Fixtures.write(lines, to: ledger)
        #expect(
            try ledger.verify(publicKey: publicKey).problems == [
                .duplicateEntry(entry: 2, SourceLocation(file: ledger.path, line: 3))
            ])
    }

    @Test("verifying with another key is one wrongPublicKey problem naming both key ids")
    func wrongKey() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 4, key: key)
        let other = try Ed25519PrivateKey.generate().publicKey()
        let report = try ledger.verify(publicKey: other)
        #expect(report.problems == [.wrongPublicKey(keyID: other.keyID, ledgerKeyIDs: [publicKey.keyID])])
        #expect(report.problems[0].description.contains("key id \(other.keyID)"))
        #expect(report.problems[0].description.contains("signed by key id \(publicKey.keyID)"))
        #expect(report.records.allSatisfy { $0.statement == nil })
    }

    @Test("an unparseable line is reported with file:line and nothing else")
    func unparseableLine() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 5, key: key)
        var lines = try Fixtures.lines(of: ledger)
        lines[2] = String(lines[2].dropLast(3))
        try Fixtures.write(lines, to: ledger)
        let report = try ledger.verify(publicKey: publicKey)
        #expect(
            report.problems == [.unparseableLine(SourceLocation(file: ledger.path, line: 3), reason: "not valid JSON")])
        #expect(report.problems[0].description.hasPrefix("\(ledger.path):3: not a ledger entry"))

        lines[2] =
            #"{"seq":3,"prev":"xyz","recordedAt":"2026-01-01T00:00:00Z","envelope":{"payloadType":"a","payload":"","signatures":[]}}"#
        try Fixtures.write(lines, to: ledger)
        #expect(
            try ledger.verify(publicKey: publicKey).problems == [
                .unparseableLine(
                    SourceLocation(file: ledger.path, line: 3), reason: "prev is not 64 lower-case hex digits")
            ])
    }

    @Test("append refuses to chain onto an unterminated or unparseable last line; verify reports it")
    func refusesDamagedTail() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 2, key: key)
        let envelope = try EvidenceSigner.sign(Fixtures.maskStatement(3), key: key)
        let handle = try #require(FileHandle(forWritingAtPath: ledger.path))
        let offset = Int(try handle.seekToEnd())
        try handle.write(contentsOf: Data(#"{"seq":3"#.utf8))
        try handle.close()
        #expect(throws: LedgerError.unterminatedLastLine(SourceLocation(file: ledger.path), offset: offset)) {
            try ledger.append(envelope)
        }
        let report = try ledger.verify(publicKey: publicKey)
        #expect(
            report.problems == [
                .unparseableLine(SourceLocation(file: ledger.path, line: 3), reason: "not valid JSON"),
                .unterminatedLastLine(SourceLocation(file: ledger.path, line: 3), offset: offset),
            ])

        var lines = try Fixtures.lines(of: ledger)
        lines[2] = "not json"
        try Fixtures.write(lines, to: ledger)
        #expect(
            throws: LedgerError.unparseableLine(SourceLocation(file: ledger.path), reason: "last line: not valid JSON")
        ) {
            try ledger.append(envelope)
        }
    }

    @Test("8 threads × 25 concurrent appends give 200 entries in one valid chain")
    func concurrentAppends() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = Ledger(path: directory.appendingPathComponent("ledger.jsonl").path)
        let envelope = try EvidenceSigner.sign(Fixtures.maskStatement(), key: key)
        let threads = 8
        let perThread = 25
        let failures = BoundedQueue<String>(capacity: threads * perThread)
        let done = DispatchGroup()
        for _ in 0..<threads {
            done.enter()
            Thread.detachNewThread {
                for _ in 0..<perThread {
                    do {
                        try ledger.append(envelope)
                    } catch {
                        failures.put("\(error)")
                    }
                }
                done.leave()
            }
        }
        done.wait()
        failures.close()
        #expect(failures.take() == nil)
        let report = try ledger.verify(publicKey: publicKey)
        #expect(report.problems == [])
        #expect(report.records.map(\.seq) == Array(1...(threads * perThread)))
    }
}
