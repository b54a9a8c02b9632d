import CleanroomCore

/// The checks of `subset:` and `references:` against the live schema (part of `RulesValidator`):
/// names that do not exist, roots of tables whose rows are not copied, `trim_parents:` that cannot
/// trim, `break:` columns that are no key or cannot be NULL.
enum SubsetValidation {
    /// Every problem, in file order; `rules` resolved, `schema` with the rules' virtual references.
    static func problems(_ rules: RulesFile, against schema: DatabaseSchema) -> [MaskingError] {
        var problems = referenceProblems(rules.references, schema: schema)
        guard let subset = rules.subset else { return problems }
        for root in subset.roots {
            if schema.table(root.table) == nil {
                problems.append(.subsetUnknownName(root.location, section: "`roots:`", what: "table \(root.table)"))
            } else if rules.tables[root.table]?.copyRows == false {
                problems.append(.subsetRootNotCopied(root.location, table: root.table.description))
            }
        }
        for trimmed in subset.trimParents where schema.table(trimmed.table) == nil {
            problems.append(
                .subsetUnknownName(trimmed.location, section: "`trim_parents:`", what: "table \(trimmed.table)"))
        }
        for broken in subset.breaks {
            if let problem = columnProblem(broken, section: "`break:`", schema: schema) {
                problems.append(problem)
                continue
            }
            let inKey = schema.foreignKeys.contains { $0.table == broken.table && $0.columns.contains(broken.column) }
            if !inKey {
                problems.append(.breakNotForeignKey(broken.location, column: broken.description))
            } else if schema.table(broken.table)?.column(named: broken.column)?.isNullable == false {
                problems.append(.breakNotNullable(broken.location, column: broken.description))
            }
        }
        guard problems.isEmpty else { return problems }

        let copied = schema.tables.map(\.name).filter { rules.tables[$0]?.copyRows == true }
        let graph = SubsetGraph(subset, copied: copied, foreignKeys: schema.foreignKeys)
        for trimmed in subset.trimParents {
            if let role = graph.role(of: trimmed.table), role.isCut {
                problems.append(
                    .trimmedTableCut(
                        trimmed.location, table: trimmed.table.description,
                        root: graph.origin(of: trimmed.table)?.description ?? trimmed.table.description))
            } else if !graph.followedKeys(into: trimmed.table).contains(where: graph.needs) {
                problems.append(.trimmedTableUnreferenced(trimmed.location, table: trimmed.table.description))
            }
        }
        // A trimmed table keeps what kept rows reference; those rows must not point at rows that
        // follow the trimmed table (each would wait for the other).
        for tangle in graph.tangles {
            guard
                let edge = graph.edges.first(where: { edge in
                    graph.checks(edge) && graph.role(of: edge.parent) == .followsTrimmed && tangle.contains(edge.child)
                        && tangle.contains(edge.parent)
                }),
                let trimmed = tangle.first(where: { graph.role(of: $0) == .trimmed }),
                let mention = subset.trimParents.first(where: { $0.table == trimmed })
            else { continue }
            problems.append(
                .trimmedParentFollows(
                    mention.location, table: edge.child.description, references: edge.parent.description,
                    trimmed: trimmed.description,
                    key: edge.key.columns.map { "\(edge.child).\($0)" }.joined(separator: ", ")))
        }
        return problems
    }

    private static func referenceProblems(_ references: [VirtualReference], schema: DatabaseSchema) -> [MaskingError] {
        references.flatMap { reference in
            [reference.from, reference.to].compactMap { columnProblem($0, section: "`references:`", schema: schema) }
        }
    }

    /// The problem with a `TABLE.COLUMN` mention, if its table or column does not exist.
    private static func columnProblem(
        _ mention: ColumnMention, section: String, schema: DatabaseSchema
    ) -> MaskingError? {
        guard let table = schema.table(mention.table) else {
            return .subsetUnknownName(mention.location, section: section, what: "table \(mention.table)")
        }
        guard table.column(named: mention.column) != nil else {
            return .subsetUnknownName(mention.location, section: section, what: "column \(mention)")
        }
        return nil
    }
}

extension SubsetGraph {
    /// The root or trimmed table that makes `table` keep only some rows: the table itself, or the
    /// first one found along its followed keys through cut tables.
    public func origin(of table: QualifiedName) -> QualifiedName? {
        var seen: Set<QualifiedName> = [table]
        var queue = [table]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            if role(of: next) == .root || role(of: next) == .trimmed { return next }
            for edge in followedKeys(from: next) where role(of: edge.parent)?.isSelective == true {
                if seen.insert(edge.parent).inserted { queue.append(edge.parent) }
            }
        }
        return nil
    }
}
