import CleanroomCrypto
import CleanroomEvidence
import Foundation
import Testing

/// Every kind of statement encodes exactly as its fixture line says, so ledgers written by earlier
/// versions still verify and digests of statements stay comparable.
///
/// StatementFixtures/statements-v1.txt holds the lines the single 17-field `RunPredicate` struct that
/// preceded the predicate types wrote (commit a44a19a), failures, teardowns and gc runs without a
/// subject: they must still decode and verify (old ledgers hold them). statements-v2.txt holds the
/// same statements with the subject each kind now has (docs/evidence.md, "Subjects"); its digests were
/// computed outside Swift, with Python's hashlib, from the rules that section states. It adds the
/// kinds version 1 did not have, `ledger-repair`, `shard` (a shard's statement, written beside its
/// plan without a ledger position, which `shard finish` appends as signed), `shard-plan` and
/// `shard-abort`.
@Suite("Statement encoding (fixture bytes)")
struct StatementEncodingTests {
    static let t0 = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static let position = LedgerPosition(seq: 7, previous: String(repeating: "ab", count: 32))

    static let versions = [1, 2]

    static func expected(_ version: Int) throws -> [String: String] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("StatementFixtures/statements-v\(version).txt")
        var lines: [String: String] = [:]
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            lines[String(parts[0])] = String(parts[1])
        }
        return lines
    }

    /// The statements of fixture `version`: those of version 1 with, from version 2 on, the subjects
    /// each kind now names, built by the `Subject` and `Statement` constructors the recorder uses.
    static func statements(_ version: Int) throws -> [(name: String, statement: AnyStatement)] {
        let statements = try statementsV1()
        guard version >= 2 else { return statements }
        var repairHeader = RunHeader(
            kind: .ledgerRepair, toolVersion: "0.9.0", target: RunTarget(endpoint: "/tmp/ledger.jsonl"),
            startedAt: t0, finishedAt: t0, outcome: .succeeded)
        repairHeader.ledger = position
        let repair = LedgerRepairPredicate(
            header: repairHeader,
            repair: .init(
                movedTo: "/tmp/ledger.jsonl.damaged-20260101T000000Z", offset: 4096, bytes: 37,
                sha256: String(repeating: "5a", count: 32)))
        let repaired = [(name: "ledger-repair", statement: AnyStatement.ledgerRepair(Statement(repair: repair)))]
        let shard = MaskPredicate(
            header: RunHeader(
                kind: .shard, toolVersion: "0.9.0", target: RunTarget(endpoint: "postgres://ci@127.0.0.1:5432/masked"),
                startedAt: t0, finishedAt: t0.addingTimeInterval(4), outcome: .succeeded),
            rulesDigest: String(repeating: "1e", count: 32), maskingKeyFingerprint: "0123456789abcdef",
            source: MaskPredicate.SourceIdentity(kind: "postgres", server: "7312345678901234567", database: "pagila"),
            columns: [
                MaskPredicate.ColumnEntry(
                    table: "public.customer", column: "store_id", transform: "keep", rowsProcessed: 599,
                    valuesChanged: 0)
            ])
        let plan = Subject(
            name: ShardSubjects.planPrefix + "00112233445566778899aabbccddeeff",
            sha256: String(repeating: "3c", count: 32))
        let masked = RunTarget(endpoint: "postgres://ci@127.0.0.1:5432/masked")
        var planHeader = RunHeader(
            kind: .shardPlan, toolVersion: "0.9.0", target: masked, startedAt: t0, finishedAt: t0.addingTimeInterval(2),
            outcome: .succeeded)
        planHeader.ledger = position
        var abortHeader = RunHeader(
            kind: .shardAbort, toolVersion: "0.9.0", target: masked, startedAt: t0,
            finishedAt: t0.addingTimeInterval(1),
            outcome: .succeeded)
        abortHeader.ledger = position
        let sharded = [
            (
                name: "shard",
                statement: AnyStatement.mask(
                    Statement(
                        subject: [
                            plan,
                            Subject(name: ShardSubjects.partPrefix + "1", sha256: String(repeating: "4d", count: 32)),
                        ], predicate: shard))
            ),
            (
                name: "shard-plan",
                statement: AnyStatement.mask(
                    Statement(
                        subject: [plan, .rules(path: "rules/pagila.yaml", sha256: String(repeating: "1e", count: 32))],
                        predicate: MaskPredicate(
                            header: planHeader, rulesDigest: shard.rulesDigest,
                            maskingKeyFingerprint: shard.maskingKeyFingerprint, source: shard.source)))
            ),
            (
                name: "shard-abort",
                statement: AnyStatement.erasure(
                    Statement(
                        subject: [plan],
                        predicate: ErasurePredicate(
                            header: abortHeader,
                            erasure: .init(
                                dropped: ["database masked__crstage_0a1b2c3d", "the shards' files beside the plan"],
                                erasedAt: t0.addingTimeInterval(1)))))
            ),
        ]
        return repaired + sharded
            + statements.map { name, statement in
                switch statement {
                case .mask(var mask) where mask.subject.isEmpty:
                    mask.subject = [
                        mask.predicate.rulesDigest.map { Subject.rules(path: "rules/pagila.yaml", sha256: $0) }
                            ?? .target(mask.predicate.header.target.endpoint)
                    ]
                    return (name, .mask(mask))
                case .erasure(let erasure) where erasure.predicate.header.kind == .teardown:
                    return (name, .erasure(Statement(teardownOf: "ci-42", predicate: erasure.predicate)))
                case .erasure(let erasure):
                    let environments = [(name: "ci-42", dropped: erasure.predicate.erasure?.dropped ?? [])]
                    return (
                        name,
                        .erasure(
                            Statement(
                                collecting: erasure.predicate.header.target.endpoint, environments: environments,
                                predicate: erasure.predicate))
                    )
                default: return (name, statement)
                }
            }
    }

    /// The statements of version 1, built through the predicate type of each kind.
    static func statementsV1() throws -> [(name: String, statement: AnyStatement)] {
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
                        [.nextKey(next)],
                        KeyRotationPredicate(
                            header: header(.keyRotation, RunTarget(endpoint: "/tmp/ledger.jsonl"), seconds: 0),
                            nextKey: next)))
            ),
        ]
    }

    @Test("each kind encodes through its predicate type to the bytes of each fixture", arguments: versions)
    func encodesAsFixture(version: Int) throws {
        let expected = try Self.expected(version)
        let statements = try Self.statements(version)
        #expect(Set(statements.map(\.name)) == Set(expected.keys))
        for (name, statement) in statements {
            #expect(
                String(decoding: try Self.encode(statement), as: UTF8.self) == expected[name], "v\(version) \(name)")
        }
    }

    @Test("every statement of version 2 has a subject, each with a SHA-256 digest")
    func everyKindHasASubject() throws {
        let statements = try Self.statements(2)
        #expect(Set(statements.map { $0.statement.header.kind }) == Set(RunKind.allCases))
        for (name, statement) in statements {
            #expect(!statement.subject.isEmpty, "\(name)")
            #expect(statement.subject.allSatisfy { $0.digest.sha256.count == 64 && !$0.name.isEmpty }, "\(name)")
        }
    }

    @Test(
        "the bytes of each fixture (version 1: old ledgers, subjects absent) decode by kind and verify",
        arguments: versions)
    func decodesByKind(version: Int) throws {
        let expected = try Self.expected(version)
        let key = try Ed25519PrivateKey(seed: Array(repeating: 0x07, count: 32))
        for (name, statement) in try Self.statements(version) {
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
            #expect(
                try EvidenceVerifier.verify(envelope, publicKey: key.publicKey()) == statement, "v\(version) \(name)")
        }
    }

    @Test("a predicate of one kind does not decode as another kind's type")
    func kindDecidesTheType() throws {
        let teardown = Array(try #require(try Self.expected(2)["teardown"]).utf8)
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
        for version in Self.versions {
            for (name, line) in try Self.expected(version) {
                let statement = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let predicate = try #require(statement["predicate"] as? [String: Any])
                #expect(Set(predicate.keys).isSubset(of: properties.keys), "\(name): \(predicate.keys.sorted())")
                #expect(Set(required).isSubset(of: predicate.keys), "\(name)")
            }
        }
    }

    static func encode(_ statement: AnyStatement) throws -> [UInt8] {
        switch statement {
        case .mask(let statement): try EvidenceJSON.encode(statement)
        case .erasure(let statement): try EvidenceJSON.encode(statement)
        case .keyRotation(let statement): try EvidenceJSON.encode(statement)
        case .ledgerRepair(let statement): try EvidenceJSON.encode(statement)
        }
    }
}
