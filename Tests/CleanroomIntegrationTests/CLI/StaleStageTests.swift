import CleanroomConnectors
import CleanroomCore
import CleanroomCrypto
import CleanroomEvidence
import CleanroomProvisioning
import Foundation
import TestSupport
import Testing

/// Runs killed with SIGKILL: nothing under the final name, a stage saying whose it was, and the next
/// run or `gc` removing it with a signed record; a live run's stage is never touched.
@Suite("stages of killed runs", .testCluster)
struct StaleStageTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    /// The staging databases meant to become `database`: name, comment, whether PUBLIC may connect.
    func stages(of database: String) throws -> [[String?]] {
        try PostgresConnection(address: server.address).query(
            """
            SELECT d.datname, pg_catalog.shobj_description(d.oid, 'pg_database'),
                   pg_catalog.has_database_privilege('public', d.datname, 'CONNECT')::text
              FROM pg_catalog.pg_database d WHERE pg_catalog.starts_with(d.datname, $1) ORDER BY 1
            """, [database + "__crstage_"], context: "listing stages")
    }

    /// The `.gc` erasure statements of a verified ledger.
    static func erasures(in report: LedgerReport) -> [ErasurePredicate] {
        report.records.compactMap { $0.statement?.erasure?.predicate }.filter { $0.header.kind == .gc }
    }

    /// Polls (up to ~12 s) until `found` says yes.
    static func waitFor(_ found: () throws -> Bool) rethrows -> Bool {
        for _ in 0..<600 {
            if try found() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    static let smallSetup = """
        CREATE TABLE big (id bigint PRIMARY KEY, note text, phone text);
        INSERT INTO big SELECT i, md5(i::text), lpad(i::text, 10, '0') FROM generate_series(1, 10) i;
        """

    @Test("kill -9 mid pg→pg load: no database under the final name; the next run drops the stage, signed")
    func killedPostgresLoad() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        let rules = try MaskCommandTests.bigRules()
        try server.withDatabase("stage_big", setup: MaskCommandTests.bigSetup) { source in
            let target = server.unusedAddress("stage_dst")
            defer { server.drop(target) }
            let running = try runner.start([
                "mask", "--source", source.description, "--target", target.description, "--rules", rules, "--quiet",
            ])
            let pid = running.process.processIdentifier
            let killed = try MaskCommandTests.whenCopying(server, database: source.database) {
                #expect(kill(pid, SIGKILL) == 0)
            }
            _ = running.wait()
            #expect(killed)
            #expect(try !server.databaseExists(target.database))
            let left = try stages(of: target.database)
            try #require(left.count == 1, "\(left)")
            let stage = try #require(left[0][0])
            defer { server.drop(server.address.with(database: stage)) }
            #expect(left[0][1]?.hasPrefix("cleanroom stage of \(target.database); pid=\(pid) ") == true)
            #expect(left[0][2] == "false", "PUBLIC may not connect to a stage")

            try server.withDatabase("stage_small", setup: Self.smallSetup) { small in
                let next = try runner.run([
                    "mask", "--source", small.description, "--target", target.description, "--rules", rules,
                ])
                #expect(next.status == 0, "\(next.stderr)")
                #expect(next.stderr.contains("removed database \(stage), left by process \(pid)"), "\(next.stderr)")
            }
            #expect(try stages(of: target.database).isEmpty)
            #expect(try server.databaseExists(target.database))
            let key = try SigningKeys.loadPublic(path: runner.home.appendingPathComponent("keys/signing.pub").path)
            let report = try Ledger(path: runner.ledgerPath).verify(publicKey: key)
            #expect(report.isValid)
            let erasures = Self.erasures(in: report)
            #expect(erasures.count == 1)
            #expect(erasures.first?.erasure?.dropped == ["database \(stage)"])
            let subject = report.records.compactMap { $0.statement?.erasure }.first { $0.predicate.header.kind == .gc }?
                .subject
            #expect(subject?.map(\.name) == ["stage:database \(stage)"])
            #expect(subject?.first?.digest.sha256 == Hex.encode(SHA256Hasher.digest(Array("database \(stage)\n".utf8))))
            #expect(erasures.first?.header.outcome == .succeeded)
            #expect(erasures.first?.header.target.endpoint == target.description)
            #expect(erasures.first?.header.target.label?.contains("left by process \(pid) on ") == true)
        }
    }

    @Test(
        "kill -9 mid pg→sqlite and pg→csv load: nothing under the final name; gc removes the partial and its owner file, signed",
        arguments: ["sqlite", "csv"])
    func killedFileLoad(kind: String) throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let directory = workspace.root.appendingPathComponent("envs")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let rules = try MaskCommandTests.bigRules()
        try workspace.template(
            "lite",
            "source: sqlite:\(directory.path)/none.sqlite\nrules: \(rules)\ntarget: sqlite:\(directory.path)\nclassification: test\nttl: 1h\n"
        )
        let final = directory.appendingPathComponent("killed.\(kind)").path
        func partials() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
                $0.hasPrefix(".killed.\(kind).partial-")
            }.sorted()
        }
        var pid: Int32 = 0
        try server.withDatabase("stage_lite", setup: MaskCommandTests.bigSetup) { source in
            let running = try workspace.cli.start([
                "mask", "--source", source.description, "--target", "\(kind):\(final)", "--rules", rules, "--quiet",
            ])
            pid = running.process.processIdentifier
            let killed = try MaskCommandTests.whenCopying(server, database: source.database) {
                let staged = try Self.waitFor { try partials().count == 2 }
                #expect(staged)
                #expect(kill(pid, SIGKILL) == 0)
            }
            _ = running.wait()
            #expect(killed)
        }
        #expect(!FileManager.default.fileExists(atPath: final))
        let left = try partials()
        try #require(left.count == 2 && left[1] == left[0] + ".owner", "\(left)")
        let owner = try String(contentsOfFile: directory.appendingPathComponent(left[1]).path, encoding: .utf8)
        #expect(owner.hasPrefix("pid=\(pid) host="), "\(owner)")

        let gc = try workspace.cli.run(["gc"])
        #expect(gc.status == 0, "\(gc.stderr)")
        let partial = directory.appendingPathComponent(left[0]).path
        #expect(gc.stdout.contains("partial \(partial): left by process "), "\(gc.stdout)")
        #expect(try partials().isEmpty)
        let report = try workspace.ledger()
        #expect(report.isValid)
        let erasures = Self.erasures(in: report)
        let stage = try #require(erasures.first { $0.header.target.endpoint == final })
        #expect(stage.erasure?.dropped == ["partial \(partial)"])
        #expect(stage.header.outcome == .succeeded)
        // …and the registry's gc record lists it with everything else gc dropped.
        #expect(erasures.filter { $0.erasure?.dropped.contains("partial \(partial)") == true }.count == 2)
    }

    @Test(
        "kill -9 mid provision (a real process, a real server): no database under the final name, no ready claim; gc drops the stage and the abandoned role and claim, signed"
    )
    func killedProvision() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let rules = try MaskCommandTests.bigRules()
        let template = uniqueName("killprov")
        try workspace.template(template, postgresTemplate(golden: false, rules: rules))
        let name = uniqueName("killed")
        let database = "cr_\(name)"
        let role = "cr_\(name)_owner"
        let host = EnvironmentHost.postgres(server.address)
        defer { workspace.tearDown([name], on: host) }
        var pid: Int32 = 0
        try server.withDatabase("prov_big", setup: MaskCommandTests.bigSetup) { source in
            try server.closeToPublic(source)
            let running = try workspace.cli.start(
                ["provision", template, "--name", name, "--quiet"], extraEnvironment: server.variables(source: source))
            pid = running.process.processIdentifier
            let killed = try MaskCommandTests.whenCopying(server, database: source.database) {
                #expect(kill(pid, SIGKILL) == 0)
            }
            _ = running.wait()
            #expect(killed)
        }
        #expect(try !server.databaseExists(database), "a half-loaded database under the final name")
        let left = try stages(of: database)
        try #require(left.count == 1, "\(left)")
        let stage = try #require(left[0][0])
        defer { server.drop(server.address.with(database: stage)) }
        #expect(left[0][2] == "false", "PUBLIC may not connect to a stage")
        #expect(try server.registryEntry(name)?.status == .provisioning, "the claim must not say ready")
        let before = try workspace.ledger()
        #expect(
            !before.records.contains {
                $0.statement?.header.kind == .provision && $0.statement?.header.outcome == .succeeded
            },
            "a killed provision recorded success")

        let gc = try workspace.cli.run(["gc"], extraEnvironment: server.variables(source: server.address))
        #expect(gc.status == 0, "\(gc.all)")
        #expect(gc.stdout.contains("database \(stage): left by process \(pid) on "), "\(gc.stdout)")
        #expect(try stages(of: database).isEmpty)
        #expect(try !server.roleExists(role), "the abandoned environment's role is left")
        #expect(try server.registryEntry(name)?.status == .erased, "the abandoned claim is left")
        let report = try workspace.ledger()
        #expect(report.isValid, "\(report.problems)")
        let erasures = report.records.compactMap { $0.statement?.erasure?.predicate }
        let swept = try #require(
            erasures.first { $0.header.kind == .gc && $0.erasure?.dropped == ["database \(stage)"] })
        #expect(swept.header.target.label?.contains("left by process \(pid) on ") == true)
        let teardown = try #require(
            erasures.first { $0.header.kind == .teardown && $0.header.target.environment == name })
        #expect(teardown.erasure?.dropped == ["role \(role)"], "\(String(describing: teardown.erasure))")
        #expect(erasures.last?.header.kind == .gc && erasures.last?.erasure?.dropped.contains("role \(role)") == true)
        if InTotoValidator.packagesInstalled || InTotoValidator.required {
            // The statements of these real runs, checked by in-toto's and DSSE's own code.
            let key = try workspace.recorder.signingKey.publicKey()
            let checked = try InTotoValidator.validate(
                workspace.cli.ledgerPath, publicKeyHex: Hex.encode(key.raw), keyID: key.keyID)
            #expect(checked.status == 0, "\(checked.all)")
            #expect(checked.stdout.contains(" gc succeeded stage:database \(stage)"), "\(checked.stdout)")
            #expect(checked.stdout.contains(" teardown succeeded environment:\(name)"), "\(checked.stdout)")
        }

        // The name is free again: a provision from a small source takes it.
        try server.withDatabase("prov_small", setup: Self.smallSetup) { small in
            try server.closeToPublic(small)
            let again = try workspace.cli.run(
                ["provision", template, "--name", name, "--quiet"], extraEnvironment: server.variables(source: small))
            #expect(again.status == 0, "\(again.all)")
            #expect(try server.databaseExists(database) && server.registryEntry(name)?.status == .ready)
        }
    }

    @Test("a stage left by an earlier, killed attempt does not condemn a later claim of the same name")
    func liveProvisionKept() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let host = EnvironmentHost.postgres(server.address)
        let registry = try host.openRegistry()
        let name = uniqueName("live")
        let address = server.address.with(database: "cr_\(name)")
        // A claim made after the dead stage was started: another attempt, still running.
        let stage = try deadStage(for: address.database)
        defer { server.drop(server.address.with(database: stage)) }
        _ = try registry.claim(
            RegistryEntry(
                name: name, template: "t", kind: .environment, endpoint: address.description, role: "cr_\(name)_owner",
                classification: "test", label: "test", status: .provisioning, createdAt: Date().addingTimeInterval(60),
                expiresAt: Date().addingTimeInterval(3600)))
        defer { workspace.tearDown([name], on: host) }
        let collected = try EnvironmentEraser.collectGarbage(
            host: host, registry: registry, recorder: workspace.recorder, templates: ["t"])
        #expect(collected.stages.map(\.stage) == ["database \(stage)"], "the dead stage itself is swept")
        #expect(collected.erased.isEmpty && collected.failures.isEmpty)
        #expect(try registry.entry(named: name)?.status == .provisioning)
    }

    @Test(
        "stages that recorded no owner: removed (signed) once a day unchanged and held by no one; a fresh or held one is kept"
    )
    func unownedStages() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        let rules = try MaskCommandTests.bigRules()
        let directory = try TestPaths.temporaryDirectory("stage-unowned")
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("old.sqlite").path
        let twoDaysAgo = Date().addingTimeInterval(-2 * 86_400)
        func partial(_ suffix: String, old: Bool) throws -> String {
            let path = directory.appendingPathComponent(".old.sqlite.partial-\(suffix)").path
            #expect(FileManager.default.createFile(atPath: path, contents: Data("half a database".utf8)))
            if old { try FileManager.default.setAttributes([.modificationDate: twoDaysAgo], ofItemAtPath: path) }
            return path
        }
        let abandoned = try partial("Old123", old: true)
        let fresh = try partial("New123", old: false)
        let held = try partial("Hld123", old: true)
        let holder = try Subprocess.start(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "exec 3<\"$1\"; sleep 60", "sh", held])
        defer {
            holder.process.terminate()
            _ = holder.wait()
        }
        let fds = "/proc/\(holder.process.processIdentifier)/fd"
        #expect(
            Self.waitFor {
                ((try? FileManager.default.contentsOfDirectory(atPath: fds)) ?? []).contains {
                    (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(fds)/\($0)")) == held
                }
            }, "the holder never opened \(held)")
        let listed = try ConnectorFactory.staleStages(of: .sqlite(path: target))
        #expect(listed.map(\.description) == ["partial \(abandoned)"])
        #expect(listed.first?.owner == nil && listed.first?.leftBy.contains("recorded no owner") == true)

        // A database stage without its comment: kept while fresh or while a session is connected.
        let address = server.unusedAddress("unowned")
        let stage = address.database + "__crstage_0abc0def"
        let admin = try PostgresConnection(address: server.address)
        try admin.exec("CREATE DATABASE \(PostgresSQL.quoteIdentifier(stage))", context: "an unowned stage")
        defer { server.drop(server.address.with(database: stage)) }
        #expect(try ConnectorFactory.staleStages(of: .postgres(address)).isEmpty, "a fresh unowned stage is kept")
        let directoryRow = try admin.query("SHOW data_directory", context: "the data directory")
        let oid = try admin.query(
            "SELECT oid::text FROM pg_catalog.pg_database WHERE datname = $1", [stage], context: "the stage's oid")
        let version =
            "\(try #require(directoryRow.first?[0] ?? nil))/base/\(try #require(oid.first?[0] ?? nil))/PG_VERSION"
        let backdated = try Subprocess.run(["touch", "-d", "3 days ago", version])
        try #require(backdated.status == 0, "cannot backdate \(version): \(backdated.all)")
        var session: PostgresConnection? = try PostgresConnection(address: server.address.with(database: stage))
        #expect(try ConnectorFactory.staleStages(of: .postgres(address)).isEmpty, "a stage with a session is kept")
        _ = try session?.query("SELECT 1", context: "holding the stage")
        session = nil
        // The server's backend outlives the closed connection by a moment, and is a session until it ends.
        #expect(
            try Self.waitFor {
                try ConnectorFactory.staleStages(of: .postgres(address)).map(\.description) == ["database \(stage)"]
            }, "once the session ended, the backdated unowned stage is stale")

        // The next runs into those places remove both, each with a signed record saying what left it.
        try server.withDatabase("stage_unowned_src", setup: Self.smallSetup) { small in
            defer { server.drop(address) }
            for (into, age) in [("sqlite:\(target)", "unchanged for "), (address.description, "created ")] {
                let run = try runner.run(["mask", "--source", small.description, "--target", into, "--rules", rules])
                #expect(run.status == 0, "\(run.all)")
                #expect(run.stderr.contains("left by a run that recorded no owner (\(age)"), "\(run.stderr)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: abandoned))
        #expect(FileManager.default.fileExists(atPath: fresh) && FileManager.default.fileExists(atPath: held))
        #expect(try !server.databaseExists(stage))
        let key = try SigningKeys.loadPublic(path: runner.home.appendingPathComponent("keys/signing.pub").path)
        let report = try Ledger(path: runner.ledgerPath).verify(publicKey: key)
        #expect(report.isValid)
        let erasures = Self.erasures(in: report)
        #expect(erasures.map { $0.erasure?.dropped ?? [] } == [["partial \(abandoned)"], ["database \(stage)"]])
        #expect(erasures.allSatisfy { $0.header.target.label?.contains("recorded no owner") == true })
    }

    @Test("a live run's stages are never stale: not listed, not removed by a sweep of the whole host")
    func liveStagesKept() throws {
        let address = server.unusedAddress("stage_live")
        let target = try PostgresTarget(address: address)
        let schema = DatabaseSchema(
            tables: [
                Table(
                    name: QualifiedName(schema: "public", name: "t"),
                    columns: [Column(name: "id", typeName: "bigint", kind: .integer)])
            ],
            foreignKeys: [])
        try target.prepare(schema: schema, definition: .none)
        defer { target.abort() }
        let stage = target.stageAddress.database
        #expect(try server.databaseExists(stage) && !server.databaseExists(address.database))
        #expect(try ConnectorFactory.staleStages(of: .postgres(address)).isEmpty)
        // Beside it, a stage whose owner is gone is listed and removable.
        let dead = try deadStage(for: address.database)
        defer { server.drop(server.address.with(database: dead)) }
        let stale = try ConnectorFactory.staleStages(of: .postgres(address))
        #expect(stale.map(\.description) == ["database \(dead)"])
        #expect(try stale.first?.remove() == ["database \(dead)"])
        #expect(try !server.databaseExists(dead) && server.databaseExists(stage))

        let directory = try TestPaths.temporaryDirectory("stage-live")
        let lite = try SQLiteTarget(path: directory.appendingPathComponent("live.sqlite").path)
        try lite.prepare(schema: schema, definition: .none)
        defer { lite.abort() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 2)
        #expect(ConnectorFactory.staleStages(inDirectory: directory.path).isEmpty)
        let orphan = directory.appendingPathComponent(".live.sqlite.partial-Orphan").path
        FileManager.default.createFile(atPath: orphan, contents: Data())
        FileManager.default.createFile(atPath: orphan + ".owner", contents: Data(Self.goneOwner.description.utf8))
        let staleFiles = try ConnectorFactory.staleStages(
            of: .sqlite(path: directory.appendingPathComponent("live.sqlite").path))
        #expect(staleFiles.map(\.description) == ["partial \(orphan)"])
        #expect(try staleFiles.first?.remove() == ["partial \(orphan)"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 2)
    }

    @Test("an owner whose process is gone, or whose PID now names a later process, is stale; another host's never")
    func ownerLiveness() throws {
        let me = StageOwner.current()
        #expect(me.mayBeAlive)
        let parsed = try #require(StageOwner(text: me.description))
        #expect(parsed.pid == me.pid && parsed.host == me.host && parsed.processStart == me.processStart)
        var gone = me
        gone.pid = Int32.max - 1
        #expect(!gone.mayBeAlive)
        var reused = me
        reused.processStart = (me.processStart ?? 0) + 1
        #expect(me.processStart == nil || !reused.mayBeAlive, "the same PID with another start time is another process")
        var elsewhere = gone
        elsewhere.host = "some-other-host"
        #expect(elsewhere.mayBeAlive, "a process on another host cannot be checked, so its stage is kept")
        #expect(StageOwner(text: "pid=1 host=x") == nil)
    }

    @Test("commit renames the stage to the final name, clears its label and lets PUBLIC connect; names fit 63 bytes")
    func commitRenames() throws {
        let long = String(repeating: "é", count: 30) + "_db"
        let address = server.address.with(database: long)
        defer { server.drop(address) }
        let target = try PostgresTarget(address: address)
        #expect(target.stageAddress.database.utf8.count <= 63)
        #expect(target.stageAddress.database.contains("__crstage_"))
        let schema = DatabaseSchema(
            tables: [
                Table(
                    name: QualifiedName(schema: "public", name: "t"),
                    columns: [Column(name: "id", typeName: "bigint", kind: .integer)])
            ],
            foreignKeys: [])
        try target.prepare(schema: schema, definition: .none)
        let writer = try target.openWriter(table: schema.tables[0], columns: schema.tables[0].columns)
        try writer.write(batch([["1"], ["2"]]))
        try writer.finish()
        try target.finalizeSchema(schema: schema, definition: .none, jobs: 1)
        _ = try target.stagedSource().introspect()  // a read-back session still open is closed by commit
        try target.commit()
        #expect(try !server.databaseExists(target.stageAddress.database))
        let row = try PostgresConnection(address: server.address).query(
            """
            SELECT pg_catalog.shobj_description(oid, 'pg_database'), pg_catalog.has_database_privilege('public', datname, 'CONNECT')::text
              FROM pg_catalog.pg_database WHERE datname = $1
            """, [long], context: "the committed database")
        #expect(row == [[nil, "true"]])
        #expect(
            try PostgresConnection(address: address).query("SELECT count(*) FROM public.t", context: "rows") == [["2"]])
    }
}

