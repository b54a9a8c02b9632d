import CleanroomConnectors
import CleanroomCore
import CleanroomDiscovery
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

@Suite("Scanning SQLite, CSV and JSONL sources")
struct FileScanTests {
    /// Personal columns of chinook (README ground truth, SQLite names), including the invoice's copy
    /// of the billing address.
    static let chinookPersonal: Set<String> = [
        "Customer.FirstName", "Customer.LastName", "Customer.Email", "Customer.Phone", "Customer.Fax",
        "Customer.Address",
        "Customer.PostalCode", "Customer.City", "Customer.State", "Customer.Company",
        "Employee.FirstName", "Employee.LastName", "Employee.Email", "Employee.Phone", "Employee.Fax",
        "Employee.Address",
        "Employee.PostalCode", "Employee.City", "Employee.State", "Employee.BirthDate",
        "Invoice.BillingAddress", "Invoice.BillingCity", "Invoice.BillingState", "Invoice.BillingPostalCode",
    ]

    @Test("chinook: every personal column is found and masked, and the untouched draft masks the file")
    func chinook() throws {
        let directory = try TestPaths.temporaryDirectory("scan-chinook")
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("chinook.sqlite")
        try FileManager.default.copyItem(
            at: TestPaths.shared.appendingPathComponent("datasets/chinook/Chinook_Sqlite.sqlite"), to: copy)
        let source = Endpoint.sqlite(path: copy.path)
        let (report, path) = try Fixtures.draft(source, in: directory)

        let masked = Set(report.maskedColumns.map { $0.replacingOccurrences(of: "main.", with: "") })
        #expect(
            Self.chinookPersonal.subtracting(masked).isEmpty,
            "kept: \(Self.chinookPersonal.subtracting(masked).sorted())")
        let countries = report.personalColumns.filter { $0.hasSuffix("Country") }
        #expect(countries.count == 3, "countries are found (and kept by policy): \(countries)")
        #expect(
            report.tables.first { $0.table.name.name == "Invoice" }?.column("BillingAddress")?.finding?.confidence
                == .high)

        let target = Endpoint.sqlite(path: directory.appendingPathComponent("masked.sqlite").path)
        let result = try Fixtures.mask(source, target, rulesPath: path)
        #expect(result.leakProbe.hits == 0)
        let addresses = Set(try Fixtures.values(source, "Customer", "Address"))
        #expect(addresses.isDisjoint(with: try Fixtures.values(target, "Invoice", "BillingAddress")))
        #expect(
            Set(try Fixtures.values(source, "Customer", "Email")).isDisjoint(
                with: try SourceRows.allValues(in: ConnectorFactory.source(target))))
    }

    @Test("CSV and JSONL directories: columns, free text and JSON paths")
    func csvAndJSONL() throws {
        let directory = try TestPaths.temporaryDirectory("scan-files")
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = directory.appendingPathComponent("csv")
        let jsonl = directory.appendingPathComponent("jsonl")
        for folder in [csv, jsonl] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }

        var people = "id,given_name,correo,telefono,notes,plan\n"
        var events = ""
        for i in 0..<40 {
            people +=
                "\(i),Maria,maria.\(i)@example.com,+34 91 123 45\(10 + i),\"call +44 20 7946 09\(10 + i) after five\",gold\n"
            events +=
                #"{"id": \#(i), "ip": "10.20.\#(i).7", "payload": {"user": {"email": "u\#(i)@example.com", "name": "Mary Smith"}, "items": [{"sku": "A-\#(i)"}]}}"#
            events += "\n"
        }
        try people.write(to: csv.appendingPathComponent("people.csv"), atomically: true, encoding: .utf8)
        try events.write(to: jsonl.appendingPathComponent("events.jsonl"), atomically: true, encoding: .utf8)

        let csvReport = try PIIScanner.scan(ConnectorFactory.source(.csv(directory: csv.path)))
        let table = try #require(csvReport.tables.first)
        #expect(table.column("given_name")?.rule.transform == .fake(.firstName))
        #expect(table.column("correo")?.rule == ProposedRule(.fake(.email), unique: true))
        #expect(table.column("telefono")?.rule.transform == .fpe(alphabet: .digits))
        #expect(
            table.column("notes")?.rule.transform == .filler, "free text is replaced whole; redact would keep names")
        #expect(table.column("notes")?.note.contains("no list and no masked column knows") == true)
        #expect(table.column("notes")?.finding?.embedded == [.phone])
        #expect(table.column("plan")?.rule == .keep && table.column("id")?.rule == .keep)

        let jsonlReport = try PIIScanner.scan(ConnectorFactory.source(.jsonl(directory: jsonl.path)))
        let eventTable = try #require(jsonlReport.tables.first)
        #expect(eventTable.column("ip")?.rule.transform == .fake(.ipv4))
        let payload = try #require(eventTable.column("payload"))
        #expect(payload.finding?.dataClass == .json)
        #expect(
            payload.rule.transform
                == .json([
                    JSONPathRule(path: "$.user.email", transform: .fake(.email)),
                    JSONPathRule(path: "$.user.name", transform: .fake(.fullName)),
                ]))

        // Both drafts mask their directory as written.
        let csvDraft = try Fixtures.draft(.csv(directory: csv.path), in: directory, name: "csv.yaml")
        let maskedCSV = Endpoint.csv(directory: directory.appendingPathComponent("csv-masked").path)
        #expect(try Fixtures.mask(.csv(directory: csv.path), maskedCSV, rulesPath: csvDraft.path).leakProbe.hits == 0)
        let jsonlDraft = try Fixtures.draft(.jsonl(directory: jsonl.path), in: directory, name: "jsonl.yaml")
        let maskedJSONL = Endpoint.jsonl(directory: directory.appendingPathComponent("jsonl-masked").path)
        #expect(
            try Fixtures.mask(.jsonl(directory: jsonl.path), maskedJSONL, rulesPath: jsonlDraft.path).leakProbe.hits
                == 0)
        let payloads = try Fixtures.values(maskedJSONL, "events", "payload")
        #expect(payloads.count == 40)
        for i in 0..<40 { #expect(!payloads.contains { $0.contains("\"u\(i)@example.com\"") }, "u\(i)'s e-mail kept") }
        #expect(!payloads.contains { $0.contains("Mary Smith") })
    }
}
