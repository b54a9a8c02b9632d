import CleanroomCore

/// A column that will be copied, with its rule and the keying domain it resolves to.
public struct PlannedColumn: Sendable {
    public var column: Column
    public var rule: ColumnRule
    /// The HMAC domain: the explicit `domain:`, else the referenced column's domain for a foreign key,
    /// else `schema.table.column`. Columns sharing a domain and a rule mask identically.
    public var domain: String
}

/// A table with its rule checked against the live schema.
public struct PlannedTable: Sendable {
    public var table: Table
    public var rule: TableRule
    /// The copied (non-generated) columns, in the table's order. Empty rules for `rows: none`.
    public var columns: [PlannedColumn]
}

/// Rules that passed validation against a source schema: every table and column accounted for.
public struct ValidatedRules: Sendable {
    public var rules: RulesFile
    public var schema: DatabaseSchema
    public var tables: [PlannedTable]
}

/// Checks a rules file against a live schema before a byte is written (DESIGN §3): unknown tables
/// and columns, uncovered ones (fail closed), transforms that cannot produce the column's type, NULL
/// into NOT NULL, foreign keys masked differently from what they reference, `unique` where it
/// cannot hold.
public enum RulesValidator {
    /// Every problem found, in file order; empty when the rules are complete and consistent.
    public static func problems(_ rules: RulesFile, against schema: DatabaseSchema) -> [MaskingError] {
        let rules = resolvingUnqualifiedNames(rules, in: schema)
        let schema = schema.adding(rules.references)
        var problems: [MaskingError] = []
        var uncoveredTables: [String] = []
        var uncoveredColumns: [String] = []
        for (name, rule) in rules.tables.sorted(by: { $0.key < $1.key }) {
            guard let table = schema.table(name) else {
                problems.append(.unknownTable(rule.location, table: name.description))
                continue
            }
            for (columnName, columnRule) in rule.columns.sorted(by: { $0.key < $1.key })
            where table.column(named: columnName) == nil {
                problems.append(.unknownColumn(columnRule.location, table: name.description, column: columnName))
            }
        }
        for table in schema.tables {
            guard let rule = rules.tables[table.name] else {
                uncoveredTables.append(table.name.description)
                continue
            }
            guard rule.copyRows else { continue }
            for column in table.columns where !column.isGenerated {
                guard let columnRule = rule.columns[column.name] else {
                    uncoveredColumns.append("\(table.name).\(column.name)")
                    continue
                }
                problems += columnProblems(column, columnRule, table: table, rules: rules, schema: schema)
            }
            for fk in schema.foreignKeys where fk.table == table.name {
                if let referenced = rules.tables[fk.referencedTable], !referenced.copyRows {
                    problems.append(
                        .referencedRowsMissing(
                            rule.location, table: table.name.description, references: fk.referencedTable.description))
                }
            }
        }
        if !uncoveredTables.isEmpty { problems.append(.uncoveredTables(file: rules.path, tables: uncoveredTables)) }
        if !uncoveredColumns.isEmpty { problems.append(.uncoveredColumns(file: rules.path, columns: uncoveredColumns)) }
        return problems + SubsetValidation.problems(rules, against: schema)
    }

    /// Validates and resolves domains; throws the first configuration problem, or the coverage refusal
    /// (exit 3) when the only problems are tables or columns without rules.
    public static func validate(_ rules: RulesFile, against schema: DatabaseSchema) throws -> ValidatedRules {
        let rules = resolvingUnqualifiedNames(rules, in: schema)
        let found = problems(rules, against: schema)
        let schema = schema.adding(rules.references)
        if let first = found.first(where: { $0.exitStatus != .guardRefused }) ?? found.first { throw first }
        let tables = schema.tables.compactMap { table -> PlannedTable? in
            guard let rule = rules.tables[table.name] else { return nil }
            let columns =
                rule.copyRows
                ? table.columns.filter { !$0.isGenerated }.map { column in
                    PlannedColumn(
                        column: column, rule: rule.columns[column.name]!,
                        domain: domain(of: table.name, column.name, rules: rules, schema: schema))
                } : []
            return PlannedTable(table: table, rule: rule, columns: columns)
        }
        return ValidatedRules(rules: rules, schema: schema, tables: tables)
    }

