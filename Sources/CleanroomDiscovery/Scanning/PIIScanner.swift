import CleanroomConnectors
import CleanroomCore
import Foundation

/// `cleanroom scan`: finds personal data in a source by sampling every table with a bounded read,
/// and drafts a complete rules file (DESIGN §8).
///
/// ```swift
/// let report = try PIIScanner.scan(ConnectorFactory.source(endpoint))
/// let yaml = DraftRulesRenderer.render(report)          // every table, every column, with evidence
/// ```
public enum PIIScanner {
    /// Rows read per table unless asked otherwise.
    public static let defaultSampleSize = 1_000

    /// Samples at most `sampleSize` rows of every table of `source`, classifies each column from its
    /// values and name, and proposes a rule for each.
    /// - Throws: ``DiscoveryError/invalidSampleSize(_:)`` below 1; ``DiscoveryError/sampleFailed(table:reason:)``
    ///   when a table cannot be read; the connector's error when the schema cannot be read.
    public static func scan(_ source: any SourceConnection, sampleSize: Int = defaultSampleSize) throws -> ScanReport {
        guard sampleSize >= 1 else { throw DiscoveryError.invalidSampleSize(sampleSize) }
        let started = Date()
        let schema = try source.introspect()
        let examined = try schema.tables.map { try TableFindings.examine($0, from: source, limit: sampleSize) }
        let tables = try DraftRevision.revise(
            DraftBuilder.build(schema: schema, examined: examined), schema: schema, source: source,
            sampleSize: sampleSize, path: "draft")
        return ScanReport(
            source: source.endpoint.description, sampleSize: sampleSize, seconds: Date().timeIntervalSince(started),
            tables: tables)
    }
}
