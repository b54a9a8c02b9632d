import CleanroomCore

/// One step inside a `json` transform: a path and what happens to the value found there.
public struct JSONPathRule: Sendable, Equatable {
    /// The path as written, e.g. `$.contact.email` or `$.items[*].name`.
    public var path: String
    /// The transform for the value; nil replaces it with JSON null.
    public var transform: TransformSpec?

    public init(path: String, transform: TransformSpec?) {
        self.path = path
        self.transform = transform
    }
}

/// `{ json: { PATH: RULE } }`: applies rules at JSON paths inside a document and copies everything
/// else byte for byte.
public struct JSONTransform: Transform {
    public var paths: [JSONPathRule]

    public static let name = "json"
    public static let documentation = TransformDocumentation(
        syntax: "`{ json: { PATH: RULE, PATH: null } }`",
        effect: "applies rules at JSON paths (`$.a.b`, `$.items[*].name`, `$['odd key']`); `null` writes JSON null; "
            + "everything else is copied byte for byte",
        columnTypes: "json, text")

    public static func parse(_ parameters: TransformParameters) throws -> JSONTransform {
        guard let entries = parameters.entries else {
            throw parameters.error(
                "maps JSON paths to transforms, e.g. `{ \"$.email\": { fake: email }, \"$.ssn\": null }`")
        }
        return JSONTransform(
            paths: try entries.map { key, inner in
                guard let path = key.string else { throw key.error("paths are strings such as $.contact.email") }
                let transform: TransformSpec? = inner.isNull ? nil : try inner.columnRule().transform
                return JSONPathRule(path: path, transform: transform)
            })
    }

    public func canProduce(into kind: ValueKind) -> Bool { kind == .text || kind == .other || kind == .json }
    public var probeRole: ProbeRole { .carriesText }
    public var printBack: PrintBack { .sourceDocument }
    public func yaml(modifiers: String) -> String {
        let entries = paths.map { "\(YAMLFlow.quoted($0.path)): \($0.transform.map { YAMLFlow.rule($0) } ?? "null")" }
        return "{ json: { \(entries.joined(separator: ", ")) }\(modifiers) }"
    }

    /// A path's rule sees the value found there, not the row: `template` (which reads the row's masked
    /// columns) is refused inside a document.
    public func problems(in table: Table, at location: SourceLocation) -> [MaskingError] {
        paths.flatMap { rule -> [MaskingError] in
            guard let nested = rule.transform?.transform else { return [] }
            if nested is TemplateTransform {
                return [problem(location, "\(rule.path): template is not available inside a document")]
            }
            return nested.problems(in: table, at: location)
        }
    }

    public func compile(_ context: CompileContext) throws -> CompiledTransform {
        let compiled = try paths.map { rule -> (JSONPath, ValueMasker?) in
            let path: JSONPath
            do {
                path = try JSONPath(parsing: rule.path)
            } catch MaskingError.malformedJSONPath(_, let p, let reason) {
                throw MaskingError.malformedJSONPath(nil, path: p, reason: reason)
            }
            return (path, try rule.transform.map { try $0.transform.compile(context.part(rule.path)).valueMasker })
        }
        let paths = JSONPathTable(compiled.map(\.0))
        let maskers = compiled.map(\.1)
        return .value { value, row, out in
            try JSONRewriter.rewrite(value, paths: paths, into: &out) { rule, token, out in
                let isString = try maskers[rule].map { masker in
                    try JSONRewriter.appendString(to: &out) {
                        try masker.apply(token.string ?? Array(token.raw), row, into: &$0)
                    }
                }
                if isString != true { ASCII.append("null", to: &out) }
            }
            return true
        }
    }
}

extension TransformSpec {
    /// `{ json: { path: rule } }`.
    public static func json(_ paths: [JSONPathRule]) -> TransformSpec { TransformSpec(JSONTransform(paths: paths)) }
}
