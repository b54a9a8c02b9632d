import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

/// What `rows: none` does, and the rules the validator refuses before anything is written: a foreign
/// key masked unlike the column it references, a table referencing a `rows: none` table, and
/// `unique: true` on a transform that cannot keep values distinct. Real SQLite files, real runs.
@Suite("rows: none and the rules a run refuses")
struct RefusalTests {
    static let schema = """
        CREATE TABLE parent (code TEXT PRIMARY KEY, email TEXT NOT NULL);
        CREATE TABLE child (id INTEGER PRIMARY KEY, parent_code TEXT REFERENCES parent (code), note TEXT);
        CREATE TABLE audit_log (id INTEGER PRIMARY KEY, message TEXT);
        INSERT INTO parent VALUES ('P1', 'ann@mail.test'), ('P2', 'bob@mail.test');
        INSERT INTO child VALUES (1, 'P1', 'first'), (2, 'P2', 'second'), (3, 'P1', 'third');
        INSERT INTO audit_log VALUES (1, 'ann@mail.test logged in'), (2, 'bob@mail.test logged in');
        """

    /// A folder with `source.db` built from `schema`; `body` gets the folder and the source.
    func withSource(_ body: (URL, Endpoint) throws -> Void) throws {
        let folder = try TestPaths.temporaryDirectory("cleanroom-refusal")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("source.db").path
        try SQLiteDatabase(path: path, mode: .readWriteCreate).execute(Self.schema)
        try body(folder, .sqlite(path: path))
    }

    /// Rules for the three tables, one line each: parent on line 3, child on 4, audit_log on 5.
    static func rules(
        parent: String = maskedParent, child: String = matchingChild,
        auditLog: String = "{ rows: none }"
    ) throws -> RulesFile {
        try RulesParser.parse(
            """
            version: 1
            tables:
              parent: \(parent)
              child: \(child)
              audit_log: \(auditLog)
            """, path: "refusal.yaml")
    }

    static let maskedParent = "{ columns: { code: { hash: { length: 12 } }, email: { fake: email } } }"
    static let matchingChild = "{ columns: { id: keep, parent_code: { hash: { length: 12 } }, note: keep } }"

    /// Runs the masking and returns the error it throws, having checked that no target file was left.
    func refusal(_ rules: RulesFile, in folder: URL, source: Endpoint) throws -> MaskingError? {
        let target = folder.appendingPathComponent("target.db").path
        let error = #expect(throws: MaskingError.self) {
            try Fixtures.mask(source, .sqlite(path: target), rules: rules)
        }
        #expect(!FileManager.default.fileExists(atPath: target), "a refused run writes no target")
        return error
    }

    @Test("rows: none creates the table with no rows; the other tables are copied and masked")
    func rowsNone() throws {
        try withSource { folder, source in
            let target = Endpoint.sqlite(path: folder.appendingPathComponent("target.db").path)
            let result = try Fixtures.mask(source, target, rules: Self.rules())
            #expect(result.leakProbe.hits == 0)
            #expect(try Fixtures.rows(target, "audit_log").isEmpty)
            #expect(try Fixtures.rows(source, "audit_log").count == 2)
            let parents = try Fixtures.values(target, "parent", "email")
            #expect(parents.count == 2 && Set(parents).isDisjoint(with: ["ann@mail.test", "bob@mail.test"]))
            // The foreign key still joins: the child's codes are the parent's masked codes.
            let codes = Set(try Fixtures.values(target, "parent", "code"))
            let childCodes = try Fixtures.values(target, "child", "parent_code")
            #expect(childCodes.count == 3 && Set(childCodes).isSubset(of: codes))
            #expect(codes.isDisjoint(with: ["P1", "P2"]))
            #expect(try Fixtures.values(target, "child", "note") == ["first", "second", "third"])
        }
    }

    @Test("a foreign key column masked unlike the column it references is refused, naming both")
    func foreignKeyMismatch() throws {
        try withSource { folder, source in
            let rules = try Self.rules(child: "{ columns: { id: keep, parent_code: keep, note: keep } }")
            let error = try refusal(rules, in: folder, source: source)
            #expect(
                error
                    == .foreignKeyMismatch(
                        SourceLocation(file: "refusal.yaml", line: 4), table: "main.child",
                        column: "parent_code", references: "main.parent.code"))
            #expect(error?.exitStatus == .usage)
        }
    }

    @Test("a table whose foreign key references a rows: none table is refused")
    func referencedRowsMissing() throws {
        try withSource { folder, source in
            let error = try refusal(Self.rules(parent: "{ rows: none }"), in: folder, source: source)
            #expect(
                error
                    == .referencedRowsMissing(
                        SourceLocation(file: "refusal.yaml", line: 4), table: "main.child",
                        references: "main.parent"))
        }
    }

    @Test(
        "unique: true on a transform that cannot keep values distinct is refused",
        arguments: [
            "{ redact: [email], unique: true }", "{ constant: \"x@example.com\", unique: true }",
        ])
    func uniqueUnsupported(rule: String) throws {
        try withSource { folder, source in
            let rules = try Self.rules(parent: "{ columns: { code: { hash: { length: 12 } }, email: \(rule) } }")
            let error = try refusal(rules, in: folder, source: source)
            guard case .uniqueUnsupported(let location, let table, let column, _)? = error else {
                Issue.record("expected uniqueUnsupported, got \(String(describing: error))")
                return
            }
            #expect(location == SourceLocation(file: "refusal.yaml", line: 3))
            #expect(table == "main.parent" && column == "email")
        }
    }
}
