import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import Foundation
import TestSupport
import Testing

@testable import CleanroomPipeline

/// `unique: true` columns, a foreign key sharing their domain and `shift_date … per:` in tables split
/// between workers: the output must not depend on the number of workers nor on the order the source
/// returns its rows, and must stay distinct although first draws collide by the hundred (a 4-digit
/// `hash` has 9,000 outputs for 5,000 inputs). Real SQLite files, real runs.
@Suite("unique columns split between workers")
struct UniqueSplitTests {
    static let people = 5_000

    /// `person` has no rowid alias, so its rows read back in insertion order: ascending ids, or
    /// descending ones when `reversed`. Each row carries 300 bytes of note, so `person` is several
    /// batches (about 1.7 MB of COPY text) and workers share it.
    static func schema(reversed: Bool, people: Int = people) -> String {
        """
        CREATE TABLE person (id INTEGER NOT NULL, code TEXT NOT NULL UNIQUE, email TEXT NOT NULL UNIQUE,
                             born TEXT, note TEXT);
        CREATE TABLE visit (id INTEGER NOT NULL, person_code TEXT REFERENCES person (code), at TEXT);
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(people))
        INSERT INTO person
          SELECT i, printf('C%06d', i), printf('user%d@corp.test', i),
                 date('1960-01-01', printf('+%d days', i * 7 % 20000)), printf('%300d', i)
          FROM n ORDER BY i \(reversed ? "DESC" : "ASC");
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(people))
        INSERT INTO visit
          SELECT i, printf('C%06d', (i * 37) % \(people) + 1), date('2020-01-01', printf('+%d days', i % 900))
          FROM n ORDER BY i \(reversed ? "DESC" : "ASC");
        """
    }

    /// A SQLite source in `folder` built from `schema`.
    static func source(_ folder: URL, _ name: String, _ schema: String) throws -> Endpoint {
        let path = folder.appendingPathComponent(name).path
        try SQLiteDatabase(path: path, mode: .readWriteCreate).execute(schema)
        return .sqlite(path: path)
    }

    /// The tables' digests, by name.
    static func digests(_ result: MaskResult) -> [String: String] {
        Dictionary(uniqueKeysWithValues: result.tables.map { ($0.table, $0.digest) })
    }

    /// Every file under `directory`, by relative path.
    static func files(_ directory: URL) throws -> [String: Data] {
        let names = try FileManager.default.subpathsOfDirectory(atPath: directory.path).sorted()
        var files: [String: Data] = [:]
        for name in names {
            let url = directory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[name] = try Data(contentsOf: url)
            }
        }
        return files
    }

    @Test("1, 2 and 8 workers and a source read in reverse give one output, distinct although first draws collide")
    func oneOutput() throws {
        let folder = try TestPaths.temporaryDirectory("cleanroom-unique-split")
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = try Fixtures.uniqueSplitRules(digits: 4)
        let forward = try Self.source(folder, "forward.db", Self.schema(reversed: false))
        let backward = try Self.source(folder, "backward.db", Self.schema(reversed: true))

        // The collisions are real: hundreds of inputs re-draw.
        let source = try ConnectorFactory.source(forward)
        let plan = try MaskingPlan(
            rules: RulesValidator.validate(rules, against: source.introspect()), key: Fixtures.key)
        let redrawn = try SourcePrepass.run(plan, source: source, jobs: 2, observer: nil).uniqueDraws.count
        #expect(redrawn > 500, "\(redrawn) re-drawn inputs")

        var outputs: [String: [String: String]] = [:]
        for (name, endpoint, jobs) in [
            ("one", forward, 1), ("two", forward, 2), ("eight", forward, 8), ("back", backward, 2),
        ] {
            let target = Endpoint.sqlite(path: folder.appendingPathComponent("\(name).db").path)
            outputs[name] = Self.digests(try Fixtures.mask(endpoint, target, rules: rules, jobs: jobs))
            let codes = try Fixtures.values(target, "person", "code")
            #expect(codes.count == Self.people && Set(codes).count == Self.people, "\(name): codes distinct")
            let emails = try Fixtures.values(target, "person", "email")
            #expect(Set(emails).count == Self.people, "\(name): e-mails distinct")
            let visited = Set(try Fixtures.values(target, "visit", "person_code"))
            #expect(visited.isSubset(of: Set(codes)), "\(name): the foreign key joins")
        }
        #expect(outputs["one"]?.count == 2)
        for name in ["two", "eight", "back"] { #expect(outputs[name] == outputs["one"], "\(name) vs one worker") }

        // Files keep the source's row order: byte for byte the same for every number of workers.
        var written: [Int: [String: Data]] = [:]
        for jobs in [1, 2, 8] {
            let directory = folder.appendingPathComponent("csv-\(jobs)")
            try Fixtures.mask(forward, .csv(directory: directory.path), rules: rules, jobs: jobs)
            written[jobs] = try Self.files(directory)
        }
        #expect(written[1]?.isEmpty == false)
        #expect(written[2] == written[1] && written[8] == written[1], "CSV files differ between 1, 2 and 8 workers")
    }

    @Test("more distinct inputs than outputs fail before anything is written, naming the column")
    func exhausted() throws {
        let folder = try TestPaths.temporaryDirectory("cleanroom-unique-exhausted")
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = try Fixtures.uniqueSplitRules(digits: 4)
        let source = try Self.source(folder, "source.db", Self.schema(reversed: false, people: 9_100))
        let target = folder.appendingPathComponent("target.db").path
        #expect {
            try Fixtures.mask(source, .sqlite(path: target), rules: rules)
        } throws: { error in
            guard case MaskingError.uniqueExhausted(let table, let column)? = error as? MaskingError else {
                return false
            }
            return table == "main.person" && column == "code"
        }
        #expect(!FileManager.default.fileExists(atPath: target))
    }
}
