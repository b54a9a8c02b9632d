import CleanroomCore
import Foundation
import Yams

/// Reads environment templates (docs/templates.md), checking every field before anything runs and
/// naming the file and line of whatever is wrong.
public enum TemplateParser {
    /// Parses the template file at `path`.
    public static func load(path: String) throws -> EnvironmentTemplate {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProvisioningError.templateSyntax(SourceLocation(file: path), "cannot read the template file")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// Parses template text; `path` names it in messages and anchors the relative rules path.
    public static func parse(_ text: String, path: String) throws -> EnvironmentTemplate {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ProvisioningError.templateSyntax(
                SourceLocation(file: path, line: line(of: error)), "invalid YAML: \(error)")
        }
        guard let root, let mapping = root.mapping else {
            throw ProvisioningError.templateSyntax(
                SourceLocation(file: path, line: 1), "expected a mapping with `version: 1`, `name:`, `source:` …")
        }
        return try TemplateFields(path: path, root: root, mapping: mapping).template()
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }
}

/// The fields of one template mapping, read one by one with their locations.
private struct TemplateFields {
    let path: String
    let root: Node
    let values: [String: Node]
    let keys: [String: Node]

    static let known = [
        "version", "name", "description", "source", "rules", "target", "classification", "ttl",
        "authorization", "golden", "refresh", "label_prefix", "key_scope",
    ]

    init(path: String, root: Node, mapping: Node.Mapping) throws {
        self.path = path
        self.root = root
        var values: [String: Node] = [:]
        var keys: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string, TemplateFields.known.contains(name) else {
                throw ProvisioningError.templateSyntax(
                    SourceLocation(file: path, line: key.mark?.line),
                    "unknown key '\(key.string ?? "?")'; expected one of \(TemplateFields.known.joined(separator: ", "))"
                )
            }
            guard values[name] == nil else {
                throw ProvisioningError.templateSyntax(
                    SourceLocation(file: path, line: key.mark?.line), "`\(name):` appears twice")
            }
            values[name] = value
            keys[name] = key
        }
        self.values = values
        self.keys = keys
    }

    func location(_ node: Node?) -> SourceLocation {
        SourceLocation(file: path, line: (node ?? root).mark?.line)
    }

    func error(_ node: Node?, _ message: String) -> ProvisioningError {
        .templateSyntax(location(node), message)
    }

    /// A required scalar string.
    func string(_ key: String, _ hint: String) throws -> (String, Node) {
        guard let node = values[key] else { throw error(nil, "missing `\(key):` (\(hint))") }
        guard let text = node.scalar?.string, !text.isEmpty, node.null == nil else {
            throw error(node, "`\(key):` takes \(hint)")
        }
        return (text, node)
    }

    func optionalString(_ key: String) throws -> String? {
        guard let node = values[key] else { return nil }
        guard let text = node.scalar?.string, node.null == nil else { throw error(node, "`\(key):` takes text") }
        return text
    }

    func bool(_ node: Node, _ what: String) throws -> Bool {
        guard let flag = node.bool else { throw error(node, "\(what) is true or false") }
        return flag
    }

    func template() throws -> EnvironmentTemplate {
        guard let version = values["version"] else { throw error(nil, "missing `version: 1`") }
        guard version.int == 1 else { throw error(version, "unsupported version; this Cleanroom reads `version: 1`") }

        let (name, nameNode) = try string("name", "the template's name, the same as its file name")
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        guard name == stem else {
            throw error(
                nameNode,
                "name '\(name)' differs from the file name '\(stem)'; templates are found by file name, so keep them equal"
            )
        }
        do {
            try EnvironmentName.validateTemplateName(name)
        } catch let problem as ProvisioningError {
            throw error(nameNode, problem.description)
        }

        let (source, sourceNode) = try string("source", "the source URL, e.g. ${PAGILA_URL}")
        let (rules, _) = try string("rules", "the rules file, relative to this template's folder")
        let (target, targetNode) = try string("target", "a PostgreSQL server URL or sqlite:DIR")

        let (classificationText, classificationNode) = try string("classification", "development or test")
        guard let classification = Classification(rawValue: classificationText) else {
            throw error(
                classificationNode,
                "classification '\(classificationText)' is not one of: \(Classification.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }

        let (ttlText, ttlNode) = try string("ttl", TimeToLive.expected)
        guard let ttl = TimeToLive(ttlText) else {
            throw error(ttlNode, "ttl '\(ttlText)' is not \(TimeToLive.expected)")
        }

        let authorization = try authorizationPolicy()
        let golden = try values["golden"].map { try bool($0, "`golden:`") } ?? false
        let refresh = try optionalString("refresh")
        if refresh != nil, !golden {
            throw error(
                values["refresh"], "`refresh:` describes when the golden copy is rebuilt; it needs `golden: true`")
        }

        let labelPrefix = try optionalString("label_prefix") ?? EnvironmentTemplate.defaultLabelPrefix
        if !EnvironmentName.isValidPrefix(labelPrefix) {
            throw error(
                values["label_prefix"],
                "label_prefix '\(labelPrefix)' must be 1–10 lower-case letters, digits or _, starting with a letter")
        }

        let keyScopeText = try optionalString("key_scope") ?? KeyScope.shared.rawValue
        guard let keyScope = KeyScope(rawValue: keyScopeText) else {
            throw error(
                values["key_scope"],
                "key_scope '\(keyScopeText)' is not one of: \(KeyScope.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        if golden, keyScope == .perEnvironment {
            throw error(
                values["key_scope"],
                "key_scope per-environment cannot go with golden: true: clones are byte copies of one golden database, so they share its key; use key_scope: shared, or golden: false"
            )
        }
        let targetSetting = TemplateSetting(text: target, location: location(targetNode))
        if golden, target.hasPrefix("sqlite:") {
            throw error(
                values["golden"],
                "golden: true needs a PostgreSQL target (clones are CREATE DATABASE … TEMPLATE); sqlite targets mask each environment"
            )
        }

        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let rulesPath = rules.hasPrefix("/") ? rules : folder.appendingPathComponent(rules).standardizedFileURL.path
        return EnvironmentTemplate(
            name: name, file: path, summary: try optionalString("description"),
            source: TemplateSetting(text: source, location: location(sourceNode)), rulesPath: rulesPath,
            target: targetSetting,
            classification: classification, classificationLocation: location(classificationNode), ttl: ttl,
            authorization: authorization, golden: golden, refresh: refresh, labelPrefix: labelPrefix, keyScope: keyScope
        )
    }

    func authorizationPolicy() throws -> AuthorizationPolicy {
        guard let node = values["authorization"] else {
            return AuthorizationPolicy(required: false, location: location(nil))
        }
        guard let mapping = node.mapping else {
            throw error(node, "`authorization:` takes `{ required: true|false, approver: \"…\" }`")
        }
        var required: Bool?
        var approver: String?
        for (key, value) in mapping {
            switch key.string {
            case "required": required = try bool(value, "`required:`")
            case "approver":
                guard let text = value.scalar?.string, !text.isEmpty else {
                    throw error(value, "`approver:` names who authorises copies")
                }
                approver = text
            default:
                throw error(
                    key, "unknown key '\(key.string ?? "?")' under authorization; expected required or approver")
            }
        }
        guard let required else { throw error(node, "`authorization:` needs `required: true` or `required: false`") }
        return AuthorizationPolicy(required: required, approver: approver, location: location(keys["authorization"]))
    }
}
