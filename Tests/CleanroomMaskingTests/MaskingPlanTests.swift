import CleanroomCore
import Foundation
import TestSupport
import Testing

@testable import CleanroomMasking

/// Compiled rules on in-memory batches: determinism, keys, domains, uniqueness, errors.
@Suite("Masking plans")
struct MaskingPlanTests {
    static let key = try! MaskingKey(bytes: Array(repeating: 7, count: 32))
    static let otherKey = try! MaskingKey(bytes: Array(repeating: 8, count: 32))

    static let schema = DatabaseSchema(
        tables: [
            Table(
                name: QualifiedName(schema: "main", name: "people"),
                columns: [
                    Column(name: "id", typeName: "integer", kind: .integer, isNullable: false),
                    Column(name: "email", typeName: "text", kind: .text),
                    Column(name: "alias", typeName: "text", kind: .text),
                    Column(name: "phone", typeName: "text", kind: .text),
                ], primaryKey: ["id"])
        ], foreignKeys: [])

    static func plan(_ columns: String, key: MaskingKey = key) throws -> MaskingPlan {
        let rules = try RulesParser.parse("version: 1\ntables:\n  people:\n    columns:\n\(columns)", path: "test.yaml")
        return try MaskingPlan(rules: RulesValidator.validate(rules, against: schema), key: key)
    }

    /// Masks rows of (id, email, alias, phone) and returns the masked rows.
    static func mask(_ plan: MaskingPlan, _ rows: [[String?]]) throws -> [[String?]] {
        var batch = RowBatch()
        for row in rows { batch.appendRow(values: row.map { $0.map { Array($0.utf8) } }) }
        let masked = try plan.masker(for: plan.validated.tables[0]).mask(batch)
        var out: [[String?]] = []
        masked.forEachRow { fields in
            out.append(fields.map { CopyText.decode($0).map { String(decoding: $0, as: UTF8.self) } })
        }
        return out
    }

    static let standard = """
              id: keep
              email: { fake: email }
              alias: { fake: email, domain: other }
              phone: { fpe: digits }

        """

    @Test("same key and input give the same output; another key another; another domain another")
    func keysAndDomains() throws {
        let rows: [[String?]] = [["1", "ann@corp.test", "ann@corp.test", "+44 (20) 7946-0958"], ["2", nil, "", ""]]
        let a = try Self.mask(Self.plan(Self.standard), rows)
        let b = try Self.mask(Self.plan(Self.standard), rows)
        let c = try Self.mask(Self.plan(Self.standard, key: Self.otherKey), rows)
        #expect(a == b)
        #expect(a[0][1] != c[0][1] && a[0][3] != c[0][3])
        #expect(a[0][1] != a[0][2], "the same value in another domain masks differently")
        #expect(a[1][1] == nil && a[1][2] == "", "NULL stays NULL, empty stays empty")
        // FF1 keeps length and every non-digit in place.
        let phone = try #require(a[0][3])
        #expect(phone.count == "+44 (20) 7946-0958".count)
        #expect(phone.map { $0.isNumber ? "9" : String($0) }.joined() == "+99 (99) 9999-9999")
        #expect(phone != "+44 (20) 7946-0958")
    }

    @Test("template joins other columns' masked values; NULL and empty inputs stay as they are")
    func template() throws {
        let plan = try Self.plan(
            "      id: keep\n      email: { hash: { length: 8 } }\n      alias: { template: \"{id}.{email}@example.test\" }\n      phone: keep\n"
        )
        let rows = try Self.mask(plan, [["7", "ann@corp.test", "old", nil], ["8", "bob@corp.test", nil, nil]])
        let hashed = try #require(rows[0][1])
        #expect(hashed.count == 8 && hashed != "ann@corp.test")
        #expect(rows[0][2] == "7.\(hashed)@example.test")
        #expect(rows[1][2] == nil)
    }

