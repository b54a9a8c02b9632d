import CleanroomConnectors
import TestSupport
import Testing

extension Trait where Self == ConditionTrait {
    /// Runs a suite only when `CLEANROOM_TEST_PG_URL` names the test cluster; skips it otherwise,
    /// saying how to run it. Every suite of this target carries it.
    static var testCluster: Self {
        .enabled(if: PostgresTestServer.isConfigured, Comment(rawValue: TestServerMissing().description))
    }
}

/// scripts/test.sh sets `CLEANROOM_TEST_REQUIRE_PG=1`: then a missing or unreachable cluster fails
/// this test, so a run meant to cover the integration tests cannot pass by skipping them.
@Suite("the PostgreSQL test cluster")
struct TestClusterTests {
    @Test(
        "when the cluster is configured or required, it answers a query",
        .enabled(if: PostgresTestServer.isConfigured || PostgresTestServer.isRequired))
    func reachable() throws {
        let server = try PostgresTestServer()
        let answer = try PostgresConnection(address: server.address)
            .query("SELECT 1", context: "reaching the test cluster")
        #expect(answer == [["1"]])
    }
}
