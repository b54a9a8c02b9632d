import CleanroomCrypto
import CleanroomEvidence
import Foundation
import Testing

@Suite("Subset evidence")
struct SubsetEvidenceTests {
    static let subset = MaskPredicate.Subset(
        roots: [.init(table: "public.customer", predicate: "customer_id % 10 = 0")],
        trimParents: ["public.film"],
        followed: ["public.rental(customer_id) -> public.customer(customer_id)"],
        breaks: [
            .init(
                column: "public.employee.reports_to",
                key: "public.employee(reports_to) -> public.employee(employee_id)", setNull: 3)
        ],
        cycles: [["public.employee"]],
        tables: [
            .init(table: "public.customer", role: "root", keptRows: 59, sourceRows: 599, predicateRows: 59),
            .init(table: "public.rental", role: "follows", keptRows: 1604, sourceRows: 16044),
            .init(table: "public.store", role: "parent", keptRows: 500),
        ], vocabulary: "kept")

    static func statement() -> Statement<MaskPredicate> {
        var statement = Fixtures.maskStatement(1)
        statement.predicate.subset = subset
        return statement
    }

    @Test("a subset round-trips through the statement, and only its keys are added to the predicate")
    func roundTrip() throws {
        let withSubset = try EvidenceJSON.encode(Self.statement())
        let without = try EvidenceJSON.encode(Fixtures.maskStatement(1))
        let decoded = try EvidenceJSON.decode(Statement<MaskPredicate>.self, from: withSubset)
        #expect(decoded.predicate.subset == Self.subset)
        #expect(decoded.predicate == Self.statement().predicate)
        let keys = { (bytes: [UInt8]) throws -> Set<String> in
            let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
            return Set((object?["predicate"] as? [String: Any])?.keys.map { $0 } ?? [])
        }
        #expect(try keys(withSubset).subtracting(keys(without)) == ["subset"])
        #expect(try EvidenceJSON.decode(Statement<MaskPredicate>.self, from: without).predicate.subset == nil)
        #expect(Self.subset.selectiveRows == (kept: 1663, source: 16643))
    }

    @Test("docs/run-predicate.schema.json describes the subset's fields, their required ones included")
    func schema() throws {
        let schemaURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/run-predicate.schema.json")
        let schema = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL)) as? [String: Any])
        let described = try #require(
            (schema["properties"] as? [String: Any])?["subset"] as? [String: Any])
        let encoded = try #require(
            try JSONSerialization.jsonObject(with: Data(EvidenceJSON.encode(Self.subset))) as? [String: Any])
        let properties = try #require(described["properties"] as? [String: Any])
        #expect(Set(encoded.keys) == Set(properties.keys))
        #expect(Set(try #require(described["required"] as? [String])).isSubset(of: encoded.keys))
        for (field, sample) in [
            ("roots", encoded["roots"]), ("breaks", encoded["breaks"]), ("tables", encoded["tables"]),
        ] {
            let items = try #require(((properties[field] as? [String: Any])?["items"] as? [String: Any]))
            let first = try #require((sample as? [[String: Any]])?.first)
            #expect(
                Set(first.keys).isSubset(of: (items["properties"] as? [String: Any])?.keys.map { $0 } ?? []), "\(field)"
            )
            #expect(Set(items["required"] as? [String] ?? []).isSubset(of: first.keys), "\(field)")
        }
        let roles = try #require(
            (((properties["tables"] as? [String: Any])?["items"] as? [String: Any])?["properties"] as? [String: Any])?[
                "role"] as? [String: Any])
        #expect(
            Set(roles["enum"] as? [String] ?? []) == [
                "root", "follows", "trimmed", "follows-trimmed", "parent", "unconnected",
            ])
    }

    @Test("the audit report shows the subset under data minimisation, and A 8.33 names it")
    func report() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = Ledger(path: directory.appendingPathComponent("ledger.jsonl").path)
        try ledger.append(EvidenceSigner.sign(Self.statement(), key: key), recordedAt: Fixtures.started)
        let report = try ledger.verify(publicKey: publicKey)
        let markdown = AuditReport.render(report, format: .markdown)
        #expect(markdown.contains("Subset (A 8.33, data minimisation)"))
        #expect(markdown.contains("1663 of 16643 rows kept in the 2 tables cut or trimmed"))
        #expect(markdown.contains("| public.store | parent | 500 | copied whole |"))
        let html = AuditReport.render(report, format: .html)
        #expect(html.contains("public.customer where customer_id % 10 = 0"))
        #expect(html.contains("public.employee.reports_to in 3 rows"))
        #expect(html.contains("learnt from the kept rows only"))
        #expect(html.contains("Only the operational data the test needs is copied (data minimisation)."))
    }
}
