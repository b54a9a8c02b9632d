import Foundation
import TestSupport
import Testing

/// Progress on standard error when it is not a terminal (a CI log): plain lines while a table copies.
@Suite("Progress in CI logs", .testCluster)
struct ProgressOutputTests {
    @Test("piped, a run prints per-table progress with percent and ETA from the source's estimate")
    func pipedProgress() throws {
        let server = try PostgresTestServer()
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        // ANALYZE gives the planner's row estimates that percent and ETA come from.
        try server.withDatabase("cli_progress", pagila: true, setup: "ANALYZE") { source in
            let target = server.unusedAddress("cli_progress_dst")
            defer { server.drop(target) }
            let outcome = try runner.run(
                [
                    "mask", "--source", source.description, "--target", target.description,
                    "--rules", Fixtures.pagilaRulesPath, "--jobs", "2",
                ],
                extraEnvironment: ["CLEANROOM_PROGRESS_INTERVAL": "0"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let progress = outcome.stderr.split(separator: "\n").filter {
                $0.hasPrefix("  public.rental: ") && $0.contains("MB/s,")
            }
            #expect(!progress.isEmpty, "\(outcome.stderr)")
            #expect(progress.contains { $0.contains("%, ETA ") }, "\(progress)")
            #expect(!outcome.stderr.contains("\u{1B}["), "no terminal escapes in a log")
            #expect(outcome.stderr.contains("public.rental: 16044 rows in "))
        }
    }
}
