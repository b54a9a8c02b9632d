import CleanroomConnectors
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

/// `cleanroom shard` over a primary and its streaming standby (scripts/test.sh starts the pair; only
/// `ShardCommandTests`, serialized, writes to it): the shards read the sources in turn and the target
/// equals one `mask`; a source written after the plan is refused, and so is a source that is another
/// database. The setup ends with ANALYZE, which commits a transaction: waiting for the standby to show
/// the primary's snapshot is what makes the two one state.
extension ShardCommandTests {
    var primary: PostgresAddress { quiet.address }

    var standby: PostgresAddress {
        get throws {
            guard let url = ProcessInfo.processInfo.environment[PostgresTestServer.standbyURLVariable] else {
                throw TestServerMissing()
            }
            return try PostgresAddress(parsing: url)
        }
    }

    /// Creates `name` with `setup` on the primary and waits until the standby has replayed it.
    func replicated(_ name: String, setup: String) throws -> (primary: PostgresAddress, standby: PostgresAddress) {
        try PostgresConnection(address: primary).exec(
            "CREATE DATABASE \(PostgresSQL.quoteIdentifier(name))", context: "creating \(name)")
        let (source, replica) = (primary.with(database: name), try standby.with(database: name))
        try PostgresConnection(address: source).exec(setup, context: "setting up \(name)")
        let deadline = Date() + 60
        while Date() < deadline {
            if let copy = try? PostgresSource(address: replica),
                try copy.committedState() == PostgresSource(address: source).committedState()
            {
                return (source, replica)
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw StandbyBehind(database: name)
    }

    struct StandbyBehind: Error, CustomStringConvertible {
        var database: String
        var description: String { "the standby did not replay \(database) within 60 s" }
    }

    func dropOnPrimary(_ name: String) {
        try? PostgresConnection(address: primary).exec(
            "DROP DATABASE IF EXISTS \(PostgresSQL.quoteIdentifier(name)) WITH (FORCE)", context: "dropping \(name)")
    }

    @Test(
        "two shards read the primary and the standby in turn: the target equals one mask; a write after the plan is refused; another database is no replica"
    )
    func shardsOverReplicas() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        let rules = try ShardCommandTests.bigRules()
        let name = "replica_src_\(UUID().uuidString.prefix(8).lowercased())"
        defer { dropOnPrimary(name) }
        let (source, replica) = try replicated(
            name, setup: ShardCommandTests.bigSetup(rows: 20000))
        let single = server.unusedAddress("replica_single")
        let sharded = server.unusedAddress("replica_many")
        let refused = server.unusedAddress("replica_refused")
        defer { server.drop(single); server.drop(sharded) }
        try maskWhole(runner, source, into: single, rules: rules)

        func plan(_ target: PostgresAddress, sources: [PostgresAddress]) throws -> (String, CommandLineRunner.Outcome) {
            // In a folder not made yet: plan makes it.
            let path = try TestPaths.temporaryDirectory("replica-plan").appendingPathComponent("not-yet/plan.json").path
            let outcome = try runner.run(
                ["shard", "plan", "--target", target.description, "--rules", rules, "--shards", "2", "--out", path]
                    + sources.flatMap { ["--source", $0.description] })
            return (path, outcome)
        }
        let (planPath, planned) = try plan(sharded, sources: [source, replica])
        defer { _ = try? runner.run(["shard", "abort", "--plan", planPath]) }
        #expect(planned.status == 0, "\(planned.all)")
        let loaded = try LoadedShardPlan(path: planPath).plan
        #expect(loaded.sources == [source.urlWithoutPassword, replica.urlWithoutPassword])
        #expect(loaded.shards.map(\.source) == [0, 1], "shard I reads source I mod 2")
        #expect(loaded.sourceState != nil)
        for index in 0..<2 {
            let shard = try runner.run(["shard", "run", "--plan", planPath, "--index", "\(index)"])
            #expect(shard.status == 0, "\(shard.all)")
        }
        let finished = try runner.run(["shard", "finish", "--plan", planPath])
        #expect(finished.status == 0, "\(finished.all)")
        let tables = try ShardCommandTests.maskedTables(runner)
        #expect(tables.count == 2 && tables.first == tables.last, "table digests equal the single run's")

        // Written after the plan: each shard's source has moved, and the shard refuses to copy.
        let (movedPath, movedPlan) = try plan(refused, sources: [source, replica])
        defer { _ = try? runner.run(["shard", "abort", "--plan", movedPath]) }
        #expect(movedPlan.status == 0, "\(movedPlan.all)")
        try PostgresConnection(address: source).exec(
            "INSERT INTO tiny VALUES (11, '0000000011')", context: "writing to the source")
        let moved = try runner.run(["shard", "run", "--plan", movedPath, "--index", "0"])
        #expect(moved.status == 3, "\(moved.all)")
        #expect(
            moved.stderr.contains(
                "moved from the plan's transaction snapshot \(try #require(LoadedShardPlan(path: movedPath).plan.sourceState))"
            ),
            "\(moved.all)")

        // Another database of the same server is no replica of the source.
        let (_, other) = try plan(server.unusedAddress("replica_other"), sources: [source, primary])
        #expect(other.status == 3, "\(other.all)")
        #expect(other.stderr.contains("not a replica of"), "\(other.all)")
    }
}
