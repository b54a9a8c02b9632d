import CleanroomConnectors
import CleanroomEvidence
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

/// `cleanroom shard plan|run|finish` as separate processes on one machine, against a real PostgreSQL:
/// the target equals a single `mask` of the same source, rules and key; a killed shard reruns; finish
/// fails closed on a missing, doubled or foreign shard; `evidence verify` checks the shard statements.
///
/// The sources are on scripts/test.sh's quiet cluster (`quiet`), which only this suite writes to,
/// one test at a time: a plan that cuts a table into page ranges checks that the source's
/// transaction snapshot stays still, and refuses a target on the source's cluster. The targets are
/// on the main test cluster (`server`).
@Suite("cleanroom shard: one mask over several processes", .testCluster, .serialized)
struct ShardCommandTests {
    let server: PostgresTestServer
    let quiet: PostgresTestServer

    init() throws {
        server = try PostgresTestServer()
        quiet = try PostgresTestServer(urlVariable: PostgresTestServer.quietURLVariable)
    }

    /// A plan's directory, with the runner that owns the keys.
    struct Planned {
        let directory: URL
        var plan: String { directory.appendingPathComponent("plan.json").path }
        func file(_ name: String) -> URL { directory.appendingPathComponent(name) }
    }

    func plan(
        _ runner: CommandLineRunner, source: PostgresAddress, target: PostgresAddress, rules: String, shards: Int,
        options: [String] = []
    ) throws -> Planned {
        let planned = Planned(directory: try TestPaths.temporaryDirectory("shard-plan"))
        let outcome = try runner.run(
            [
                "shard", "plan", "--source", source.description, "--target", target.description, "--rules", rules,
                "--shards", String(shards), "--out", planned.plan, "--leak-probe-bytes", String(1 << 20),
            ] + options)
        #expect(outcome.status == 0, "\(outcome.all)")
        return planned
    }

    /// Each table's rows, sorted as text and hashed, with the database's index and constraint count:
    /// an account of the data that does not come from Cleanroom's own digests.
    func dump(_ database: PostgresAddress) throws -> [String: String] {
        let connection = try PostgresConnection(address: database)
        let tables = try connection.query(
            "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
            context: "listing tables")
        var dump: [String: String] = [:]
        for row in tables {
            let name = row[0]!
            dump[name] = try connection.query(
                "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM \(name) t",
                context: "dumping \(name)")[0][0]!
        }
        dump["(indexes)"] = try connection.query(
            "SELECT count(*)::text FROM pg_indexes WHERE schemaname = 'public'", context: "counting indexes")[0][0]!
        dump["(constraints)"] = try connection.query(
            "SELECT count(*)::text FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public'",
            context: "counting constraints")[0][0]!
        return dump
    }

    /// The `table:` subjects of the successful `mask` statements in the runner's ledger, in order.
    static func maskedTables(_ runner: CommandLineRunner) throws -> [[String: String]] {
        try statements(runner).filter { $0.header.kind == .mask && $0.header.outcome == .succeeded }.map {
            Dictionary(
                uniqueKeysWithValues: $0.subject.filter { $0.name.hasPrefix("table:") }.map {
                    ($0.name, $0.digest.sha256)
                })
        }
    }

    static func statements(_ runner: CommandLineRunner) throws -> [AnyStatement] {
        let key = try SigningKeys.loadPublic(path: runner.home.appendingPathComponent("keys/signing.pub").path)
        return try Ledger(path: runner.ledgerPath).verify(publicKey: key).records.compactMap(\.statement)
    }

