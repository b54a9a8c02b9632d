import CleanroomCore
import CleanroomCrypto
import CleanroomEvidence
import Foundation
import TestSupport

/// Statements, key pairs and ledgers for the evidence tests.
enum Fixtures {
    static let started = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    /// A masking run statement; `number` varies the content so envelopes differ.
    static func maskStatement(
        _ number: Int = 1, fingerprint: String = "0123456789abcdef"
    ) -> Statement<MaskPredicate> {
        Statement(
            subject: [
                Subject(
                    name: "table:public.customer",
                    sha256: Hex.encode(SHA256Hasher.digest(Array("customer \(number)".utf8))))
            ],
            predicate: MaskPredicate(
                header: RunHeader(
                    kind: .mask, toolVersion: "0.1.0",
                    target: .init(
                        endpoint: "postgres://ci@127.0.0.1:5432/ci_\(number)", environment: "ci-\(number)",
                        classification: "test", label: "cleanroom:ci-ephemeral:test"),
                    guards: [.init(name: "target-not-production", decision: .passed, detail: "classification test")],
                    startedAt: started.addingTimeInterval(Double(number) * 60),
                    finishedAt: started.addingTimeInterval(Double(number) * 60 + 5),
                    outcome: .succeeded),
                rulesDigest: Hex.encode(SHA256Hasher.digest(Array("rules".utf8))),
                maskingKeyFingerprint: fingerprint,
                source: .init(kind: "postgres", server: "7312345678901234567", database: "shop"),
                columns: [
                    .init(
                        table: "public.customer", column: "email", transform: "fake: email (unique)",
                        domain: "public.customer.email", rowsProcessed: 599, valuesChanged: 599),
                    .init(
                        table: "public.customer", column: "customer_id", transform: "keep", rowsProcessed: 599,
                        valuesChanged: 0),
                ],
                leakProbe: .init(
                    checkedValues: 599, hits: 0, method: "keyed-digest-set", passedTextColumnsScanned: 1, patternHits: 0
                ),
                authorization: "CHG-\(1000 + number)"))
    }

    /// A fresh signing key pair in a new temporary directory.
    static func keys() throws -> (
        directory: URL, files: SigningKeyFiles, key: Ed25519PrivateKey, publicKey: Ed25519PublicKey
    ) {
        let directory = try TestPaths.temporaryDirectory("cleanroom-evidence")
        let files = try SigningKeys.generate(directory: directory.path)
        return (
            directory, files, try SigningKeys.loadPrivate(path: files.privateKeyPath),
            try SigningKeys.loadPublic(path: files.publicKeyPath)
        )
    }

    /// A ledger of `count` signed mask statements in `directory`.
    static func ledger(in directory: URL, count: Int, key: Ed25519PrivateKey) throws -> Ledger {
        let ledger = Ledger(path: directory.appendingPathComponent("ledger.jsonl").path)
        for number in 1...count {
            try ledger.append(
                EvidenceSigner.sign(maskStatement(number), key: key),
                recordedAt: started.addingTimeInterval(Double(number) * 60 + 10))
        }
        return ledger
    }

    /// The ledger's lines, for tampering.
    static func lines(of ledger: Ledger) throws -> [String] {
        try String(contentsOfFile: ledger.path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// Replaces the ledger's contents with `lines`.
    static func write(_ lines: [String], to ledger: Ledger) throws {
        try (lines.joined(separator: "\n") + "\n").write(toFile: ledger.path, atomically: true, encoding: .utf8)
    }

    /// Appends `envelope` as entry `seq`, chained to the last line, by writing the file as an attacker would.
    static func forge(_ envelope: Envelope, after ledger: Ledger, seq: Int) throws {
        struct Line: Encodable {
            var seq: Int
            var prev: String
            var recordedAt: Date
            var envelope: Envelope
        }
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: ledger.path)))
        let last = bytes.dropLast().split(separator: UInt8(ascii: "\n")).last ?? []
        let line = try EvidenceJSON.encode(
            Line(seq: seq, prev: Hex.encode(SHA256Hasher.digest(Array(last))), recordedAt: Date(), envelope: envelope))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: ledger.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line + [UInt8(ascii: "\n")]))
        try handle.close()
    }
}
