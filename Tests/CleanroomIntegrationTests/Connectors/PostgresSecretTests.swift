import CleanroomCore
import TestSupport
import Testing

@testable import CleanroomConnectors

/// The test cluster trusts every local connection, so a wrong password cannot be provoked; these
/// tests give a password in the URL and check that no description of an address or error shows it.
@Suite("PostgreSQL errors never show passwords", .testCluster)
struct PostgresSecretTests {
    private static let password = "Hunter2-Very-Secret"

    private func addressWithPassword(database: String, port: Int? = nil) throws -> PostgresAddress {
        let server = try PostgresTestServer()
        return try PostgresAddress(
            parsing:
                "postgres://\(server.address.user):\(Self.password)@\(server.address.host):\(port ?? server.address.port)/\(database)"
        )
    }

    @Test("a missing database: the server's message, the endpoint, no password")
    func missingDatabase() throws {
        let address = try addressWithPassword(database: "cr_missing_database")
        #expect(address.password == Self.password && !address.description.contains(Self.password))
        let error = #expect(throws: ConnectorError.self) { try PostgresSource(address: address) }
        let text = String(describing: error)
        #expect(text.contains("cr_missing_database") && text.contains("does not exist"))
        #expect(!text.contains(Self.password))
    }

    @Test("a refused connection and a failing pg_dump: no password")
    func refusedAndDump() throws {
        let refused = try addressWithPassword(database: "postgres", port: 1)
        let connectError = #expect(throws: ConnectorError.self) { try PostgresTarget(address: refused) }
        #expect(!String(describing: connectError).contains(Self.password))

        let missing = try addressWithPassword(database: "cr_missing_dump")
        let dumpError = #expect(throws: ConnectorError.self) { try PgDump.schema(.preData, of: missing) }
        let text = String(describing: dumpError)
        #expect(text.contains("pg_dump") && text.contains("cr_missing_dump") && !text.contains(Self.password))
    }

    @Test("a failing statement on a connection opened with a password: no password")
    func failingStatement() throws {
        let address = try addressWithPassword(database: "postgres")
        let connection = try PostgresConnection(address: address)
        let error = #expect(throws: ConnectorError.self) {
            try connection.exec("SELECT * FROM no_such_table", context: "reading from \(address)")
        }
        guard case .postgres(let failure)? = error else {
            Issue.record("expected a PostgresError, got \(String(describing: error))")
            return
        }
        #expect(failure.sqlState == "42P01")  // undefined_table
        #expect(failure.serverMessage.contains("no_such_table") && !failure.serverMessage.contains(Self.password))
        #expect(!failure.description.contains(Self.password) && failure.context.contains(address.description))
    }
}
