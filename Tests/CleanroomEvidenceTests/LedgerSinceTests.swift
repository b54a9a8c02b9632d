import CleanroomCore
import CleanroomCrypto
import CleanroomEvidence
import Foundation
import Testing

/// `Ledger.verify(since:)` (`evidence verify --since SEQ:DIGEST`) on real ledger files: the entry must
/// still be there, it and everything after it must chain and verify, and entries before it are not
/// judged.
@Suite("Ledger verification since an entry")
struct LedgerSinceTests {
    /// A five-entry ledger and the `LedgerHead` of its third entry.
    func ledger() throws -> (directory: URL, ledger: Ledger, key: Ed25519PrivateKey, since: LedgerHead) {
        let (directory, _, key, _) = try Fixtures.keys()
        let ledger = try Fixtures.ledger(in: directory, count: 5, key: key)
        let third = try Fixtures.lines(of: ledger)[2]
        return (directory, ledger, key, LedgerHead(seq: 3, digest: Hex.encode(SHA256Hasher.digest(Array(third.utf8)))))
    }

    func edit(_ ledger: Ledger, line index: Int) throws {
        var lines = try Fixtures.lines(of: ledger)
        lines[index] = lines[index].replacingOccurrences(of: #""payload":"ey"#, with: #""payload":"eY"#)
        try Fixtures.write(lines, to: ledger)
    }

    @Test("an intact ledger verifies since any of its entries, and the verdict says from where")
    func intact() throws {
        let (directory, ledger, key, since) = try ledger()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try ledger.verify(publicKey: key.publicKey(), since: since)
        #expect(report.isValid, "\(report.problems)")
        #expect(report.verdict.hasPrefix("valid: 5 entries, checked from entry 3 on"), "\(report.verdict)")
    }

    @Test("edits and gaps before the entry are not judged; the same edits after it are")
    func scope() throws {
        let (directory, ledger, key, since) = try ledger()
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = try Fixtures.lines(of: ledger)
        try edit(ledger, line: 1)  // entry 2: its signature fails, and with it the link into entry 3
        #expect(!(try ledger.verify(publicKey: key.publicKey()).isValid))
        #expect(try ledger.verify(publicKey: key.publicKey(), since: since).isValid)

        try Fixtures.write(Array(original[2...]), to: ledger)  // entries 1 and 2 removed
        #expect(!(try ledger.verify(publicKey: key.publicKey()).isValid))
        #expect(try ledger.verify(publicKey: key.publicKey(), since: since).isValid)

        try Fixtures.write(original, to: ledger)
        try edit(ledger, line: 3)  // entry 4
        let after = try ledger.verify(publicKey: key.publicKey(), since: since)
        #expect(
            after.problems.map(\.description).contains { $0.contains("entry 4 fails verification") },
            "\(after.problems)")

        try Fixtures.write(original, to: ledger)
        try edit(ledger, line: 2)  // the entry itself: its digest no longer matches
        let itself = try ledger.verify(publicKey: key.publicKey(), since: since)
        #expect(!itself.isValid)
        #expect(
            itself.problems.map(\.description).contains { $0.contains("rewritten or forked") }, "\(itself.problems)")

        try Fixtures.write(original.enumerated().filter { $0.offset != 3 }.map(\.element), to: ledger)
        let gap = try ledger.verify(publicKey: key.publicKey(), since: since)
        #expect(
            gap.problems.map(\.description).contains { $0.contains("entry 4 is missing before entry 5") },
            "\(gap.problems)")
    }

    @Test("a ledger cut short before the entry fails")
    func truncated() throws {
        let (directory, ledger, key, since) = try ledger()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Fixtures.write(Array(try Fixtures.lines(of: ledger).prefix(2)), to: ledger)
        let report = try ledger.verify(publicKey: key.publicKey(), since: since)
        #expect(report.problems == [.headMissing(expected: since, lastSeq: 2)])
    }
}
