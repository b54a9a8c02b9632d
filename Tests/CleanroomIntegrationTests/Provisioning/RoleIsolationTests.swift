import CleanroomConnectors
import CleanroomCore
import CleanroomProvisioning
import Foundation
import TestSupport
import Testing

/// What an environment's role may not do on its server, tried as that role: only its own database.
@Suite("environment role isolation", .testCluster)
struct RoleIsolationTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    /// The SQLSTATE of `sql` run as the role (nil when it succeeded).
    func sqlState(_ connection: PostgresConnection, _ sql: String) -> String? {
        do {
            try connection.exec(sql, context: "as the environment role")
            return nil
        } catch ConnectorError.postgres(let failure) {
            return failure.sqlState
        } catch {
            return "\(error)"
        }
    }

    /// The server's refusal of a connection as the role to `database`, or nil when it connected.
    func refusal(_ address: PostgresAddress, to database: String) -> String? {
        do {
            _ = try PostgresConnection(address: address.with(database: database))
            return nil
        } catch ConnectorError.connectionFailed(_, let message) {
            return message
        } catch {
            return "\(error)"
        }
    }

    @Test(
        "a cloned environment's role cannot create roles or databases, nor reach the golden copy or a target still loading"
    )
    func roleCannotReachOrCreate() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let source = try server.sharedPagila()
        let templateName = uniqueName("iso")
        let template = try workspace.template(templateName, postgresTemplate(golden: true))
        let name = uniqueName("env")
        let environment = try Provisioner.provision(
            ProvisionRequest(
                template: template, name: name, key: workspace.key, variables: server.variables(source: source),
                jobs: 2), recorder: workspace.recorder)
        let host = EnvironmentHost.postgres(server.address)
        defer { workspace.tearDown([name, EnvironmentName.golden(of: templateName)], on: host) }
        let address = try PostgresAddress(parsing: environment.connection.urlWithPassword())
        let connection = try PostgresConnection(address: address)
        #expect(try connection.query("SELECT current_user", context: "login") == [[address.user]])

        let probe = "iso_\(UUID().uuidString.prefix(8).lowercased())"
        #expect(sqlState(connection, "CREATE ROLE \(probe)") == "42501", "insufficient_privilege")
        #expect(sqlState(connection, "CREATE DATABASE \(probe)") == "42501", "insufficient_privilege")
        #expect(try !server.databaseExists(probe) && !server.roleExists(probe))

        let golden = "cr_golden_\(templateName)"
        #expect(try server.databaseExists(golden))
        #expect(refusal(address, to: golden)?.contains("is not currently accepting connections") == true)

        // A mask still loading into this server: its staging database is closed to the role too.
        let loading = try PostgresTarget(address: server.unusedAddress("iso_loading"))
        try loading.prepare(schema: DatabaseSchema(tables: [], foreignKeys: []), definition: .none)
        defer { loading.abort() }
        #expect(
            refusal(address, to: loading.stageAddress.database)?.contains("permission denied for database") == true)
    }
}
