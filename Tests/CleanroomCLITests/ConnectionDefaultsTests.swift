import Foundation
import TestSupport
import Testing

/// libpq's defaults (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGSERVICE` with `PGSERVICEFILE`)
/// fill what a connection string leaves out. They are process-wide, so each case runs the binary as
/// a child process with its own environment; the server is an unused loopback port, so the
/// connection fails and the error names the endpoint the defaults resolved to.
@Suite("PostgreSQL connection defaults from the environment")
struct ConnectionDefaultsTests {
    /// `cleanroom scan --source SOURCE` with no `PG*` variable but `variables`.
    private func scan(_ source: String, _ variables: [String: String]) throws -> Subprocess.Outcome {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        environment.merge(variables) { $1 }
        return try Subprocess.start(CommandLineRunner.binary, ["scan", "--source", source], environment: environment)
            .wait()
    }

    @Test("PGHOST, PGPORT, PGUSER and PGDATABASE fill what the string leaves out, and it wins over them")
    func variables() throws {
        let fromVariables = try scan("dbname=nowhere", ["PGHOST": "127.0.0.1", "PGPORT": "1", "PGUSER": "auditor"])
        #expect(fromVariables.status == 1)
        #expect(
            fromVariables.stderr.contains("cannot connect to postgres://auditor@127.0.0.1:1/nowhere"),
            "\(fromVariables.all)")

        let emptyURL = try scan("postgres://", ["PGHOST": "::1", "PGPORT": "1", "PGUSER": "u", "PGDATABASE": "envdb"])
        #expect(emptyURL.status == 1)
        #expect(emptyURL.stderr.contains("cannot connect to postgres://u@[::1]:1/envdb"), "\(emptyURL.all)")

        let explicit = try scan(
            "host=127.0.0.1 port=1 user=me dbname=x",
            ["PGHOST": "elsewhere.invalid", "PGPORT": "2", "PGUSER": "other", "PGDATABASE": "y"])
        #expect(explicit.stderr.contains("cannot connect to postgres://me@127.0.0.1:1/x"), "\(explicit.all)")
    }

    @Test("PGSERVICE's entry in PGSERVICEFILE fills the gaps, below the string's own keywords")
    func serviceFile() throws {
        let folder = try TestPaths.temporaryDirectory("cleanroom-service")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("pg_service.conf")
        try "# test services\n[other]\nport=2\n\n[cr_test]\nhost=127.0.0.1\nport=1\nuser=svc_user\ndbname=svc_db\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let service = ["PGSERVICE": "cr_test", "PGSERVICEFILE": file.path, "PGPORT": "3"]
        let fromService = try scan("postgres://", service)
        #expect(
            fromService.stderr.contains("cannot connect to postgres://svc_user@127.0.0.1:1/svc_db"),
            "\(fromService.all)")
        let overridden = try scan("dbname=mine user=me", service)
        #expect(overridden.stderr.contains("cannot connect to postgres://me@127.0.0.1:1/mine"), "\(overridden.all)")
    }

    @Test("no database anywhere is a usage error; a password in the string stays out of every message")
    func missingDatabaseAndPassword() throws {
        let missing = try scan("host=127.0.0.1 port=1 user=me password=hunter2", [:])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no database") && missing.stderr.contains("PGDATABASE"), "\(missing.all)")
        #expect(!missing.all.contains("hunter2"))
        for source in ["host=127.0.0.1 port=1 user=me dbname=x password=hunter2", "postgres://me:hunter2@[::1]:1/x"] {
            let refused = try scan(source, [:])
            #expect(
                refused.status == 1 && refused.stderr.contains("cannot connect to postgres://me@"), "\(refused.all)")
            #expect(!refused.all.contains("hunter2"))
        }
    }
}
