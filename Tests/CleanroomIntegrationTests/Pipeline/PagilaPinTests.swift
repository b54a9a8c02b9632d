import CleanroomConnectors
import CleanroomCore
import CleanroomCrypto
import CleanroomEvidence
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

/// Pins what a masking run of pagila produces, so that a refactor of the run (its phases, the
/// connector traits) is proved to change nothing: every table's output digest, whether it was read
/// back, and the evidence statement the run records (with the fields that vary from run to run
/// replaced by placeholders, see `normalised`). The values were computed on the code before the
/// refactor; a change to them is a change of output or evidence, never a formality.
///
/// Fixed inputs: `Fixtures.key`, the rules text below (the pagila rules as they were, unqualified so
/// they fit every target kind) and a fixed signing key and tool version.
@Suite("pagila pinned: output digests and evidence stay byte-identical", .testCluster)
struct PagilaPinTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    @Test("PostgreSQL → PostgreSQL", arguments: [1, 3])
    func postgres(jobs: Int) throws {
        try server.withDatabase("pagila_pin", pagila: true) { source in
            let target = server.unusedAddress("pagila_pin_dst")
            defer { server.drop(target) }
            try Self.check(source: source, target: .postgres(target), jobs: jobs, pin: Pins.postgres)
        }
    }

    @Test("PostgreSQL → SQLite")
    func sqlite() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try server.withDatabase("pagila_pin", pagila: true) { source in
            let target = Endpoint.sqlite(path: directory.appendingPathComponent("pin.db").path)
            try Self.check(source: source, target: target, jobs: 2, pin: Pins.sqlite)
        }
    }

    @Test("PostgreSQL → CSV")
    func csv() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try server.withDatabase("pagila_pin", pagila: true) { source in
            let target = Endpoint.csv(directory: directory.appendingPathComponent("out").path)
            try Self.check(source: source, target: target, jobs: 2, pin: Pins.csv)
        }
    }

    /// Masks `source` into `target` with `mask` and compares the outcome with `pin`.
    static func check(
        source: PostgresAddress, target: Endpoint, jobs: Int, pin: Pin,
        mask: (MaskRequest) throws -> MaskResult = { try MaskRunner.run($0) }
    ) throws {
        // The leak probe's filter is sized from the row estimates, which the statement's method text
        // names: fresh statistics make them pagila's row counts whether autovacuum came by or not.
        try PostgresConnection(address: source).exec("ANALYZE", context: "analysing pagila")
        let rules = try RulesParser.parse(Pins.rules, path: "pagila-pin.yaml")
        let request = MaskRequest(
            source: .postgres(source), target: target, rules: rules, key: Fixtures.key,
            jobs: jobs)
        let result = try mask(request)
        let tables = result.tables.map {
            "\($0.table) \($0.digest.isEmpty ? "-" : $0.digest)\($0.readBack ? " read back" : "")"
        }
        #expect(tables == pin.tables, "tables:\n\(tables.map { "\"\($0)\"," }.joined(separator: "\n"))")

        let folder = try TestPaths.temporaryDirectory("cleanroom-pin-ledger")
        defer { try? FileManager.default.removeItem(at: folder) }
        let recorder = try EvidenceRecorder(
            ledgerPath: folder.appendingPathComponent("ledger.jsonl").path,
            signingKey: Ed25519PrivateKey(seed: Array(repeating: 0x33, count: 32)),
            toolVersion: "pin")
        let entry = try recorder.recordMask(result)
        let statement = try #require(Data(base64Encoded: entry.envelope.payload))
        let json = try normalised(String(decoding: statement, as: UTF8.self), result: result, request: request)
        let digest = Hex.encode(SHA256Hasher.digest(Array(json.utf8)))
        #expect(digest == pin.statement, "statement \(digest):\n\(json)")
    }

    /// The recorded statement with what differs from run to run replaced, as canonical JSON:
    /// - the source and target as named and identified (scratch database names, the throwaway
    ///   cluster's port and system identifier, temporary paths) become `<source…>` / `<target…>`;
    /// - `startedAt` and `finishedAt` become `<time>`;
    /// - the leak probe's false-positive estimate and the count of dismissed false positives depend
    ///   on the run's random probe secret (which filter bits collide), so they become `<random>`.
    private static func normalised(_ text: String, result: MaskResult, request: MaskRequest) throws -> String {
        var text = text
        let replacements = [
            (result.target.description, "<target identity>"), (result.source.description, "<source identity>"),
            (request.target.description, "<target>"), (request.source.description, "<source>"),
            (result.target.server, "<target server>"), (result.source.server, "<source server>"),
        ]
        for (varying, placeholder) in replacements.sorted(by: { $0.0.count > $1.0.count }) where !varying.isEmpty {
            text = text.replacingOccurrences(of: varying, with: placeholder)
        }
        text = text.replacingOccurrences(of: result.source.database, with: "<source database>")
        text = text.replacingOccurrences(
            of: #"\(\d+ filter false positives? dismissed\)"#,
            with: "(<random> dismissed)", options: .regularExpression)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        var predicate = try #require(object["predicate"] as? [String: Any])
        #expect(predicate["startedAt"] != nil && predicate["finishedAt"] != nil)
        predicate["startedAt"] = "<time>"
        predicate["finishedAt"] = "<time>"
        var probe = try #require(predicate["leakProbe"] as? [String: Any])
        let rate = try #require(probe["falsePositiveRate"] as? Double)
        #expect(rate < 1e-6, "false-positive estimate \(rate)")
        probe["falsePositiveRate"] = "<random>"
        predicate["leakProbe"] = probe
        object["predicate"] = predicate
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}

/// The pinned outcome of one run: "table digest[ read back]" in the run's order (`-` for a table
/// whose rows are not copied), and the SHA-256 of the normalised statement JSON.
struct Pin {
    var tables: [String]
    var statement: String
}
