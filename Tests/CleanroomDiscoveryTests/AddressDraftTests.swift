import CleanroomConnectors
import CleanroomCore
import CleanroomDiscovery
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

/// What the draft proposes for address parts: national postcode formats, regions as regions, and
/// the row's country where the table has a country column.
@Suite("Drafting address columns")
struct AddressDraftTests {
    /// Writes `rows` under `header` as `people.csv` in a new directory and scans it.
    static func scan(
        _ header: String, _ rows: [String], in directory: URL, folder: String
    ) throws -> (
        TableScan, Endpoint
    ) {
        let csv = directory.appendingPathComponent(folder)
        try FileManager.default.createDirectory(at: csv, withIntermediateDirectories: true)
        let text = ([header] + rows).joined(separator: "\n") + "\n"
        try text.write(to: csv.appendingPathComponent("people.csv"), atomically: true, encoding: .utf8)
        let endpoint = Endpoint.csv(directory: csv.path)
        let report = try PIIScanner.scan(ConnectorFactory.source(endpoint))
        return (try #require(report.tables.first), endpoint)
    }

    @Test("with a country column, street, city, postcode and state follow each row's country, and the draft masks")
    func byCountry() throws {
        let directory = try TestPaths.temporaryDirectory("draft-addresses")
        defer { try? FileManager.default.removeItem(at: directory) }
        let places = [
            ("12 Station Road", "Warrington", "WA1 1DP", "Cheshire", "United Kingdom"),
            ("Lindenstraße 4", "Köln", "50667", "NW", "Germany"),
            ("5 rue de la Paix", "Lyon", "69003", "ARA", "France"),
            ("100 Main Street", "Austin", "78701", "TX", "USA"),
            ("24 King Street", "Toronto", "M5H 1A1", "ON", "Canada"),
        ]
        let rows = (0..<60).map { i -> String in
            let p = places[i % places.count]
            return "\(i),person\(i)@example.com,\(p.0),\(p.1),\(p.2),\(p.3),\(p.4)"
        }
        let (table, source) = try Self.scan(
            "id,email,street,city,postal_code,state,country", rows, in: directory, folder: "csv")
        #expect(table.column("postal_code")?.rule.transform == .fake(.postcode, localeFrom: "country"))
        #expect(table.column("state")?.rule.transform == .fake(.region, localeFrom: "country"))
        #expect(table.column("city")?.rule.transform == .fake(.city, localeFrom: "country"))
        #expect(table.column("street")?.rule.transform == .fake(.street, localeFrom: "country"))
        #expect(table.column("country")?.rule == .keep)
        #expect(table.column("postal_code")?.note.contains("country (locale_from)") == true)

        let draft = try Fixtures.draft(source, in: directory, name: "draft.yaml")
        #expect(
            try String(contentsOfFile: draft.path, encoding: .utf8).contains(
                "{ fake: { kind: postcode, locale_from: country } }"))
        let target = Endpoint.csv(directory: directory.appendingPathComponent("masked").path)
        #expect(try Fixtures.mask(source, target, rulesPath: draft.path).leakProbe.hits == 0)
        let countries = try Fixtures.values(target, "people", "country")
        let postcodes = try Fixtures.values(target, "people", "postal_code")
        let states = try Fixtures.values(target, "people", "state")
        for (i, country) in countries.enumerated() {
            switch country {
            case "United Kingdom": #expect(postcodes[i].wholeMatch(of: /[A-Z]{1,2}\d{1,2} \d[A-Z]{2}/) != nil)
            case "Canada":
                #expect(postcodes[i].wholeMatch(of: /[A-Z]\d[A-Z] \d[A-Z]\d/) != nil)
                #expect(states[i].wholeMatch(of: /[A-Z]{2}/) != nil && states[i] != "TX")
            case "France": #expect(states[i].wholeMatch(of: /[A-Z]{3}/) != nil)
            default:
                #expect(postcodes[i].wholeMatch(of: /\d{5}/) != nil)
                #expect(states[i].wholeMatch(of: /[A-Z]{2}/) != nil)
            }
        }
        #expect(countries == (0..<60).map { places[$0 % places.count].4 })
        #expect((0..<60).allSatisfy { postcodes[$0] != places[$0 % places.count].2 })
    }

    @Test("without a country column: five-digit postcodes keep `{ fake: postcode }`, others keep their own format")
    func withoutCountry() throws {
        let directory = try TestPaths.temporaryDirectory("draft-postcodes")
        defer { try? FileManager.default.removeItem(at: directory) }
        let zips = (0..<40).map { "\($0),p\($0)@example.com,\(String(10_000 + $0 * 37)),TX" }
        let (zipTable, _) = try Self.scan("id,email,zip,state", zips, in: directory, folder: "zips")
        #expect(zipTable.column("zip")?.rule.transform == .fake(.postcode))
        #expect(zipTable.column("state")?.rule.transform == .fake(.region), "a state code column stays a region")
        #expect(zipTable.column("state")?.note.contains("codes stay codes") == true)

        let british = (0..<40).map { "\($0),p\($0)@example.com,WA\($0 % 9 + 1) \($0 % 10)DP" }
        let (ukTable, source) = try Self.scan("id,email,postcode", british, in: directory, folder: "uk")
        #expect(ukTable.column("postcode")?.rule.transform == .fake(.postcode, locale: .auto))
        #expect(ukTable.column("postcode")?.note.contains("40 of 40 sampled values are not five digits") == true)
        let draft = try Fixtures.draft(source, in: directory, name: "uk.yaml")
        let target = Endpoint.csv(directory: directory.appendingPathComponent("uk-masked").path)
        _ = try Fixtures.mask(source, target, rulesPath: draft.path)
        let masked = try Fixtures.values(target, "people", "postcode")
        #expect(masked.count == 40 && masked.allSatisfy { $0.wholeMatch(of: /[A-Z]{1,2}\d{1,2} \d[A-Z]{2}/) != nil })
    }
}
