import CleanroomConnectors
import CleanroomCore
import Foundation
import TestSupport
import Testing

/// `cleanroom scan` and `cleanroom check` run as the built binary, against pagila on the test cluster.
@Suite("cleanroom check, the CI gate", .testCluster)
struct CheckCommandTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    private func exec(_ address: PostgresAddress, _ sql: String) throws {
        try PostgresConnection(address: address).exec(sql, context: "changing \(address.database)")
    }

    /// The draft with the first `old` after `table`'s entry replaced by `new`.
    private func edited(_ draft: String, in table: String, _ old: String, _ new: String) throws -> String {
        let start = try #require(draft.range(of: "  \(table):\n"))
        let match = try #require(draft.range(of: old, range: start.upperBound..<draft.endIndex))
        return draft.replacingCharacters(in: match, with: new)
    }

    @Test("a scanned source passes; an added column exits 3 naming it, and so does a new table")
    func newColumn() throws {
        try server.withDatabase("check_new", pagila: true) { address in
            let directory = try TestPaths.temporaryDirectory("check-new")
            defer { try? FileManager.default.removeItem(at: directory) }
            let url = address.description
            let rules = directory.appendingPathComponent("pagila.yaml").path

            let scan = try CommandLineRunner.runWithoutWorkspace(["scan", "--source", url, "--out", rules])
            #expect(scan.status == 0, "\(scan.stderr)")
            #expect(scan.stderr.contains("draft written to"))
            let again = try CommandLineRunner.runWithoutWorkspace(["scan", "--source", url, "--out", rules])
            #expect(again.status == 2 && again.stderr.contains("exists"), "scan never overwrites: \(again.stderr)")

            let clean = try CommandLineRunner.runWithoutWorkspace(["check", "--source", url, "--rules", rules])
            #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
            #expect(clean.stdout.contains("covers"))

            try exec(
                address,
                """
                ALTER TABLE public.customer ADD COLUMN loyalty_email text;
                UPDATE public.customer SET loyalty_email = lower(first_name) || '.' || customer_id || '@loyalty.example.com';
                CREATE TABLE public.audit_note (audit_id integer PRIMARY KEY, body text);
                """)
            let drift = try CommandLineRunner.runWithoutWorkspace(["check", "--source", url, "--rules", rules])
            #expect(drift.status == 3, "\(drift.stdout)\(drift.stderr)")
            let uncovered = drift.stdout.split(separator: "\n").filter { $0.hasPrefix("uncovered: ") }
            #expect(
                uncovered.contains { $0.contains("public.customer.loyalty_email") && $0.contains("looks like email") })
            #expect(uncovered.contains { $0.contains("public.audit_note.body") })
            #expect(drift.stdout.contains("new table: new table public.audit_note"))
            #expect(!drift.stdout.contains("@loyalty.example.com"), "the report never quotes values")
        }
    }

    @Test("type changes and likely renames are reported from the draft's types:")
    func typesAndRenames() throws {
        try server.withDatabase("check_types", pagila: true) { address in
            let directory = try TestPaths.temporaryDirectory("check-types")
            defer { try? FileManager.default.removeItem(at: directory) }
            let rules = directory.appendingPathComponent("pagila.yaml").path
            #expect(
                try CommandLineRunner.runWithoutWorkspace(["scan", "--source", address.description, "--out", rules])
                    .status == 0)

            try exec(
                address,
                """
                ALTER TABLE public.customer ALTER COLUMN email TYPE character varying(120);
                ALTER TABLE public.address RENAME COLUMN phone TO phone_number;
                """)
            let check = try CommandLineRunner.runWithoutWorkspace([
                "check", "--source", address.description, "--rules", rules, "--json",
            ])
            #expect(check.status == 3, "\(check.stdout)\(check.stderr)")
            let report = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any]
            let items = try #require(report?["items"] as? [[String: String]])
            let typeChange = items.first { $0["kind"] == "type_changed" }
            #expect(typeChange?["subject"] == "public.customer.email")
            #expect(typeChange?["message"]?.contains("from text to character varying(120)") == true)
            let rename = items.first { $0["kind"] == "renamed_column" }
            #expect(rename?["subject"] == "public.address.phone_number")
            #expect(rename?["message"]?.contains("public.address.phone →") == true)
            #expect(report?["exitStatus"] as? Int == 3)
        }
    }

    @Test("kept personal columns: reported, fatal with --strict; refused when mask's probe would fail")
    func keptPersonalAndProblems() throws {
        try server.withDatabase("check_kept", pagila: true) { address in
            let directory = try TestPaths.temporaryDirectory("check-kept")
            defer { try? FileManager.default.removeItem(at: directory) }
            let (_, path) = try Fixtures.draft(.postgres(address), in: directory)
            let draft = try String(contentsOfFile: path, encoding: .utf8)

            let keptPath = directory.appendingPathComponent("kept.yaml").path
            try edited(draft, in: "public.address", "phone: { fpe: digits }", "phone: keep")
                .write(toFile: keptPath, atomically: true, encoding: .utf8)
            let lenient = try CommandLineRunner.runWithoutWorkspace([
                "check", "--source", address.description, "--rules", keptPath,
            ])
            #expect(lenient.status == 0, "\(lenient.stdout)\(lenient.stderr)")
            #expect(lenient.stdout.contains("personal?: column public.address.phone is kept"))
            let strict = try CommandLineRunner.runWithoutWorkspace([
                "check", "--source", address.description, "--rules", keptPath, "--strict",
            ])
            #expect(strict.status == 3)

            // Kept e-mails are made of the masked customers' names (MARY.SMITH@…): mask's word probe
            // would fail, so the gate refuses them even without --strict.
            let leakyPath = directory.appendingPathComponent("leaky.yaml").path
            try edited(draft, in: "public.customer", "email: { fake: email, unique: true }", "email: keep")
                .write(toFile: leakyPath, atomically: true, encoding: .utf8)
            let leaky = try CommandLineRunner.runWithoutWorkspace([
                "check", "--source", address.description, "--rules", leakyPath,
            ])
            #expect(leaky.status == 3, "\(leaky.stdout)\(leaky.stderr)")
            #expect(
                leaky.stdout.contains("leak probe: public.customer.email: ")
                    && leaky.stdout.contains("public.customer.first_name"), "\(leaky.stdout)")

            let wrongPath = directory.appendingPathComponent("wrong.yaml").path
            try edited(draft, in: "public.film", "length: keep", "length: { fake: email }")
                .write(toFile: wrongPath, atomically: true, encoding: .utf8)
            let wrong = try CommandLineRunner.runWithoutWorkspace([
                "check", "--source", address.description, "--rules", wrongPath,
            ])
            #expect(wrong.status == 2, "\(wrong.stdout)\(wrong.stderr)")
            #expect(wrong.stdout.contains("problem: ") && wrong.stdout.contains("public.film.length"))
        }
    }
}
