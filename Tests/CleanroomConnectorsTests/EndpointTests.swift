import CleanroomConnectors
import TestSupport
import Testing

@Suite("Data URLs")
struct EndpointTests {
    @Test("a PostgreSQL URL parses, and its description never shows the password")
    func postgresURL() throws {
        let e = try Endpoint(parsing: "postgresql://app:s3cr%40t@db.example:6543/prod?sslmode=require")
        guard case .postgres(let a) = e else { Issue.record("not postgres"); return }
        #expect(a.host == "db.example" && a.port == 6543 && a.user == "app" && a.database == "prod")
        #expect(a.password == "s3cr@t")
        #expect(a.options["sslmode"] == "require")
        #expect(!e.description.contains("s3cr"))
        #expect(a.urlWithPassword.contains("s3cr"))
    }

    @Test("file URLs and bad URLs")
    func otherURLs() throws {
        #expect(try Endpoint(parsing: "sqlite:/tmp/x.db") == .sqlite(path: "/tmp/x.db"))
        #expect(try Endpoint(parsing: "csv:out/dir") == .csv(directory: "out/dir"))
        #expect(try Endpoint(parsing: "jsonl:data") == .jsonl(directory: "data"))
        #expect(throws: ConnectorError.self) { try Endpoint(parsing: "mysql://u:pw@h/db") }
        do {
            _ = try Endpoint(parsing: "mysql://u:hunter2@h/db")
        } catch {
            #expect(!String(describing: error).contains("hunter2"))
        }
        // A URL without a database is refused unless PGDATABASE names one: ConnectionDefaultsTests,
        // in a child process whose environment the test controls.
    }
}
