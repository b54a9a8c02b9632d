import CleanroomConnectors
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

    @Test("a run held up by a lock, its standard error a file, prints heartbeat lines while it waits, then finishes")
    func heartbeatWhileBlocked() throws {
        let server = try PostgresTestServer()
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        try server.withDatabase("cli_heartbeat", pagila: true) { source in
            // Another session holds inventory: the run waits for it, and nothing else reports progress.
            let holder = try PostgresConnection(address: source)
            try holder.exec("BEGIN", context: "holding inventory")
            try holder.exec("LOCK TABLE public.inventory IN ACCESS EXCLUSIVE MODE", context: "holding inventory")
            let log = runner.home.deletingLastPathComponent().appendingPathComponent("mask.log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            let target = runner.home.deletingLastPathComponent().appendingPathComponent("heartbeat.db")
            let running = try runner.start(
                [
                    "mask", "--source", source.description, "--target", "sqlite:" + target.path,
                    "--rules", Fixtures.pagilaRulesPath, "--jobs", "2",
                ],
                extraEnvironment: ["CLEANROOM_PROGRESS_INTERVAL": "1"], standardError: handle)
            try handle.close()
            func heartbeats() throws -> [Substring] {
                try String(contentsOf: log, encoding: .utf8).split(separator: "\n").filter {
                    $0.contains(": running for ") || ($0.contains("public.inventory: ") && $0.contains(" rows, "))
                }
            }
            // Waits (bounded) for two heartbeats while the lock is still held; the lock is then released.
            var waited = 0
            while try heartbeats().count < 2, waited < 300, running.process.isRunning {
                Thread.sleep(forTimeInterval: 0.1)
                waited += 1
            }
            let whileBlocked = try heartbeats()
            try holder.exec("ROLLBACK", context: "releasing inventory")
            let outcome = running.wait()
            let output = try String(contentsOf: log, encoding: .utf8)
            #expect(outcome.status == 0, "\(output)")
            #expect(whileBlocked.count >= 2, "heartbeats while blocked: \(whileBlocked)\n\(output)")
            #expect(!output.contains("\u{1B}["), "no terminal escapes in a file")
            #expect(output.contains("public.inventory: 4581 rows in "), "\(output)")
        }
    }
}
