import CleanroomConnectors
import CleanroomCore
import CleanroomDiscovery
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

@Suite("Scanning pagila on PostgreSQL", .testCluster)
struct PagilaScanTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    /// Columns that must be masked, from the "Personal data" ground truth in the dataset's README.
    static let personal: Set<String> = [
        "public.customer.first_name", "public.customer.last_name", "public.customer.email",
        "public.staff.first_name", "public.staff.last_name", "public.staff.email", "public.staff.username",
        "public.staff.password", "public.staff.picture",
        "public.address.address", "public.address.address2", "public.address.postal_code", "public.address.phone",
    ]
    /// Columns the README leaves to policy: masking them is no mistake, keeping them neither.
    static let optional: Set<String> = ["public.address.district", "public.actor.first_name", "public.actor.last_name"]

    @Test("the draft masks every personal column of the ground truth and few others; it validates as written")
    func groundTruth() throws {
        try server.withDatabase("scan_pagila", pagila: true) { address in
            let directory = try TestPaths.temporaryDirectory("scan-pagila")
            defer { try? FileManager.default.removeItem(at: directory) }
            let (report, path) = try Fixtures.draft(.postgres(address), in: directory)

            let all = Set(
                report.tables.flatMap { table in table.columns.map { "\(table.table.name).\($0.column.name)" } })
            let masked = Set(report.maskedColumns)
            let missed = Self.personal.subtracting(masked)
            #expect(missed.isEmpty, "personal columns the draft keeps: \(missed.sorted())")
            let nonPersonal = all.subtracting(Self.personal).subtracting(Self.optional)
            let falsePositives = masked.intersection(nonPersonal)
            #expect(
                Double(falsePositives.count) <= 0.10 * Double(nonPersonal.count),
                "masked but not personal: \(falsePositives.sorted())")
            let precision = Double(masked.count - falsePositives.count) / Double(max(1, masked.count))
            let recall = Double(masked.intersection(Self.personal).count) / Double(Self.personal.count)
            print(
                "pagila scan: \(masked.count) of \(all.count) columns masked; precision \(precision), recall \(recall); "
                    + "\(falsePositives.count) of \(nonPersonal.count) non-personal columns masked")

            // Complete, and valid against the live schema as written (also covering the partitioned payment table).
            let rules = try RulesParser.load(path: path)
            let schema = try ConnectorFactory.source(.postgres(address)).introspect()
            #expect(RulesValidator.problems(rules, against: schema).isEmpty)
            #expect(Set(rules.tables.keys) == Set(schema.tables.map(\.name)))
            #expect(rules.tables[QualifiedName(schema: "public", name: "customer")]?.types["email"] == "text")
            #expect(report.tables.first { $0.table.name.name == "city" }?.isReference == true)
            #expect(report.tables.first { $0.table.name.name == "customer" }?.isReference == false)

            // Evidence only: no sampled value of a personal column appears in the draft.
            let draft = try String(contentsOfFile: path, encoding: .utf8)
            for (table, column) in [
                ("customer", "email"), ("staff", "email"), ("staff", "username"), ("staff", "password"),
                ("address", "phone"),
            ] {
                let leaked = try Fixtures.values(.postgres(address), table, column).filter {
                    $0.count >= 4 && draft.contains($0)
                }
                #expect(leaked.isEmpty, "\(table).\(column) values in the draft")
            }
        }
    }

    @Test("the untouched draft masks pagila with no original e-mail, phone, address or user name left")
    func maskWithDraft() throws {
        try server.withDatabase("scan_mask", pagila: true) { address in
            let directory = try TestPaths.temporaryDirectory("scan-mask")
            defer { try? FileManager.default.removeItem(at: directory) }
            let target = server.unusedAddress("scan_masked")
            defer { server.drop(target) }
            let (_, path) = try Fixtures.draft(.postgres(address), in: directory)
            let result = try Fixtures.mask(.postgres(address), .postgres(target), rulesPath: path)
            #expect(result.leakProbe.hits == 0)

            let everything = try SourceRows.allValues(in: ConnectorFactory.source(.postgres(target)))
            // Names are left out on purpose: a fake first name equals some other customer's real one by chance.
            let identifying = [
                ("customer", "email"), ("staff", "email"), ("staff", "username"), ("address", "phone"),
                ("address", "address"),
            ]
            for (table, column) in identifying {
                let originals = Set(try Fixtures.values(.postgres(address), table, column).filter { $0.count >= 4 })
                #expect(!originals.isEmpty)
                let found = originals.intersection(everything)
                #expect(found.isEmpty, "\(table).\(column): \(found.count) source values somewhere in the target")
            }
        }
    }
}
