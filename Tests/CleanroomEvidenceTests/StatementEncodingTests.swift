import CleanroomCrypto
import CleanroomEvidence
import Foundation
import Testing

/// Every kind of statement encodes exactly as version 1 wrote it, so ledgers written by earlier
/// versions still verify and digests of statements stay comparable. The expected lines in
/// StatementFixtures/statements-v1.txt were written by the code before predicates had a type per kind.
@Suite("Statement encoding (v1 bytes)")
struct StatementEncodingTests {
    static let t0 = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static let position = RunPredicate.LedgerPosition(seq: 7, previous: String(repeating: "ab", count: 32))

    static func expected() throws -> [String: String] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("StatementFixtures/statements-v1.txt")
        var lines: [String: String] = [:]
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            lines[String(parts[0])] = String(parts[1])
        }
        return lines
    }

    static func statements() throws -> [(String, Statement)] {
        let digest = String(repeating: "0f", count: 32)
        let rules = String(repeating: "1e", count: 32)
        let target = RunPredicate.Target(
            endpoint: "postgres://ci@127.0.0.1:5432/cr_ci-42", environment: "ci-42", classification: "test",
            label: "cleanroom:ci-ephemeral:test", expiresAt: t0.addingTimeInterval(86_400))
        let columns = [
            RunPredicate.ColumnEntry(
                table: "public.customer", column: "email", transform: "fake: email (unique)",
                domain: "public.customer.email", rowsProcessed: 599, valuesChanged: 599),
            RunPredicate.ColumnEntry(
                table: "public.customer", column: "store_id", transform: "keep", rowsProcessed: 599, valuesChanged: 0),
        ]
        let probe = RunPredicate.LeakProbe(
            checkedValues: 1198, hits: 0, method: "bloom(siphash-1-3, per-run secret)", falsePositiveRate: 2.5e-9,
            passedTextColumnsScanned: 3, patternHits: 1)
        let separation = RunPredicate.GuardDecision(
            name: "separation: target is not the source", decision: .passed, detail: "system 1 ≠ system 2")
        let production = RunPredicate.GuardDecision(
            name: "target-not-production", decision: .passed, detail: "classification test")
        let source = RunPredicate.SourceIdentity(kind: "postgres", server: "7312345678901234567", database: "pagila")
        let access = RunPredicate.AccessControl(
            role: "cr_ci-42_owner", grants: ["REVOKE CONNECT ON DATABASE \"cr_ci-42\" FROM PUBLIC"])
        let subjects = [Subject(name: "table:public.customer", sha256: digest)]

        let mask = RunPredicate(
            kind: .mask, toolVersion: "0.9.0", rulesDigest: rules, maskingKeyFingerprint: "0123456789abcdef",
            source: source, target: .init(endpoint: "sqlite:/tmp/out.sqlite"), columns: columns, leakProbe: probe,
            guards: [separation], startedAt: t0, finishedAt: t0.addingTimeInterval(5), outcome: .succeeded)
        let provision = RunPredicate(
            kind: .provision, toolVersion: "0.9.0", rulesDigest: rules, maskingKeyFingerprint: "0123456789abcdef",
            source: source, target: target, columns: columns, leakProbe: probe, guards: [separation, production],
            authorization: "CHG-1042", access: access, startedAt: t0, finishedAt: t0.addingTimeInterval(9),
            outcome: .succeeded)
        var clone = provision
        clone.origin = RunPredicate.Origin(
            environment: "golden_ci-ephemeral", ledgerSeq: 3, ledgerEntryDigest: String(repeating: "cd", count: 32))
        let maskFailed = RunPredicate(
            kind: .mask, toolVersion: "0.9.0", rulesDigest: rules, maskingKeyFingerprint: "0123456789abcdef",
            target: .init(endpoint: "sqlite:/tmp/out.sqlite"),
            guards: [
                .init(name: "separation: target is not the source", decision: .refused, detail: "same database")
            ],
            startedAt: t0, finishedAt: t0.addingTimeInterval(1), outcome: .failed, failureMessage: "same database")
        let provisionFailed = RunPredicate(
            kind: .provision, toolVersion: "0.9.0", target: target, guards: [production], authorization: "CHG-1042",
            startedAt: t0, finishedAt: t0.addingTimeInterval(2), outcome: .failed,
            failureMessage: "copying public.customer failed (server message withheld from evidence)")
        let erasure = RunPredicate.Erasure(
            dropped: ["database cr_ci-42", "role cr_ci-42_owner"], erasedAt: t0.addingTimeInterval(3))
        let teardown = RunPredicate(
            kind: .teardown, toolVersion: "0.9.0", target: target, erasure: erasure, startedAt: t0,
            finishedAt: t0.addingTimeInterval(3), outcome: .succeeded)
        let teardownFailed = RunPredicate(
            kind: .teardown, toolVersion: "0.9.0", target: target, startedAt: t0, finishedAt: t0.addingTimeInterval(3),
            outcome: .failed,
            failureMessage: "dropping database cr_ci-42 failed (server message withheld from evidence)")
        let gcTarget = RunPredicate.Target(
            endpoint: "postgres://admin@127.0.0.1:5432/cleanroom_registry",
            label: "expired environments in postgres://admin@127.0.0.1:5432/cleanroom_registry")
        let gc = RunPredicate(
            kind: .gc, toolVersion: "0.9.0", target: gcTarget, erasure: erasure, startedAt: t0,
            finishedAt: t0.addingTimeInterval(4), outcome: .succeeded)
        var gcFailed = gc
        gcFailed.outcome = .failed
        gcFailed.failureMessage = "ci-43: dropping database cr_ci-43 failed (server message withheld from evidence)"
        let next = try Ed25519PrivateKey(seed: Array(repeating: 0x42, count: 32)).publicKey()
        var rotation = RunPredicate(
            kind: .keyRotation, toolVersion: "0.9.0", target: .init(endpoint: "/tmp/ledger.jsonl"), startedAt: t0,
            finishedAt: t0, outcome: .succeeded)
        rotation.rotation = RunPredicate.KeyRotation(nextKey: next)
        let rotationSubject = Subject(name: "key:ed25519:\(next.keyID)", sha256: next.keyID)

        var all = [
            mask, provision, clone, maskFailed, provisionFailed, teardown, teardownFailed, gc, gcFailed, rotation,
        ]
        for index in all.indices { all[index].ledger = position }
        return [
            ("mask", Statement(subject: subjects, predicate: all[0])),
            ("provision", Statement(subject: subjects, predicate: all[1])),
            ("provision-clone", Statement(subject: subjects, predicate: all[2])),
            ("mask-failed", Statement(subject: [], predicate: all[3])),
            ("provision-failed", Statement(subject: [], predicate: all[4])),
            ("teardown", Statement(subject: [], predicate: all[5])),
            ("teardown-failed", Statement(subject: [], predicate: all[6])),
            ("gc", Statement(subject: [], predicate: all[7])),
            ("gc-failed", Statement(subject: [], predicate: all[8])),
            ("key-rotation", Statement(subject: [rotationSubject], predicate: all[9])),
        ]
    }

    @Test("each kind encodes to the bytes version 1 wrote, and decodes back to the same statement")
    func encodesAsVersion1() throws {
        let expected = try Self.expected()
        let statements = try Self.statements()
        #expect(Set(statements.map(\.0)) == Set(expected.keys))
        for (name, statement) in statements {
            let encoded = try EvidenceJSON.encode(statement)
            #expect(String(decoding: encoded, as: UTF8.self) == expected[name], "\(name)")
            #expect(try EvidenceJSON.decode(Statement.self, from: encoded) == statement, "\(name)")
        }
    }
}