    @Test("FF1 on a value below the minimum domain fails naming table and column, never the value")
    func ff1MinimumDomain() throws {
        #expect {
            try Self.mask(Self.plan(Self.standard), [["1", "a@b.test", "c@d.test", "12345"]])
        } throws: { error in
            let text = String(describing: error)
            return text.contains("main.people.phone") && text.contains("minimum domain") && !text.contains("12345")
        }
    }

    @Test("unique: true gives no duplicates over 100,000 distinct inputs, and the same output for a repeated input")
    func uniqueness() throws {
        // hash of 6 hex digits: 16.7 million outputs, so about 300 collisions to resolve among 100,000 inputs.
        let plan = try Self.plan(
            "      id: keep\n      email: { fake: email, unique: true }\n      alias: { hash: { length: 6 }, unique: true }\n      phone: keep\n"
        )
        let rows: [[String?]] =
            (0..<100_000).map { ["\($0)", "person-\($0)@corp.test", "alias-\($0)", nil] }
            + [["x", "person-42@corp.test", "alias-42", nil]]
        let resolved = try plan.resolvingUnique(over: rows)
        #expect(resolved.uniqueDraws.count > 100, "\(resolved.uniqueDraws.count) inputs re-draw")
        let masked = try Self.mask(resolved, rows)
        let firstDraws = try Self.mask(plan, rows)
        for column in [1, 2] {
            let values = masked.map { $0[column]! }
            #expect(Set(values.prefix(100_000)).count == 100_000, "column \(column)")
            #expect(values[100_000] == values[42])
            // Only the re-drawn inputs differ from their first draws.
            let redrawn = zip(values, firstDraws.map { $0[column]! }).filter { $0 != $1 }.count
            #expect(redrawn > 0 && redrawn <= resolved.uniqueDraws.count, "column \(column): \(redrawn) re-drawn")
        }
        let unresolved = try Self.plan(
            "      id: keep\n      email: keep\n      alias: { hash: { length: 6 } }\n      phone: keep\n")
        #expect(
            Set(try Self.mask(unresolved, rows).prefix(100_000).map { $0[2]! }).count < 100_000,
            "without unique: the collisions exist")
    }

    @Test("unique: true on a transform with too few outputs fails clearly instead of repeating")
    func uniqueExhausted() throws {
        let plan = try Self.plan(
            "      id: keep\n      email: { fake: first_name, unique: true }\n      alias: keep\n      phone: keep\n")
        #expect {
            try plan.resolvingUnique(over: (0..<5_000).map { ["\($0)", "person-\($0)", nil, nil] })
        } throws: { error in
            String(describing: error)
                == "main.people.email: no distinct output left for unique: true (the column has more distinct values than the transform can produce)"
        }
    }

    @Test("bad rules give clear errors naming file and line")
    func badRules() throws {
        func problem(_ columns: String) -> String {
            do {
                _ = try Self.plan(columns)
                return "no error"
            } catch {
                return String(describing: error)
            }
        }
        #expect(
            problem("      id: keep\n      email: { scramble: yes }\n      alias: keep\n      phone: keep\n")
                .contains("test.yaml:6: unknown transform 'scramble'"))
        #expect(
            problem(
                "      id: keep\n      email: { json: { \"contact.email\": null } }\n      alias: keep\n      phone: keep\n"
            )
            .contains("malformed JSON path 'contact.email'"))
        #expect(
            problem("      id: keep\n      email: keep\n      alias: keep\n").contains(
                "no rule for column main.people.phone"))
        #expect(
            problem("      id: { fake: email }\n      email: keep\n      alias: keep\n      phone: keep\n")
                .contains("main.people.id is of type integer"))
        #expect(
            problem("      id: null\n      email: keep\n      alias: keep\n      phone: keep\n").contains("NOT NULL"))
        #expect(
            problem("      id: keep\n      email: keep\n      alias: keep\n      phone: keep\n      nickname: keep\n")
                .contains("column main.people.nickname does not exist"))
        #expect(
            problem(
                "      id: keep\n      email: keep\n      alias: { template: \"{nickname}@x.test\" }\n      phone: keep\n"
            )
            .contains("{nickname} is not a column of main.people"))
        #expect(throws: MaskingError.self) { try RulesParser.parse("version: 1\ntables: [oops", path: "broken.yaml") }
    }
}
