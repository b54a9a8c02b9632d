import CleanroomCore
import CleanroomCrypto
import Foundation
import Yams

/// Reads rules files (DESIGN §3) into `RulesFile`, with the file and line of every entry so that
/// errors can point at it.
///
/// A column's rule is either a bare name (`keep`, `null`, `hash`, `redact`) or a mapping with exactly
/// one transform key plus the modifiers `unique:` and `domain:`.
public enum RulesParser {
    /// Parses the rules file at `path`.
    public static func load(path: String) throws -> RulesFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MaskingError.rulesSyntax(SourceLocation(file: path), "cannot read the rules file")
        }
        return try parse(
            String(decoding: data, as: UTF8.self), path: path, digest: Hex.encode(SHA256Hasher.digest([UInt8](data))))
    }

    /// Parses rules text; `path` is used in messages.
    public static func parse(_ text: String, path: String, digest: String? = nil) throws -> RulesFile {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw MaskingError.rulesSyntax(SourceLocation(file: path, line: yamlLine(error)), yamlProblem(error))
        }
        let reader = NodeReader(path: path)
        guard let root, let top = root.mapping else {
            throw MaskingError.rulesSyntax(
                SourceLocation(file: path, line: 1), "expected a mapping with `version: 1` and `tables:`")
        }
        var tables: [QualifiedName: TableRule] = [:]
        var subset: SubsetRules?
        var references: [VirtualReference] = []
        var sawVersion = false
        for (key, value) in top {
            switch key.string {
            case "version":
                guard value.int == 1 else {
                    throw reader.error(value, "unsupported version; this Cleanroom reads `version: 1`")
                }
                sawVersion = true
            case "tables":
                guard let mapping = value.mapping else {
                    throw reader.error(value, "`tables:` must map table names to rules")
                }
                for (tableKey, tableValue) in mapping {
                    guard let name = tableKey.string, !name.isEmpty else {
                        throw reader.error(tableKey, "table names must be strings")
                    }
                    let qualified = QualifiedName(parsing: name, defaultSchema: "")
                    if tables[qualified] != nil { throw reader.error(tableKey, "table \(name) appears twice") }
                    tables[qualified] = try reader.tableRule(tableValue)
                }
            case "subset":
                subset = try reader.subsetRules(value)
            case "references":
                references = try reader.virtualReferences(value)
            default:
                throw reader.error(
                    key, "unknown key '\(key.string ?? "?")'; expected `version`, `tables`, `subset` or `references`")
            }
        }
        guard sawVersion else {
            throw MaskingError.rulesSyntax(SourceLocation(file: path, line: 1), "missing `version: 1`")
        }
        let fileDigest = digest ?? Hex.encode(SHA256Hasher.digest(Array(text.utf8)))
        return RulesFile(path: path, digest: fileDigest, tables: tables, subset: subset, references: references)
    }

    private static func yamlLine(_ error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    private static func yamlProblem(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            return "invalid YAML: \(context.map { "\($0.text) " } ?? "")\(problem)"
        default:
            return "invalid YAML: \(error)"
        }
    }
}

/// Turns YAML nodes into rule values, remembering the file for locations.
struct NodeReader {
    let path: String

    func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: path, line: node.mark?.line)
    }

    func error(_ node: Node, _ message: String) -> MaskingError {
        .rulesSyntax(location(node), message)
    }

    func tableRule(_ node: Node) throws -> TableRule {
        guard let mapping = node.mapping else {
            throw error(node, "a table's rule must be a mapping with `columns:` or `rows: none`")
        }
        var rule = TableRule(location: location(node))
        for (key, value) in mapping {
            switch key.string {
            case "rows":
                switch value.string {
                case "none": rule.copyRows = false
                case "all": rule.copyRows = true
                default: throw error(value, "`rows:` is `all` or `none`")
                }
            case "reference":
                guard let flag = value.bool else { throw error(value, "`reference:` is true or false") }
                rule.isReference = flag
            case "where":
                guard let filter = value.string, !filter.isEmpty else {
                    throw error(value, "`where:` takes an SQL condition")
                }
                rule.filter = filter
            case "types":
                guard let types = value.mapping else {
                    throw error(value, "`types:` must map column names to database type names")
                }
                for (columnKey, typeValue) in types {
                    guard let name = columnKey.string, let type = typeValue.string, !type.isEmpty else {
                        throw error(
                            columnKey,
                            "`types:` maps a column name to its type name, e.g. `email: character varying(50)`")
                    }
                    if rule.types[name] != nil { throw error(columnKey, "column \(name) appears twice in `types:`") }
                    rule.types[name] = type
                }
            case "columns":
                guard let columns = value.mapping else {
                    throw error(value, "`columns:` must map column names to rules")
                }
                for (columnKey, columnValue) in columns {
                    guard let name = columnKey.string else { throw error(columnKey, "column names must be strings") }
                    if rule.columns[name] != nil { throw error(columnKey, "column \(name) appears twice") }
                    rule.columns[name] = try columnRule(columnValue)
                }
            default:
                throw error(
                    key,
                    "unknown key '\(key.string ?? "?")' in a table rule; expected `columns`, `rows`, `where`, `reference` or `types`"
                )
            }
        }
        return rule
    }

    func columnRule(_ node: Node) throws -> ColumnRule {
        if let name = node.scalar?.string {
            if name.isEmpty {
                throw error(node, "no rule given; write a transform such as `keep` or `{ fake: email }`")
            }
            if node.null != nil { return ColumnRule(location: location(node), transform: .null) }
            return ColumnRule(location: location(node), transform: try bareTransform(name, node))
        }
        guard let mapping = node.mapping else {
            throw error(node, "a column's rule is a transform name or a mapping such as `{ fake: email }`")
        }
        var transform: TransformSpec?
        var unique = false
        var domain: String?
        for (key, value) in mapping {
            guard let name = key.string else { throw error(key, "expected a transform name") }
            switch name {
            case "unique":
                guard let flag = value.bool else { throw error(value, "`unique:` is true or false") }
                unique = flag
            case "domain":
                guard let d = value.string, !d.isEmpty else { throw error(value, "`domain:` takes a name") }
                domain = d
            case "locale", "locale_from":
                throw error(key, "`\(name):` is a parameter of fake: write `{ fake: { kind: city, \(name): … } }`")
            default:
                guard let type = TransformRegistry.named(name) else {
                    throw MaskingError.unknownTransform(location(key), name: name)
                }
                if transform != nil { throw error(key, "a column takes exactly one transform") }
                transform = TransformSpec(try type.parse(parameters(value, transform: name)))
            }
        }
        guard let transform else { throw error(node, "no transform given (add e.g. `keep`, `fake: email`)") }
        return ColumnRule(location: location(node), transform: transform, unique: unique, domain: domain)
    }

    func bareTransform(_ name: String, _ node: Node) throws -> TransformSpec {
        guard let type = TransformRegistry.named(name) else {
            throw MaskingError.unknownTransform(location(node), name: name)
        }
        guard let bare = type.bare else {
            throw MaskingError.invalidParameter(
                location(node), transform: name, message: "needs parameters, e.g. `{ \(name): … }`")
        }
        return TransformSpec(bare)
    }

    func parameters(_ node: Node, transform: String) -> TransformParameters {
        TransformParameters(node: node, transform: transform, path: path, nestedRule: columnRule)
    }
}