    /// Gives table names written without a schema (`customer`) the schema of the source table of that
    /// name (`public` in PostgreSQL, `main` in SQLite and files), so one rules file serves both.
    /// A name that several schemas share stays unresolved and is reported as unknown.
    public static func resolvingUnqualifiedNames(_ rules: RulesFile, in schema: DatabaseSchema) -> RulesFile {
        func resolve(_ name: QualifiedName) -> QualifiedName {
            guard name.schema.isEmpty else { return name }
            let matches = schema.tables.filter { $0.name.name == name.name }
            return matches.count == 1 ? matches[0].name : name
        }
        var resolved = rules
        resolved.tables = [:]
        for (name, rule) in rules.tables { resolved.tables[resolve(name)] = rule }
        resolved.subset = rules.subset?.resolving(resolve)
        resolved.references = rules.references.map {
            VirtualReference(from: $0.from.resolving(resolve), to: $0.to.resolving(resolve))
        }
        return resolved
    }

    /// The keying domain of `table.column` (see `PlannedColumn.domain`).
    public static func domain(
        of table: QualifiedName, _ column: String, rules: RulesFile, schema: DatabaseSchema
    ) -> String {
        var current = (table: table, column: column)
        var seen: Set<String> = []
        while true {
            let key = "\(current.table).\(current.column)"
            if let explicit = rules.tables[current.table]?.columns[current.column]?.domain { return explicit }
            guard seen.insert(key).inserted,
                let next = schema.referencedColumn(table: current.table, column: current.column),
                next.table != current.table || next.column != current.column
            else { return key }
            current = next
        }
    }

    private static func columnProblems(
        _ column: Column, _ rule: ColumnRule, table: Table, rules: RulesFile, schema: DatabaseSchema
    ) -> [MaskingError] {
        var problems: [MaskingError] = []
        let tableName = table.name.description
        if !TypeCompatibility.canProduce(rule.transform, into: column.kind) {
            problems.append(
                .incompatibleType(
                    rule.location, table: tableName, column: column.name, transform: rule.transform.summary,
                    type: column.typeName))
        }
        if let limit = column.maximumLength, !rule.transform.transform.fits(maximumLength: limit) {
            problems.append(
                .outputTooLong(
                    rule.location, table: tableName, column: column.name, transform: rule.transform.summary,
                    maximumLength: limit))
        }
        if rule.transform == .null && !column.isNullable {
            problems.append(.nullIntoNotNull(rule.location, table: tableName, column: column.name))
        }
        if rule.unique && !TypeCompatibility.supportsUnique(rule.transform) {
            problems.append(
                .uniqueUnsupported(
                    rule.location, table: tableName, column: column.name, transform: rule.transform.summary)
            )
        }
        problems += rule.transform.transform.problems(in: table, at: rule.location)
        if let referenced = schema.referencedColumn(table: table.name, column: column.name),
            let referencedRule = rules.tables[referenced.table]?.columns[referenced.column]
        {
            let sameDomain =
                domain(of: table.name, column.name, rules: rules, schema: schema)
                == domain(of: referenced.table, referenced.column, rules: rules, schema: schema)
            if !rule.masksLike(referencedRule) || (!sameDomain && rule.transform != .keep) {
                problems.append(
                    .foreignKeyMismatch(
                        rule.location, table: tableName, column: column.name,
                        references: "\(referenced.table).\(referenced.column)"))
            }
        }
        return problems
    }
}

/// Which transforms can write which kinds of column: the type check of rules validation, also used by
/// `cleanroom scan` so that it proposes only rules that validate.
public enum TypeCompatibility {
    /// Whether `spec` yields values a column of `kind` accepts (e.g. `fake: email` only into text,
    /// `fpe: digits` also into integers, a `constant` only when it parses as the column's kind).
    public static func canProduce(_ spec: TransformSpec, into kind: ValueKind) -> Bool {
        spec.transform.canProduce(into: kind)
    }

    /// Whether `spec` can write `column`: its kind, and its declared length (`varchar(n)`).
    public static func canWrite(_ spec: TransformSpec, into column: Column) -> Bool {
        canProduce(spec, into: column.kind) && (column.maximumLength.map(spec.transform.fits(maximumLength:)) ?? true)
    }

    /// Whether `spec`'s outputs can be kept distinct: permutations (fpe, keep) and keyed draws with
    /// deterministic collision resolution (hash, fake).
    public static func supportsUnique(_ spec: TransformSpec) -> Bool {
        spec.transform.supportsUnique
    }
}
