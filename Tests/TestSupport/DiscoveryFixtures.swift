import CleanroomConnectors
import CleanroomCore
import CleanroomDiscovery
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport

/// Keys, scans and the command-line binary shared by the discovery tests.
enum DiscoveryFixtures {
    static let key = try! MaskingKey(bytes: Array(repeating: 0x3C, count: 32))

    /// Scans `endpoint` and writes the draft to `directory/name`, returning the report and the path.
    static func draft(_ endpoint: Endpoint, in directory: URL, name: String = "draft.yaml",
                      sampleSize: Int = PIIScanner.defaultSampleSize) throws -> (report: ScanReport, path: String) {
        let report = try PIIScanner.scan(ConnectorFactory.source(endpoint), sampleSize: sampleSize)
        let path = directory.appendingPathComponent(name).path
        try DraftRulesRenderer.render(report).write(toFile: path, atomically: true, encoding: .utf8)
        return (report, path)
    }

    /// Masks `source` into `target` with the rules file at `rules`, as `cleanroom mask` does.
    @discardableResult
    static func mask(_ source: Endpoint, _ target: Endpoint, rules: String) throws -> MaskResult {
        try MaskRunner.run(MaskRequest(source: source, target: target, rules: RulesParser.load(path: rules), key: key, jobs: 2))
    }

    /// The non-NULL values of `column` in `table` (by its unqualified name).
    static func values(_ endpoint: Endpoint, _ table: String, _ column: String) throws -> [String] {
        let source = try ConnectorFactory.source(endpoint)
        guard let t = try source.introspect().tables.first(where: { $0.name.name == table }) else {
            throw DiscoveryTestError("no table \(table) at \(endpoint)")
        }
        return try SourceRows.rows(of: t, in: source).compactMap { $0[column] ?? nil }
    }
}

/// Runs the `cleanroom` binary built beside the test bundle.
enum CLI {
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("cleanroom")
    }

    /// The exit status, standard output and standard error of `cleanroom arguments…`.
    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}

struct DiscoveryTestError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
