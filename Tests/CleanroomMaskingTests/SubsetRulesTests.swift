import CleanroomCore
import Foundation
import Testing

@testable import CleanroomMasking

/// `subset:` and `references:`: parsing, validation against a schema, and the roles and cycles of
/// the foreign-key graph.
@Suite("Subset rules")
struct SubsetRulesTests {
    static func table(_ name: String, _ columns: [(String, Bool)]) -> Table {
        Table(
            name: QualifiedName(schema: "main", name: name),
            columns: columns.map { Column(name: $0.0, typeName: "integer", kind: .integer, isNullable: $0.1) },
            primaryKey: ["id"])
    }

    static func key(_ table: String, _ column: String, _ parent: String) -> ForeignKey {
        ForeignKey(
            name: "\(table)_\(column)_fkey", table: QualifiedName(schema: "main", name: table), columns: [column],
            referencedTable: QualifiedName(schema: "main", name: parent), referencedColumns: ["id"])
    }

    /// region ← customer (⟲ referrer_id) ← orders → item → maker; review → item; note stands alone.
    static let schema = DatabaseSchema(
        tables: [
            table("region", [("id", false)]),
            table("customer", [("id", false), ("region_id", false), ("referrer_id", true)]),
            table("orders", [("id", false), ("customer_id", false), ("item_id", false), ("review_id", true)]),
            table("item", [("id", false), ("maker_id", false)]),
            table("maker", [("id", false)]),
            table("review", [("id", false), ("item_id", false)]),
            table("note", [("id", false), ("body", true)]),
        ],
        foreignKeys: [
            key("customer", "region_id", "region"), key("customer", "referrer_id", "customer"),
            key("orders", "customer_id", "customer"), key("orders", "item_id", "item"),
            key("item", "maker_id", "maker"), key("review", "item_id", "item"),
        ])

    static func rules(_ extra: String) throws -> RulesFile {
        var text = "version: 1\ntables:\n"
        for table in schema.tables {
            text +=
                "  \(table.name.name):\n    columns: { \(table.columns.map { "\($0.name): keep" }.joined(separator: ", ")) }\n"
        }
        return try RulesParser.parse(text + extra, path: "subset.yaml")
    }

    static func graph(_ extra: String, schema: DatabaseSchema = schema) throws -> SubsetGraph {
        let validated = try RulesValidator.validate(rules(extra), against: schema)
        return SubsetGraph(
            try #require(validated.rules.subset), copied: validated.tables.map(\.table.name),
            foreignKeys: validated.schema.foreignKeys)
    }

    static func problems(_ extra: String) throws -> [MaskingError] {
        RulesValidator.problems(try rules(extra), against: schema)
    }

    static func name(_ table: String) -> QualifiedName { QualifiedName(schema: "main", name: table) }

    @Test("parses roots in file order, trim_parents and break as lists or one name, and references")
    func parsing() throws {
        let rules = try Self.rules(
            """
            references:
              note.body: customer.id
            subset:
              roots:
                customer: "region_id = 1"
                main.region: "id < 3"
              trim_parents: item
              break: [customer.referrer_id, main.orders.review_id]
              vocabulary: kept
            """)
        let subset = try #require(rules.subset)
        #expect(subset.roots.map(\.table.description) == ["customer", "main.region"])
        #expect(subset.roots.map(\.predicate) == ["region_id = 1", "id < 3"])
        #expect(subset.roots[0].location.line == 21, "the line of `customer:` under `roots:`")
        #expect(subset.trimParents.map(\.table.description) == ["item"])
        #expect(subset.breaks.map(\.description) == ["customer.referrer_id", "main.orders.review_id"])
        #expect(subset.vocabularyFromKeptRows)
        #expect(try Self.rules("subset:\n  roots:\n    customer: \"id = 1\"\n").subset?.vocabularyFromKeptRows == false)
        #expect(rules.references.map { "\($0.from) -> \($0.to)" } == ["note.body -> customer.id"])
    }

    @Test(
        "malformed subsets are refused with the line",
        arguments: [
            ("subset:\n  trim_parents: [item]\n", "needs `roots:`"),
            ("subset:\n  roots:\n    customer: \"\"\n", "needs an SQL predicate"),
            ("subset:\n  roots: [customer]\n", "maps each table to cut"),
            ("subset:\n  roots:\n    customer: \"id = 1\"\n  follow: [orders]\n", "unknown key 'follow' in `subset:`"),
            ("subset:\n  roots:\n    customer: \"id = 1\"\n  break: [referrer_id]\n", "names columns as TABLE.COLUMN"),
            ("subset:\n  roots:\n    customer: \"id = 1\"\n  trim_parents: [item, item]\n", "appears twice"),
            ("references: [customer.id]\n", "maps TABLE.COLUMN"),
            ("subset:\n  roots:\n    customer: \"id = 1\"\n  vocabulary: some\n", "`vocabulary:` is `all`"),
        ])
    func malformed(_ extra: String, _ message: String) throws {
        do {
            _ = try Self.rules(extra)
            Issue.record("accepted: \(extra)")
        } catch let error as MaskingError {
            #expect(error.description.contains(message), "\(error)")
            #expect(error.description.hasPrefix("subset.yaml:"))
            #expect(error.exitStatus == .usage)
        }
    }

