import CleanroomCrypto
import CleanroomEvidence
import Foundation
import Testing

/// Every kind of statement encodes exactly as version 1 wrote it, so ledgers written by earlier
/// versions still verify and digests of statements stay comparable. The expected lines in
/// StatementFixtures/statements-v1.txt were written by the single 17-field `RunPredicate` struct that preceded the predicate types (commit a44a19a).
@Suite("Statement encoding (v1 bytes)")
struct StatementEncodingTests {
    static let t0 = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static let position = LedgerPosition(seq: 7, previous: String(repeating: "ab", count: 32))

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

    /// The statements of the fixture, built through the predicate type of each kind.
    static func statements() throws -> [(name: String, statement: AnyStatement)] {
        let digest = String(repeating: "0f", count: 32)
        let rules = String(repeating: "1e", count: 32)
        let target = RunTarget(
            endpoint: "postgres://ci@127.0.0.1:5432/cr_ci-42", environment: "ci-42", classification: "test",
            label: "cleanroom:ci-ephemeral:test", expiresAt: t0.addingTimeInterval(86_400))
        let columns = [
            MaskPredicate.ColumnEntry(
                table: "public.customer", column: "email", transform: "fake: email (unique)",
                domain: "public.customer.email", rowsProcessed: 599, valuesChanged: 599),
            MaskPredicate.ColumnEntry(
                table: "public.customer", column: "store_id", transform: "keep", rowsProcessed: 599, valuesChanged: 0),
        ]
        let probe = MaskPredicate.LeakProbe(
            checkedValues: 1198, hits: 0, method: "bloom(siphash-1-3, per-run secret)", falsePositiveRate: 2.5e-9,
            passedTextColumnsScanned: 3, patternHits: 1)
        let separation = GuardDecision(
            name: "separation: target is not the source", decision: .passed, detail: "system 1 ≠ system 2")
        let production = GuardDecision(name: "target-not-production", decision: .passed, detail: "classification test")
        let source = MaskPredicate.SourceIdentity(kind: "postgres", server: "7312345678901234567", database: "pagila")
        let access = MaskPredicate.AccessControl(
            role: "cr_ci-42_owner", grants: ["REVOKE CONNECT ON DATABASE \"cr_ci-42\" FROM PUBLIC"])
        let subjects = [Subject(name: "table:public.customer", sha256: digest)]
        func header(
            _ kind: RunKind, _ target: RunTarget, guards: [GuardDecision] = [], seconds: Double,
            failure: String? = nil
        ) -> RunHeader {
            var header = RunHeader(
                kind: kind, toolVersion: "0.9.0", target: target, guards: guards, startedAt: t0,
                finishedAt: t0.addingTimeInterval(seconds), outcome: failure == nil ? .succeeded : .failed,
                failureMessage: failure)
            header.ledger = position
            return header
        }
        func statement<P: RunPredicate>(_ subjects: [Subject], _ predicate: P) -> Statement<P> {
            Statement(subject: subjects, predicate: predicate)
        }

        let sqlite = RunTarget(endpoint: "sqlite:/tmp/out.sqlite")
        let provision = MaskPredicate(
            header: header(.provision, target, guards: [separation, production], seconds: 9), rulesDigest: rules,
            maskingKeyFingerprint: "0123456789abcdef", source: source, columns: columns, leakProbe: probe,
            authorization: "CHG-1042", access: access)
        var clone = provision
        clone.origin = MaskPredicate.Origin(
            environment: "golden_ci-ephemeral", ledgerSeq: 3, ledgerEntryDigest: String(repeating: "cd", count: 32))
        let refused = GuardDecision(
            name: "separation: target is not the source", decision: .refused, detail: "same database")
        let erasure = ErasurePredicate.Erasure(
            dropped: ["database cr_ci-42", "role cr_ci-42_owner"], erasedAt: t0.addingTimeInterval(3))
        let registry = "postgres://admin@127.0.0.1:5432/cleanroom_registry"
        let gcTarget = RunTarget(endpoint: registry, label: "expired environments in \(registry)")
        let next = try Ed25519PrivateKey(seed: Array(repeating: 0x42, count: 32)).publicKey()
        let withheld = "failed (server message withheld from evidence)"
        return [
            (
                "mask",
                .mask(
                    statement(
                        subjects,
                        MaskPredicate(
                            header: header(.mask, sqlite, guards: [separation], seconds: 5), rulesDigest: rules,
                            maskingKeyFingerprint: "0123456789abcdef", source: source, columns: columns,
                            leakProbe: probe)))
            ),
            ("provision", .mask(statement(subjects, provision))),
            ("provision-clone", .mask(statement(subjects, clone))),
            (
                "mask-failed",
                .mask(
                    statement(
                        [],
                        MaskPredicate(
                            header: header(.mask, sqlite, guards: [refused], seconds: 1, failure: "same database"),
                            rulesDigest: rules, maskingKeyFingerprint: "0123456789abcdef")))
            ),
            (
                "provision-failed",
                .mask(
                    statement(
                        [],
                        MaskPredicate(
                            header: header(
                                .provision, target, guards: [production], seconds: 2,
                                failure: "copying public.customer \(withheld)"),
                            authorization: "CHG-1042")))
            ),
            (
                "teardown",
                .erasure(
                    statement([], ErasurePredicate(header: header(.teardown, target, seconds: 3), erasure: erasure)))
            ),
            (
                "teardown-failed",
                .erasure(
                    statement(
                        [],
                        ErasurePredicate(
                            header: header(
                                .teardown, target, seconds: 3, failure: "dropping database cr_ci-42 \(withheld)"),
                            erasure: nil)))
            ),
            (
                "gc",
                .erasure(statement([], ErasurePredicate(header: header(.gc, gcTarget, seconds: 4), erasure: erasure)))
            ),
            (
                "gc-failed",
                .erasure(
                    statement(
                        [],
                        ErasurePredicate(
                            header: header(
                                .gc, gcTarget, seconds: 4, failure: "ci-43: dropping database cr_ci-43 \(withheld)"),
                            erasure: erasure)))
            ),
            (
                "key-rotation",
                .keyRotation(
                    statement(
                        [Subject(name: "key:ed25519:\(next.keyID)", sha256: next.keyID)],
                        KeyRotationPredicate(
                            header: header(.keyRotation, RunTarget(endpoint: "/tmp/ledger.jsonl"), seconds: 0),
                            nextKey: next)))
            ),
        ]
    }

