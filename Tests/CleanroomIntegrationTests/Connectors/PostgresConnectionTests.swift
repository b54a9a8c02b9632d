import TestSupport
import Testing

@testable import CleanroomConnectors

@Suite("PostgreSQL connection", .testCluster)
struct PostgresConnectionTests {
    @Test("URL parameters reach libpq, sessions use ISO dates and UTF-8, parameters are never SQL text")
    func session() throws {
        let server = try PostgresTestServer()
        var address = server.address
        address.options = ["application_name": "cleanroom test"]
        let connection = try PostgresConnection(address: address)
        let settings = try connection.query(
            "SELECT current_setting('application_name'), current_setting('DateStyle'), current_setting('client_encoding')",
            context: "settings")
        #expect(settings == [["cleanroom test", "ISO, MDY", "UTF8"]])
        let hostile = "x'); DROP TABLE pg_class; --"
        #expect(
            try connection.query("SELECT $1::text, $2::text IS NULL", [hostile, nil], context: "echo") == [
                [hostile, "t"]
            ])
        #expect(connection.backendPID > 0)
    }
}
