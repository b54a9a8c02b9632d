import CleanroomConnectors
import CleanroomCore
import CleanroomDiscovery
import CleanroomMasking
import CleanroomPipeline
import Foundation

/// Keys, rules, masking runs, scans and table reads shared by the test targets.
public enum Fixtures {
    /// The masking key of in-process runs.
    public static let key = try! MaskingKey(bytes: Array(repeating: 0x5A, count: 32))
    /// A second key, for runs that must mask differently.
    public static let otherKey = try! MaskingKey(bytes: Array(repeating: 0xA5, count: 32))

    /// masking-rules/pagila.yaml, by absolute path.
    public static let pagilaRulesPath =
        TestPaths.repositoryRoot.appendingPathComponent("masking-rules/pagila.yaml").path

    /// The pagila rules, parsed.
    public static var pagilaRules: RulesFile {
        get throws { try RulesParser.load(path: pagilaRulesPath) }
    }

    /// Masks `source` into `target` with the pagila rules (or `rules`), as `cleanroom mask` does.
    @discardableResult
    public static func mask(
        _ source: Endpoint, _ target: Endpoint, rules: RulesFile? = nil,
        key: MaskingKey = Fixtures.key, jobs: Int = 2,
        leakProbeBytes: Int? = nil
    ) throws -> MaskResult {
        try MaskRunner.run(
            MaskRequest(
                source: source, target: target, rules: rules ?? pagilaRules, key: key,
                jobs: jobs, leakProbeBytes: leakProbeBytes))
    }

    /// Masks `source` into `target` with the rules file at `rulesPath`.
    @discardableResult
    public static func mask(_ source: Endpoint, _ target: Endpoint, rulesPath: String) throws -> MaskResult {
        try mask(source, target, rules: RulesParser.load(path: rulesPath))
    }

    /// Scans `endpoint` and writes the draft to `directory/name`, returning the report and the path.
    public static func draft(
        _ endpoint: Endpoint, in directory: URL, name: String = "draft.yaml",
        sampleSize: Int = PIIScanner.defaultSampleSize
    )
        throws -> (report: ScanReport, path: String)
    {
        let report = try PIIScanner.scan(ConnectorFactory.source(endpoint), sampleSize: sampleSize)
        let path = directory.appendingPathComponent(name).path
        try DraftRulesRenderer.render(report).write(toFile: path, atomically: true, encoding: .utf8)
        return (report, path)
    }

    /// Every row of `table` (qualified, or by its unqualified name) at `endpoint`, decoded
    /// (nil = NULL), columns by name.
    public static func rows(_ endpoint: Endpoint, _ table: String) throws -> [[String: String?]] {
        let source = try ConnectorFactory.source(endpoint)
        let schema = try source.introspect()
        let qualified = QualifiedName(parsing: table, defaultSchema: "public")
        guard let t = schema.table(qualified) ?? schema.tables.first(where: { $0.name.name == qualified.name }) else {
            throw TestFailure("no table \(table) at \(endpoint)")
        }
        return try SourceRows.rows(of: t, in: source)
    }

    /// Rows of `table` by the value of `column`.
    public static func keyed(
        _ endpoint: Endpoint, _ table: String,
        by column: String
    ) throws -> [String: [String: String?]] {
        var out: [String: [String: String?]] = [:]
        for row in try rows(endpoint, table) {
            guard let key = row[column] ?? nil else { throw TestFailure("\(table).\(column) is NULL or missing") }
            out[key] = row
        }
        return out
    }

    /// The non-NULL values of `column` in `table`.
    public static func values(_ endpoint: Endpoint, _ table: String, _ column: String) throws -> [String] {
        try rows(endpoint, table).compactMap { $0[column] ?? nil }
    }

    /// Every non-NULL text value anywhere in the endpoint's tables.
    public static func allValues(_ endpoint: Endpoint) throws -> Set<String> {
        try SourceRows.allValues(in: ConnectorFactory.source(endpoint))
    }
}

/// A test precondition that did not hold, with what was expected.
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