    @Test("roles: root, follows, trimmed, follows-trimmed, parent, unconnected; the self-reference is a cycle")
    func roles() throws {
        let graph = try Self.graph("subset:\n  roots:\n    customer: \"region_id = 1\"\n  trim_parents: [item]\n")
        let roles = Dictionary(uniqueKeysWithValues: graph.roles.map { ($0.key.name, $0.value) })
        #expect(
            roles == [
                "customer": .root, "orders": .follows, "item": .trimmed, "review": .followsTrimmed, "maker": .parent,
                "region": .parent, "note": .unconnected,
            ])
        #expect(graph.cycles == [[Self.name("customer")]])
        let ordersToItem = try #require(graph.edges.first { $0.child.name == "orders" && $0.parent.name == "item" })
        #expect(graph.needs(ordersToItem) && !graph.checks(ordersToItem))
        let reviewToItem = try #require(graph.edges.first { $0.child.name == "review" })
        #expect(graph.checks(reviewToItem) && !graph.needs(reviewToItem))
        #expect(graph.tangles.isEmpty)

        let broken = try Self.graph(
            "subset:\n  roots:\n    customer: \"region_id = 1\"\n  break: [customer.referrer_id]\n")
        #expect(broken.cycles.isEmpty)
        #expect(
            broken.edges.filter(\.isBroken).map(\.description) == ["main.customer(referrer_id) -> main.customer(id)"])
        #expect(broken.role(of: Self.name("item")) == .parent)
    }

    @Test("a virtual reference joins the graph and gives the column the referenced domain")
    func virtualReference() throws {
        let extra = "references:\n  note.body: orders.id\nsubset:\n  roots:\n    customer: \"region_id = 1\"\n"
        let graph = try Self.graph(extra)
        #expect(graph.role(of: Self.name("note")) == .follows)
        #expect(graph.edges.first { $0.child.name == "note" }?.isVirtual == true)
        let validated = try RulesValidator.validate(Self.rules(extra), against: Self.schema)
        let body = try #require(
            validated.tables.first { $0.table.name.name == "note" }?.columns.first { $0.column.name == "body" })
        #expect(body.domain == "main.orders.id")
        #expect(validated.schema.foreignKeys.count == Self.schema.foreignKeys.count + 1)
    }

    @Test(
        "validation names what cannot be done, with the line",
        arguments: [
            ("subset:\n  roots:\n    nowhere: \"id = 1\"\n", "`roots:` names table nowhere"),
            (
                "subset:\n  roots:\n    customer: \"id = 1\"\n  trim_parents: [nowhere]\n",
                "`trim_parents:` names table nowhere"
            ),
            (
                "subset:\n  roots:\n    customer: \"id = 1\"\n  break: [customer.nothing]\n",
                "names column main.customer.nothing"
            ),
            ("subset:\n  roots:\n    customer: \"id = 1\"\n  break: [note.body]\n", "which is in no foreign key"),
            ("subset:\n  roots:\n    customer: \"id = 1\"\n  break: [customer.region_id]\n", "which is NOT NULL"),
            (
                "subset:\n  roots:\n    customer: \"id = 1\"\n  trim_parents: [orders]\n",
                "is cut by the root main.customer (it is downstream of it)"
            ),
            ("subset:\n  roots:\n    customer: \"id = 1\"\n  trim_parents: [customer]\n", "(it is that root)"),
            ("subset:\n  roots:\n    customer: \"id = 1\"\n  trim_parents: [note]\n", "no copied table references it"),
            ("references:\n  note.body: customer.nothing\n", "`references:` names column main.customer.nothing"),
        ])
    func refusals(_ extra: String, _ message: String) throws {
        let problems = try Self.problems(extra)
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.description.contains(message) == true, "\(problems)")
        #expect(problems.first?.description.hasPrefix("subset.yaml:") == true)
    }

    @Test("a trimmed parent whose needing rows point at rows that follow it is refused")
    func tangle() throws {
        var schema = Self.schema
        schema.foreignKeys.append(Self.key("orders", "review_id", "review"))
        let rules = try Self.rules("subset:\n  roots:\n    customer: \"id = 1\"\n  trim_parents: [item]\n")
        let problems = RulesValidator.problems(rules, against: schema)
        #expect(problems.count == 1)
        #expect(
            problems.first?.description.contains(
                "main.orders references main.review, which follows the trimmed main.item") == true, "\(problems)")
        #expect(problems.first?.description.contains("`break:` main.orders.review_id") == true)
        // Breaking that key resolves it.
        let broken = try Self.rules(
            "subset:\n  roots:\n    customer: \"id = 1\"\n  trim_parents: [item]\n  break: [orders.review_id]\n")
        #expect(RulesValidator.problems(broken, against: schema).isEmpty)
    }
}
