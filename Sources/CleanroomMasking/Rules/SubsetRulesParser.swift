import CleanroomCore
import Foundation
import Yams

/// Reading `subset:` and `references:` (see `SubsetRules`, `VirtualReference`).
extension NodeReader {
    func subsetRules(_ node: Node) throws -> SubsetRules {
        guard let mapping = node.mapping else {
            throw error(node, "`subset:` must be a mapping with `roots:` (and optionally `trim_parents:`, `break:`)")
        }
        var subset = SubsetRules(location: location(node))
        for (key, value) in mapping {
            switch key.string {
            case "roots":
                guard let roots = value.mapping, !roots.isEmpty else {
                    let example = "`public.customer: \"store_id = 1\"`"
                    throw error(value, "`roots:` maps each table to cut to an SQL predicate, e.g. \(example)")
                }
                for (tableKey, predicate) in roots {
                    guard let name = tableKey.string, !name.isEmpty else {
                        throw error(tableKey, "table names must be strings")
                    }
                    guard let text = predicate.string, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                        throw error(predicate, "the root \(name) needs an SQL predicate, e.g. \"customer_id % 10 = 0\"")
                    }
                    let table = QualifiedName(parsing: name, defaultSchema: "")
                    if subset.roots.contains(where: { $0.table == table }) {
                        throw error(tableKey, "table \(name) appears twice in `roots:`")
                    }
                    subset.roots.append(SubsetRoot(table: table, predicate: text, location: location(tableKey)))
                }
            case "trim_parents":
                for item in try items(value, "`trim_parents:` lists tables, e.g. `[public.inventory, public.film]`") {
                    guard let name = item.string, !name.isEmpty else {
                        throw error(item, "table names must be strings")
                    }
                    let table = QualifiedName(parsing: name, defaultSchema: "")
                    if subset.trimParents.contains(where: { $0.table == table }) {
                        throw error(item, "table \(name) appears twice in `trim_parents:`")
                    }
                    subset.trimParents.append(TableMention(table: table, location: location(item)))
                }
            case "vocabulary":
                switch value.string {
                case "all": subset.vocabularyFromKeptRows = false
                case "kept": subset.vocabularyFromKeptRows = true
                default: throw error(value, "`vocabulary:` is `all` (every source row, the default) or `kept`")
                }
            case "break":
                for item in try items(value, "`break:` lists foreign-key columns as TABLE.COLUMN") {
                    let column = try columnMention(item, in: "`break:`")
                    if subset.breaks.contains(where: { $0.table == column.table && $0.column == column.column }) {
                        throw error(item, "\(column) appears twice in `break:`")
                    }
                    subset.breaks.append(column)
                }
            default:
                throw error(
                    key,
                    "unknown key '\(key.string ?? "?")' in `subset:`; expected `roots`, `trim_parents`, `break` or `vocabulary`"
                )
            }
        }
        guard !subset.roots.isEmpty else {
            throw error(node, "`subset:` needs `roots:`, at least one table with an SQL predicate")
        }
        return subset
    }

    func virtualReferences(_ node: Node) throws -> [VirtualReference] {
        guard let mapping = node.mapping else {
            throw error(node, "`references:` maps TABLE.COLUMN to the OTHER.COLUMN it references")
        }
        var references: [VirtualReference] = []
        for (key, value) in mapping {
            let reference = VirtualReference(
                from: try columnMention(key, in: "`references:`"), to: try columnMention(value, in: "`references:`"))
            let from = reference.from
            if references.contains(where: { $0.from.table == from.table && $0.from.column == from.column }) {
                throw error(key, "\(reference.from) appears twice in `references:`")
            }
            references.append(reference)
        }
        return references
    }

    /// A scalar or the items of a sequence.
    private func items(_ node: Node, _ message: String) throws -> [Node] {
        if let sequence = node.sequence { return Array(sequence) }
        if node.scalar != nil { return [node] }
        throw error(node, message)
    }

    private func columnMention(_ node: Node, in section: String) throws -> ColumnMention {
        guard let text = node.string, let mention = ColumnMention(parsing: text, location: location(node)) else {
            throw error(node, "\(section) names columns as TABLE.COLUMN, e.g. public.employee.reports_to")
        }
        return mention
    }
}
