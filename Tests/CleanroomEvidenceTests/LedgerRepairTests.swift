import CleanroomCore
import CleanroomCrypto
import CleanroomEvidence
import Foundation
import Testing

/// `Ledger.repair` (`cleanroom evidence repair`) on real ledger files: a half line at the end is moved
/// aside byte for byte and a signed record of it appended; an intact ledger, or damage that is not a
/// half line, is refused and left as it was.
@Suite("Ledger repair of a damaged tail")
struct LedgerRepairTests {
    static let halfLine = Array(#"{"envelope":{"payload":"eyJfdHlwZSI6Imh0dHBz"#.utf8)
    static let repairedAt = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    func append(_ bytes: [UInt8], to ledger: Ledger) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: ledger.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
    }

    @Test("a half line is moved to LEDGER.damaged-<timestamp>, the ledger verifies, and runs can record again")
    func movesTheTail() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 3, key: key)
        let intactSize = try Data(contentsOf: URL(fileURLWithPath: ledger.path)).count
        try append(Self.halfLine, to: ledger)
        #expect(throws: LedgerError.unterminatedLastLine(SourceLocation(file: ledger.path), offset: intactSize)) {
            try ledger.checkAppendable(signedBy: publicKey)
        }

        let (entry, moved) = try ledger.repair(key: key, toolVersion: "0.9.0", at: Self.repairedAt)
        let damaged = ledger.path + ".damaged-20260101T000000Z"
        #expect(moved.movedTo == damaged && moved.offset == intactSize && moved.bytes == Self.halfLine.count)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: damaged))) == Self.halfLine)
        #expect(moved.sha256 == Hex.encode(SHA256Hasher.digest(Self.halfLine)))

        let report = try ledger.verify(publicKey: publicKey)
        #expect(report.isValid, "\(report.problems)")
        #expect(report.records.count == 4 && entry.seq == 4)
        let record = try #require(report.records.last?.statement?.ledgerRepair)
        #expect(record.predicate.repair == moved)
        #expect(record.subject == [Subject(name: "file:\(damaged)", sha256: moved.sha256)])
        try ledger.checkAppendable(signedBy: publicKey)
        try ledger.append(EvidenceSigner.sign(Fixtures.maskStatement(5), key: key))
        #expect(try ledger.verify(publicKey: publicKey).isValid)
    }

    @Test("a tail longer than the last-line window is reported from its first byte and moved whole")
    func longTail() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 1, key: key)
        let intactSize = try Data(contentsOf: URL(fileURLWithPath: ledger.path)).count
        let tail = Self.halfLine + Array(repeating: UInt8(ascii: "A"), count: 40_000)
        try append(tail, to: ledger)
        #expect(throws: LedgerError.unterminatedLastLine(SourceLocation(file: ledger.path), offset: intactSize)) {
            try ledger.checkAppendable(signedBy: publicKey)
        }
        let (_, moved) = try ledger.repair(key: key, toolVersion: "0.9.0", at: Self.repairedAt)
        #expect(moved.offset == intactSize && moved.bytes == tail.count)
        #expect(try ledger.verify(publicKey: publicKey).isValid)
    }

    @Test("an intact ledger is refused (exit 3) and not touched")
    func refusesIntact() throws {
        let (directory, _, key, _) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 2, key: key)
        let before = try Data(contentsOf: URL(fileURLWithPath: ledger.path))
        #expect(throws: LedgerError.nothingToRepair(path: ledger.path)) {
            try ledger.repair(key: key, toolVersion: "0.9.0")
        }
        #expect(LedgerError.nothingToRepair(path: ledger.path).exitStatus == .guardRefused)
        #expect(try Data(contentsOf: URL(fileURLWithPath: ledger.path)) == before)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!files.contains { $0.contains(".damaged-") }, "\(files)")
    }

    @Test("a damaged complete line before the tail is not a half line: refused, nothing moved")
    func refusesOtherDamage() throws {
        let (directory, _, key, _) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 2, key: key)
        try append(Array("not an entry\n".utf8) + Self.halfLine, to: ledger)
        let before = try Data(contentsOf: URL(fileURLWithPath: ledger.path))
        #expect {
            try ledger.repair(key: key, toolVersion: "0.9.0")
        } throws: { error in
            guard case LedgerError.unparseableLine(let location, _) = error else { return false }
            return location.line == 3
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: ledger.path)) == before)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!files.contains { $0.contains(".damaged-") }, "\(files)")
    }
}