extension StaleStageTests {
    /// This host's owner line for a process that does not exist.
    static var goneOwner: StageOwner {
        var gone = StageOwner.current()
        gone.pid = Int32.max - 1
        return gone
    }

    /// Creates a staging database for `database` whose owner process is gone.
    func deadStage(for database: String) throws -> String {
        let stage = database + "__crstage_0dead0ff"
        let admin = try PostgresConnection(address: server.address)
        try admin.exec("CREATE DATABASE \(PostgresSQL.quoteIdentifier(stage))", context: "a dead run's stage")
        try admin.exec(
            "COMMENT ON DATABASE \(PostgresSQL.quoteIdentifier(stage)) IS 'cleanroom stage of \(database); \(Self.goneOwner)'",
            context: "labelling a dead run's stage")
        return stage
    }

    @Test("gc on a server removes the stages of its registry's environments (signed), and no one else's")
    func gcOnServer() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let host = EnvironmentHost.postgres(server.address)
        let registry = try host.openRegistry()
        // What a provision killed mid-load leaves: its claimed row, and the stage of its database.
        let name = uniqueName("killed")
        let address = server.address.with(database: "cr_\(name)")
        _ = try registry.claim(
            RegistryEntry(
                name: name, template: "t", kind: .environment, endpoint: address.description, role: "cr_\(name)_owner",
                classification: "test", label: "test", status: .provisioning, createdAt: Date(),
                expiresAt: Date().addingTimeInterval(3600)))
        defer { workspace.tearDown([name], on: host) }
        let stage = try deadStage(for: address.database)
        defer { server.drop(server.address.with(database: stage)) }
        let foreign = try deadStage(for: "not_an_environment_\(UUID().uuidString.prefix(8).lowercased())")
        defer { server.drop(server.address.with(database: foreign)) }

        let collected = try EnvironmentEraser.collectGarbage(
            host: host, registry: registry, recorder: workspace.recorder, templates: ["t"])
        #expect(collected.failures.isEmpty)
        #expect(collected.stages.map(\.stage) == ["database \(stage)"])
        #expect(try !server.databaseExists(stage))
        #expect(try server.databaseExists(foreign), "a stage of a database no environment names is not gc's")
        let report = try workspace.ledger()
        #expect(report.isValid)
        let erasures = Self.erasures(in: report)
        let record = try #require(erasures.first { $0.header.target.endpoint == address.description })
        #expect(record.erasure?.dropped == ["database \(stage)"])
        #expect(record.header.target.label?.contains("left by process \(Int32.max - 1) on ") == true)
        #expect(erasures.last?.erasure?.dropped.contains("database \(stage)") == true, "listed in the gc record")
    }
}
