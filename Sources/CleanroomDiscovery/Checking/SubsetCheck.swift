import CleanroomConnectors
import CleanroomCore
import CleanroomMasking

/// `cleanroom check`'s look at a rules file's `subset:` on the live source (its names, trims and
/// breaks are `RulesValidator`'s): each root's predicate must evaluate on the source, the source
/// must read SQL, and a root inside a cycle of cut tables is reported, since rows its predicate
/// selects are dropped when a key of the cycle points at a row left out, unless a `break:` keeps them.
enum SubsetCheck {
    /// The items for `rules` (resolved) on `source`, whose schema is `schema`.
    static func items(_ rules: RulesFile, schema: DatabaseSchema, source: any SourceConnection) -> [DriftItem] {
        guard let subset = rules.subset else { return [] }
        guard source.traits.sqlDialect != nil else {
            return [
                DriftItem(
                    kind: .problem, subject: rules.path,
                    message:
                        "\(subset.location): \(source.endpoint) reads whole files, so it cannot select a subset's rows; subset a PostgreSQL or SQLite source"
                )
            ]
        }
        var items: [DriftItem] = []
        for root in subset.roots {
            guard let table = schema.table(root.table), let first = table.columns.first else { continue }
            let filter = SQLConjunction.of([rules.tables[root.table]?.filter, root.predicate])
            do {
                let reader = try source.openReader(table: table, columns: [first], filter: filter, limit: 0)
                defer { reader.close() }
                _ = try reader.next()
            } catch {
                items.append(
                    DriftItem(
                        kind: .problem, subject: root.table.description,
                        message:
                            "\(root.location): the predicate of the root \(root.table) does not evaluate on the source: \(error)"
                    ))
            }
        }
        let schema = schema.adding(rules.references)
        let copied = schema.tables.map(\.name).filter { rules.tables[$0]?.copyRows == true }
        let graph = SubsetGraph(subset, copied: copied, foreignKeys: schema.foreignKeys)
        for cycle in graph.cycles {
            guard let root = cycle.first(where: { graph.role(of: $0) == .root }) else { continue }
            let nullable = graph.edges.filter { edge in
                !edge.isBroken && cycle.contains(edge.child) && cycle.contains(edge.parent)
                    && edge.key.columns.allSatisfy { schema.table(edge.child)?.column(named: $0)?.isNullable == true }
            }
            let advice =
                nullable.isEmpty
                ? "no key of the cycle is nullable, so widen the predicate to the rows they point at"
                : "to keep them with the key set NULL, add `break: [\(nullable.map { "\($0.child).\($0.key.columns[0])" }.joined(separator: ", "))]` (any one breaks the cycle)"
            items.append(
                DriftItem(
                    kind: .subsetCycle, subject: root.description,
                    message:
                        "the root \(root) is in a cycle (\(cycle.map(\.description).joined(separator: " ⇄ "))): rows its predicate selects are left out when a key of the cycle points at a row that is not kept; \(advice); `cleanroom subset plan` counts them"
                ))
        }
        return items
    }
}
