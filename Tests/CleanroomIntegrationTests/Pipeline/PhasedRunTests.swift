import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

/// `MaskRun`'s phases used apart: the tables copied in parts that `finish` merges give exactly the
/// output and evidence of a run in one part (the pins of `PagilaPinTests`), and parts that do not
/// fit the run are refused with the target removed.
@Suite("a run in phases: plan, prepare, copy in parts, finish", .testCluster)
struct PhasedRunTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    /// Plans and prepares a run, copies `parts` (lists of table names) one after the other, and
    /// finishes with the parts in reverse order (their order must not matter).
    static func inParts(_ request: MaskRequest, _ parts: ([String]) -> [[String]]) throws -> MaskResult {
        let run = try MaskRun.plan(request)
        try run.prepare()
        let copied = try parts(run.tables).map { try run.copy(tables: $0) }
        #expect(
            copied.map(\.tableNames)
                == parts(run.tables).map {
                    $0.sorted { a, b in
                        run.tables.firstIndex(of: a)! < run.tables.firstIndex(of: b)!
                    }
                })
        return try run.finish(copied.reversed())
    }

    /// Every other table in one part, the rest in another.
    static func alternating(_ tables: [String]) -> [[String]] {
        [
            tables.enumerated().filter { $0.offset % 2 == 0 }.map(\.element),
            tables.enumerated().filter { $0.offset % 2 == 1 }.map(\.element),
        ]
    }

    @Test("PostgreSQL → PostgreSQL in two parts: the pinned digests and statement")
    func postgresInParts() throws {
        try server.withDatabase("pagila_parts", pagila: true) { source in
            let target = server.unusedAddress("pagila_parts_dst")
            defer { server.drop(target) }
            try PagilaPinTests.check(source: source, target: .postgres(target), jobs: 2, pin: Pins.postgres) {
                try Self.inParts($0, Self.alternating)
            }
        }
    }

    @Test("PostgreSQL → SQLite in three parts: the pinned digests and statement")
    func sqliteInParts() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try server.withDatabase("pagila_parts", pagila: true) { source in
            let target = Endpoint.sqlite(path: directory.appendingPathComponent("parts.db").path)
            try PagilaPinTests.check(source: source, target: target, jobs: 2, pin: Pins.sqlite) { request in
                try Self.inParts(request) { tables in [Array(tables[..<5]), Array(tables[5..<6]), Array(tables[6...])] }
            }
        }
    }

    @Test("parts that do not fit are refused, and the target is removed")
    func partsThatDoNotFit() throws {
        try server.withDatabase("pagila_misfit", pagila: true) { source in
            let rules = try RulesParser.parse(Pins.rules, path: "pagila-pin.yaml")
            func request(_ target: PostgresAddress) -> MaskRequest {
                MaskRequest(
                    source: .postgres(source), target: .postgres(target), rules: rules, key: Fixtures.key,
                    jobs: 2)
            }
            func expectRefused(_ expected: String, _ body: (MaskRun) throws -> Void) throws {
                let target = server.unusedAddress("pagila_misfit_dst")
                defer { server.drop(target) }
                let run = try MaskRun.plan(request(target))
                try run.prepare()
                #expect(try server.stages(of: target.database).count == 1, "loading goes into a staging database")
                let error = #expect(throws: PipelineError.self) { try body(run) }
                guard case .partsDoNotFit(let reason)? = error else {
                    Issue.record("expected partsDoNotFit, got \(String(describing: error))")
                    return
                }
                #expect(reason.contains(expected), "\(reason)")
                #expect(try !server.databaseExists(target.database))
                #expect(try server.stages(of: target.database).isEmpty, "the refused run's target is removed")
            }
            try expectRefused("not copied: public.address") { run in
                _ = try run.finish([try run.copy(tables: [run.tables[0]] + Array(run.tables[2...]))])
            }
            try expectRefused("public.actor was copied by two parts") { run in
                _ = try run.finish([try run.copy(tables: run.tables), try run.copy(tables: ["public.actor"])])
            }
            try expectRefused("the run plans no table public.nothing") { run in
                _ = try run.copy(tables: ["public.nothing"])
            }
            try expectRefused("no copied part") { run in _ = try run.finish([]) }
        }
    }

    @Test("a part of another run is refused")
    func partOfAnotherRun() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try server.withDatabase("pagila_other", pagila: true) { source in
            let rules = try RulesParser.parse(Pins.rules, path: "pagila-pin.yaml")
            let runs = try ["a.db", "b.db"].map { name in
                let target = Endpoint.sqlite(path: directory.appendingPathComponent(name).path)
                let run = try MaskRun.plan(
                    MaskRequest(
                        source: .postgres(source), target: target, rules: rules,
                        key: Fixtures.key, jobs: 2))
                try run.prepare()
                return run
            }
            let own = try runs[0].copy(tables: Array(runs[0].tables.dropLast()))
            let foreign = try runs[1].copy(tables: [runs[1].tables.last!])
            let error = #expect(throws: PipelineError.self) { _ = try runs[0].finish([own, foreign]) }
            guard case .partsDoNotFit(let reason)? = error else {
                Issue.record("expected partsDoNotFit, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("another run"))
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("a.db").path))
        }
    }
}
