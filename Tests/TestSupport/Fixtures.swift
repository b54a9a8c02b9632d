import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport

/// Keys, rules and table reads shared by the pipeline tests.
enum Fixtures {
    static let key = try! MaskingKey(bytes: Array(repeating: 0x5A, count: 32))
    static let otherKey = try! MaskingKey(bytes: Array(repeating: 0xA5, count: 32))

    static var pagilaRules: RulesFile {
        get throws { try RulesParser.load(path: TestPaths.repositoryRoot.appendingPathComponent("masking-rules/pagila.yaml").path) }
    }

    /// Masks `source` into `target` with the pagila rules (or `rules`).
    @discardableResult
    static func mask(_ source: Endpoint, _ target: Endpoint, rules: RulesFile? = nil, key: MaskingKey = Fixtures.key, jobs: Int = 2,
                     leakProbeBytes: Int = LeakProbe.filterBytes) throws -> MaskResult {
        try MaskRunner.run(MaskRequest(source: source, target: target, rules: rules ?? pagilaRules, key: key, jobs: jobs,
                                       leakProbeBytes: leakProbeBytes))
    }

    /// Every row of `table` at `endpoint`, decoded (nil = NULL), columns by name.
    static func rows(_ endpoint: Endpoint, _ table: String) throws -> [[String: String?]] {
        let source = try ConnectorFactory.source(endpoint)
        let schema = try source.introspect()
        let qualified = QualifiedName(parsing: table, defaultSchema: "public")
        guard let t = schema.table(qualified) ?? schema.tables.first(where: { $0.name.name == qualified.name }) else {
            throw FixtureError("no table \(table) at \(endpoint)")
        }
        return try SourceRows.rows(of: t, in: source)
    }

    /// Rows of `table` by the value of `column`.
    static func keyed(_ endpoint: Endpoint, _ table: String, by column: String) throws -> [String: [String: String?]] {
        var out: [String: [String: String?]] = [:]
        for row in try rows(endpoint, table) {
            guard let key = row[column] ?? nil else { throw FixtureError("\(table).\(column) is NULL or missing") }
            out[key] = row
        }
        return out
    }

    /// Every non-NULL text value anywhere in the target's tables.
    static func allValues(_ endpoint: Endpoint) throws -> Set<String> {
        try SourceRows.allValues(in: ConnectorFactory.source(endpoint))
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