    @Test("plan, three shard runs at once, finish: the same tables as one mask, and evidence verify checks the shards")
    func threeShardsAtOnce() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        try quiet.withDatabase("shard_src", pagila: true, setup: "ANALYZE") { source in
            let single = server.unusedAddress("shard_single")
            let sharded = server.unusedAddress("shard_many")
            defer { server.drop(single); server.drop(sharded) }
            try maskWhole(runner, source, into: single, rules: Fixtures.pagilaRulesPath)

            let planned = try plan(runner, source: source, target: sharded, rules: Fixtures.pagilaRulesPath, shards: 3)
            defer { _ = try? runner.run(["shard", "abort", "--plan", planned.plan]) }
            #expect(try !server.databaseExists(sharded.database), "the target is not visible before finish")
            let running = try (0..<3).map { index in
                try runner.start(
                    ["shard", "run", "--plan", planned.plan], extraEnvironment: ["JOB_COMPLETION_INDEX": "\(index)"])
            }
            for (index, shard) in running.map({ $0.wait() }).enumerated() {
                #expect(shard.status == 0, "shard \(index): \(shard.all)")
            }
            #expect(try !server.databaseExists(sharded.database), "nor after the shards")
            let finished = try runner.run(["shard", "finish", "--plan", planned.plan])
            #expect(finished.status == 0, "\(finished.all)")
            #expect(try server.databaseExists(sharded.database))

            let tables = try Self.maskedTables(runner)
            #expect(tables.count == 2)
            #expect(tables.first?.isEmpty == false)
            #expect(tables.first == tables.last, "table digests of the sharded run equal the single run's")
            let (one, many) = (try dump(single), try dump(sharded))
            #expect(one.count > 10)
            #expect(one == many, "rows, indexes and constraints equal the single run's")

            let statements = try Self.statements(runner)
            #expect(statements.filter { $0.header.kind == .shard }.count == 3)
            #expect(statements.last?.subject.filter(ShardSubjects.isShardStatement).count == 3)
            let loaded = try LoadedShardPlan(path: planned.plan)
            let planSubject = Subject(name: ShardSubjects.planPrefix + loaded.plan.id, sha256: loaded.digest)
            let plans = statements.filter { $0.header.kind == .shardPlan }
            #expect(plans.count == 1 && plans.first?.subject.first == planSubject, "plan recorded its plan file")
            #expect(plans.first?.mask?.predicate.rulesDigest == loaded.plan.rulesDigest)
            #expect(statements.last?.subject.contains(planSubject) == true, "and the run names it")
            let verified = try runner.run(["evidence", "verify"])
            #expect(verified.status == 0, "\(verified.all)")
            let report = planned.file("report.md").path
            #expect(try runner.run(["evidence", "report", "--format", "md", "--out", report]).status == 0)
            let markdown = try String(contentsOfFile: report, encoding: .utf8)
            #expect(markdown.contains(" mask in 3 shards"), "the Runs table shows the sharded run as one copy")
            #expect(!markdown.contains(" shard |"), "and no shard as a copy of its own")
            #expect(markdown.contains("Shards"), "its record links its shards")

            // A shard statement taken out of the ledger: the sharded run names what is gone, to
            // `evidence verify` and to the independent verifier alike.
            let ledger = try String(contentsOfFile: runner.ledgerPath, encoding: .utf8)
            let lines = ledger.split(separator: "\n")
            let publicKey = runner.home.appendingPathComponent("keys/signing.pub").path
            let keyID = try SigningKeys.loadPublic(path: publicKey).keyID
            let script = TestPaths.repositoryRoot.appendingPathComponent("scripts/verify_evidence.py").path
            func independentlyVerified() throws -> Subprocess.Outcome {
                try Subprocess.run([
                    "python3", script, "--ledger", runner.ledgerPath, "--public-key", publicKey,
                    "--key-fingerprint", keyID,
                ])
            }
            let intact = try independentlyVerified()
            #expect(intact.status == 0 && intact.output.contains("VERIFIED"), "\(intact.output)")
            func expectRejected(without line: Int, saying expected: String) throws {
                let cut = lines.enumerated().filter { $0.offset != line }.map(\.element).joined(separator: "\n") + "\n"
                try cut.write(toFile: runner.ledgerPath, atomically: true, encoding: .utf8)
                let rejected = try runner.run(["evidence", "verify"])
                #expect(rejected.status != 0)
                #expect(rejected.all.contains(expected), "\(rejected.all)")
                let independent = try independentlyVerified()
                #expect(independent.status == 1)
                #expect(independent.output.contains(expected), "\(independent.output)")
            }
            try expectRejected(
                without: try #require(lines.firstIndex { Self.isKind("shard", $0) }),
                saying: "which no earlier entry holds")
            try expectRejected(
                without: try #require(lines.firstIndex { Self.isKind("shard-plan", $0) }),
                saying: "which no earlier shard-plan entry attests")
        }
    }

    /// Whether a ledger line holds a statement of `kind` (its payload is base64 inside the envelope).
    static func isKind(_ kind: String, _ line: Substring) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let envelope = object["envelope"] as? [String: Any], let payload = envelope["payload"] as? String,
            let bytes = Data(base64Encoded: payload)
        else { return false }
        return String(decoding: bytes, as: UTF8.self).contains(#""kind":"\#(kind)""#)
    }

    /// big (of `rows` rows), small (1,000 rows, referencing big) and tiny (10 rows), analysed.
    static func bigSetup(rows: Int = 600_000) -> String {
        """
        CREATE TABLE big (id bigint PRIMARY KEY, note text, phone text);
        INSERT INTO big SELECT i, repeat(md5(i::text), 4), lpad((i::bigint * 7919 % 10000000000)::text, 10, '0') FROM generate_series(1, \(rows)) i;
        CREATE TABLE small (id int PRIMARY KEY, big_id bigint REFERENCES big, note text);
        INSERT INTO small SELECT i, i, md5(i::text) FROM generate_series(1, 1000) i;
        CREATE TABLE tiny (id int PRIMARY KEY, phone text);
        INSERT INTO tiny SELECT i, lpad(i::text, 10, '0') FROM generate_series(1, 10) i;
        ANALYZE;
        """
    }

    /// A plain `mask` of `source` into `target`, which the sharded runs are compared with.
    func maskWhole(
        _ runner: CommandLineRunner, _ source: PostgresAddress, into target: PostgresAddress, rules: String
    )
        throws
    {
        let masked = try runner.run([
            "mask", "--source", source.description, "--target", target.description, "--rules", rules, "--quiet",
        ])
        #expect(masked.status == 0, "\(masked.all)")
    }

    static func bigRules() throws -> String {
        let rules = try TestPaths.temporaryDirectory().appendingPathComponent("big.yaml")
        try """
        version: 1
        tables:
          big:
            columns:
              id: keep
              note: { hash: { length: 32 } }
              phone: { fpe: digits }
          small:
            columns:
              id: keep
              big_id: keep
              note: { hash: { length: 16 } }
          tiny:
            columns:
              id: keep
              phone: { fpe: digits }

        """.write(to: rules, atomically: true, encoding: .utf8)
        return rules.path
    }

    @Test(
        "big cut into page ranges; a shard killed mid-copy: finish refuses it missing; the index run again loads what it had not; a rerun after its files were lost loads nothing twice; finish equals one mask"
    )
    func killedShardReruns() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        let rules = try Self.bigRules()
        try quiet.withDatabase("shard_kill", setup: Self.bigSetup()) { source in
            let single = server.unusedAddress("shard_kill_single")
            let sharded = server.unusedAddress("shard_kill_many")
            defer { server.drop(single); server.drop(sharded) }
            try maskWhole(runner, source, into: single, rules: rules)
            let planned = try plan(runner, source: source, target: sharded, rules: rules, shards: 3)
            defer { _ = try? runner.run(["shard", "abort", "--plan", planned.plan]) }
            let plan = try LoadedShardPlan(path: planned.plan).plan
            #expect(
                plan.shards.map(\.tables) == [
                    ["public.big", "public.small"], ["public.big", "public.tiny"], ["public.big"],
                ],
                "big, 600,000 of 601,010 rows, in three page ranges, one a shard; then largest first to the lightest")
            let ranges = plan.shards.compactMap { $0.parts.first?.pages }
            #expect(ranges.count == 3 && ranges.first?.first == 0 && ranges.last?.end == nil)
            for index in [1, 2] {
                #expect(try runner.run(["shard", "run", "--plan", planned.plan, "--index", "\(index)"]).status == 0)
            }
            // Shard 1's files lost after its parts were loaded (a pod killed between the two): the
            // rerun masks its parts again for their account and loads neither twice.
            for suffix in ["statement.json", "part.json", "filter", "lookups"] {
                try FileManager.default.removeItem(at: planned.file("shard-1.\(suffix)"))
            }
            #expect(try runner.run(["shard", "run", "--plan", planned.plan, "--index", "1"]).status == 0)
            // Shard 0 killed once it has loaded small, while its range of big is still loading.
            let stageLog = try PostgresConnection(address: sharded.with(database: plan.stage))
            func logged() throws -> [String] {
                try stageLog.query("SELECT part FROM cleanroom_shard_log.parts ORDER BY 1", context: "reading the log")
                    .compactMap { $0[0] }
            }
            let killed = try runner.start(["shard", "run", "--plan", planned.plan, "--index", "0"])
            let deadline = Date() + 120
            while try !logged().contains("public.small"), Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            kill(killed.process.processIdentifier, SIGKILL)
            _ = killed.wait()
            let range0 = "public.big \(ranges[0])"
            let afterKill = try logged()
            #expect(afterKill.contains("public.small") && !afterKill.contains(range0), "\(afterKill)")
            let early = try runner.run(["shard", "finish", "--plan", planned.plan])
            #expect(early.status == 3)
            #expect(early.stderr.contains("shard 0 has not finished"), "\(early.all)")
            #expect(try !server.databaseExists(sharded.database))

            let rerun = try runner.run(["shard", "run", "--plan", planned.plan, "--index", "0"])
            #expect(rerun.status == 0, "\(rerun.all)")
            let log = try PostgresConnection(address: sharded.with(database: plan.stage)).query(
                "SELECT count(*)::text FROM cleanroom_shard_log.parts", context: "reading the part log")
            #expect(log.first == ["5"], "every part logged once: three ranges of big, small, tiny")
            let finished = try runner.run(["shard", "finish", "--plan", planned.plan])
            #expect(finished.status == 0, "\(finished.all)")
            let tables = try Self.maskedTables(runner)
            #expect(tables.count == 2 && tables.first == tables.last)
            #expect(try dump(single) == dump(sharded))
            let schemas = try PostgresConnection(address: sharded).query(
                "SELECT count(*)::text FROM pg_namespace WHERE nspname = 'cleanroom_shard_log'", context: "schemas")
            #expect(schemas.first == ["0"], "finish drops the part log")
        }
    }

    @Test(
        "finish refuses a missing shard, a doubled one, one of another plan and one signed with another key, then finishes"
    )
    func finishRefuses() throws {
        let runner = try CommandLineRunner()
        let stranger = try CommandLineRunner()
        defer { runner.cleanUp(); stranger.cleanUp() }
        let rules = try Self.bigRules()
        try quiet.withDatabase("shard_refuse", setup: Self.bigSetup(rows: 2000)) {
            source in
            let sharded = server.unusedAddress("shard_refuse_dst")
            defer { server.drop(sharded) }
            let planned = try plan(runner, source: source, target: sharded, rules: rules, shards: 3)
            defer { _ = try? runner.run(["shard", "abort", "--plan", planned.plan]) }
            for index in 0..<3 {
                #expect(try runner.run(["shard", "run", "--plan", planned.plan, "--index", "\(index)"]).status == 0)
            }
            // The sealed pre-pass the shards take instead of reading the source again: one changed byte
            // and a shard refuses it (before it copies anything).
            let sealed = planned.file("prepass.sealed")
            let original = try Data(contentsOf: sealed)
            var changed = original
            changed[changed.count / 2] ^= 1
            try changed.write(to: sealed)
            let tampered = try runner.run(["shard", "run", "--plan", planned.plan, "--index", "2"])
            #expect(tampered.status == 3 && tampered.stderr.contains("prepass.sealed: refused"), "\(tampered.all)")
            try original.write(to: sealed)

            let fm = FileManager.default
            func expectRefused(_ expected: String) throws {
                let outcome = try runner.run(["shard", "finish", "--plan", planned.plan])
                #expect(outcome.status == 3, "\(outcome.all)")
                #expect(outcome.stderr.contains(expected), "\(outcome.all)")
                #expect(try !server.databaseExists(sharded.database))
            }

            let statement2 = planned.file("shard-2.statement.json")
            try fm.moveItem(at: statement2, to: planned.file("aside.json"))
            try expectRefused("shard 2 has not finished")
            try fm.moveItem(at: planned.file("aside.json"), to: statement2)

            /// Puts shard `index`'s files of `source` in place of shard `place`'s of this plan, and
            /// expects finish to refuse them; then puts this plan's back.
            func expectRefused(_ expected: String, files index: Int, of source: Planned, as place: Int) throws {
                let suffixes = ["statement.json", "part.json", "filter", "lookups"]
                let own = try suffixes.map { suffix in
                    (
                        planned.file("shard-\(place).\(suffix)"),
                        try Data(contentsOf: planned.file("shard-\(place).\(suffix)"))
                    )
                }
                for suffix in suffixes {
                    try Data(contentsOf: source.file("shard-\(index).\(suffix)"))
                        .write(to: planned.file("shard-\(place).\(suffix)"))
                }
                try expectRefused(expected)
                for (url, data) in own { try data.write(to: url) }
            }
            try expectRefused("attests shard-part:0, not shard-part:1", files: 0, of: planned, as: 1)

            // Shard 0 of another plan of the same source, its files put in place of this plan's.
            let otherTarget = server.unusedAddress("shard_refuse_other")
            let other = try plan(runner, source: source, target: otherTarget, rules: rules, shards: 3)
            defer { _ = try? runner.run(["shard", "abort", "--plan", other.plan]) }
            #expect(try runner.run(["shard", "run", "--plan", other.plan, "--index", "0"]).status == 0)
            try expectRefused("it is a statement of another plan", files: 0, of: other, as: 0)
            #expect(try server.stages(of: otherTarget.database).count == 1, "the other plan's incomplete target")
            let aborted = try runner.run(["shard", "abort", "--plan", other.plan])
            #expect(aborted.status == 0 && aborted.stdout.contains("dropped"), "\(aborted.all)")
            #expect(try server.stages(of: otherTarget.database).isEmpty, "abort drops it")
            let otherPlan = try LoadedShardPlan(path: other.plan)
            let abortRecord = try #require(try Self.statements(runner).last?.erasure)
            #expect(abortRecord.predicate.header.kind == .shardAbort)
            #expect(abortRecord.subject.first?.digest.sha256 == otherPlan.digest, "it names the plan")
            #expect(abortRecord.predicate.erasure?.dropped.first == "database \(otherPlan.plan.stage)")
            #expect(!FileManager.default.fileExists(atPath: other.file("shard-0.statement.json").path))

            // Another ledger, which holds no record of this plan.
            let elsewhere = planned.file("elsewhere/ledger.jsonl").path
            let unrecorded = try runner.run(["shard", "finish", "--plan", planned.plan, "--ledger", elsewhere])
            #expect(unrecorded.status == 3, "\(unrecorded.all)")
            #expect(unrecorded.stderr.contains("holds no record of plan"), "\(unrecorded.all)")
            #expect(try !server.databaseExists(sharded.database))

            let foreign = try runner.run([
                "shard", "run", "--plan", planned.plan, "--index", "1", "--signing-key",
                stranger.home.appendingPathComponent("keys/signing.key").path,
            ])
            #expect(foreign.status == 0, "\(foreign.all)")
            try expectRefused("shard-1.statement.json: refused")

            #expect(try runner.run(["shard", "run", "--plan", planned.plan, "--index", "1"]).status == 0)
            let finished = try runner.run(["shard", "finish", "--plan", planned.plan])
            #expect(finished.status == 0, "\(finished.all)")
            #expect(try server.databaseExists(sharded.database))
            let counts = try PostgresConnection(address: sharded).query(
                "SELECT (SELECT count(*) FROM big)::text, (SELECT count(*) FROM small)::text, (SELECT count(*) FROM tiny)::text",
                context: "counting")
            #expect(counts.first == ["2000", "1000", "10"], "each table once, the rerun shard's rows not doubled")
        }
    }

    @Test(
        "an incomplete stage past its --ttl, nothing connected, is swept with a signed record by the next plan of its target; one within its TTL is left"
    )
    func expiredStageSwept() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        let rules = try Self.bigRules()
        try quiet.withDatabase("shard_ttl", setup: Self.bigSetup(rows: 2000)) {
            source in
            let target = server.unusedAddress("shard_ttl_dst")
            defer { server.drop(target) }
            // The lasting plan first: each plan sweeps its target's expired stages before it makes its own.
            let lasting = try plan(runner, source: source, target: target, rules: rules, shards: 2)
            let expiring = try plan(
                runner, source: source, target: target, rules: rules, shards: 2, options: ["--ttl", "1s"])
            defer { for p in [expiring, lasting] { _ = try? runner.run(["shard", "abort", "--plan", p.plan]) } }
            let (gone, kept) = (
                try LoadedShardPlan(path: expiring.plan).plan, try LoadedShardPlan(path: lasting.plan).plan
            )
            #expect(try server.stages(of: target.database) == [gone.stage, kept.stage].sorted())
            #expect(kept.expiresAt.timeIntervalSince(kept.createdAt) == 24 * 3600, "the default TTL is a day")
            Thread.sleep(forTimeInterval: 2)
            let late = try runner.run(["shard", "run", "--plan", expiring.plan, "--index", "0"])
            #expect(
                late.status == 3 && late.stderr.contains("expired at"), "an expired stage takes no shard: \(late.all)")

            let next = try plan(runner, source: source, target: target, rules: rules, shards: 2)
            defer { _ = try? runner.run(["shard", "abort", "--plan", next.plan]) }
            let made = try LoadedShardPlan(path: next.plan).plan
            #expect(try server.stages(of: target.database) == [kept.stage, made.stage].sorted())
            let sweeps = try Self.statements(runner).compactMap(\.erasure).filter { $0.predicate.header.kind == .gc }
            #expect(sweeps.count == 1)
            #expect(sweeps.first?.predicate.erasure?.dropped == ["database \(gone.stage)"])
            #expect(
                sweeps.first?.predicate.header.target.label?.contains(
                    "sharded plan \(gone.id), incomplete past its expiry")
                    == true, "\(String(describing: sweeps.first?.predicate.header.target.label))")
            #expect(
                try runner.run(["shard", "abort", "--plan", expiring.plan]).stdout.contains("no incomplete target"))
        }
    }

    @Test("a partitioned table and a table with a where: rule, each cut into page ranges: the target equals one mask")
    func partitionedAndFilteredRanges() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        let rules = try TestPaths.temporaryDirectory().appendingPathComponent("ranges.yaml")
        try """
        version: 1
        tables:
          events:
            columns:
              id: keep
              at: keep
              email: { hash: { length: 16 } }
          people:
            where: "active = 1"
            columns:
              id: keep
              active: keep
              name: { fake: first_name }
          tiny:
            columns:
              id: keep

        """.write(to: rules, atomically: true, encoding: .utf8)
        let setup = """
            CREATE TABLE events (id bigint, at date NOT NULL, email text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
            CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
            INSERT INTO events SELECT i, date '2025-01-01' + (i % 700), 'user' || i || '@example.com' FROM generate_series(1, 30000) i;
            CREATE TABLE people (id int PRIMARY KEY, active int, name text);
            INSERT INTO people SELECT i, i % 2, 'Person ' || i FROM generate_series(1, 30000) i;
            CREATE TABLE tiny (id int PRIMARY KEY);
            INSERT INTO tiny SELECT generate_series(1, 10);
            ANALYZE;
            """
        try quiet.withDatabase("shard_ranges", setup: setup) { source in
            let single = server.unusedAddress("shard_ranges_single")
            let sharded = server.unusedAddress("shard_ranges_many")
            defer { server.drop(single); server.drop(sharded) }
            try maskWhole(runner, source, into: single, rules: rules.path)
            let planned = try plan(runner, source: source, target: sharded, rules: rules.path, shards: 3)
            defer { _ = try? runner.run(["shard", "abort", "--plan", planned.plan]) }
            let plan = try LoadedShardPlan(path: planned.plan).plan
            let cut = plan.shards.flatMap(\.parts).filter { $0.pages != nil }.map(\.table)
            #expect(cut.sorted() == ["public.events", "public.events", "public.people", "public.people"], "\(cut)")
            #expect(plan.sourceState != nil, "ranges: the source's state is recorded")
            for index in 0..<3 {
                let shard = try runner.run(["shard", "run", "--plan", planned.plan, "--index", "\(index)"])
                #expect(shard.status == 0, "\(shard.all)")
            }
            let finished = try runner.run(["shard", "finish", "--plan", planned.plan])
            #expect(finished.status == 0, "\(finished.all)")
            let tables = try Self.maskedTables(runner)
            #expect(tables.count == 2 && tables.first == tables.last, "table digests equal the single run's")
            #expect(try dump(single) == dump(sharded))
            let people = try PostgresConnection(address: sharded).query(
                "SELECT count(*)::text FROM people", context: "counting")
            #expect(people.first == ["15000"], "the where: holds in every range")
        }
    }
}