    @Test("each kind encodes through its predicate type to the bytes version 1 wrote")
    func encodesAsVersion1() throws {
        let expected = try Self.expected()
        let statements = try Self.statements()
        #expect(Set(statements.map(\.name)) == Set(expected.keys))
        for (name, statement) in statements {
            #expect(String(decoding: try Self.encode(statement), as: UTF8.self) == expected[name], "\(name)")
        }
    }

    @Test("the version 1 bytes of each kind decode, by kind, to the statement that wrote them")
    func decodesByKind() throws {
        let expected = try Self.expected()
        let key = try Ed25519PrivateKey(seed: Array(repeating: 0x07, count: 32))
        for (name, statement) in try Self.statements() {
            let payload = Array(try #require(expected[name]).utf8)
            let envelope = Envelope(
                payloadType: Envelope.inTotoPayloadType, payload: Data(payload).base64EncodedString(),
                signatures: [
                    .init(
                        keyid: try key.publicKey().keyID,
                        sig: Data(
                            try key.sign(
                                DSSE.preAuthenticationEncoding(
                                    payloadType: Envelope.inTotoPayloadType, payload: payload))
                        ).base64EncodedString())
                ])
            #expect(try EvidenceVerifier.verify(envelope, publicKey: key.publicKey()) == statement, "\(name)")
        }
    }

    @Test("a predicate of one kind does not decode as another kind's type")
    func kindDecidesTheType() throws {
        let teardown = Array(try #require(try Self.expected()["teardown"]).utf8)
        #expect(throws: DecodingError.self) { try EvidenceJSON.decode(Statement<MaskPredicate>.self, from: teardown) }
        #expect(throws: DecodingError.self) {
            try EvidenceJSON.decode(Statement<KeyRotationPredicate>.self, from: teardown)
        }
    }

    @Test("docs/run-predicate.schema.json names every field each kind writes, and each has the required ones")
    func schemaDescribesEveryKind() throws {
        let schemaURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/run-predicate.schema.json")
        let schema = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL)) as? [String: Any])
        let properties = try #require(schema["properties"] as? [String: Any])
        let required = try #require(schema["required"] as? [String])
        let kinds = try #require((properties["kind"] as? [String: Any])?["enum"] as? [String])
        #expect(Set(kinds) == Set(RunKind.allCases.map(\.rawValue)))
        for (name, line) in try Self.expected() {
            let statement = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let predicate = try #require(statement["predicate"] as? [String: Any])
            #expect(Set(predicate.keys).isSubset(of: properties.keys), "\(name): \(predicate.keys.sorted())")
            #expect(Set(required).isSubset(of: predicate.keys), "\(name)")
        }
    }

    static func encode(_ statement: AnyStatement) throws -> [UInt8] {
        switch statement {
        case .mask(let statement): try EvidenceJSON.encode(statement)
        case .erasure(let statement): try EvidenceJSON.encode(statement)
        case .keyRotation(let statement): try EvidenceJSON.encode(statement)
        }
    }
}
