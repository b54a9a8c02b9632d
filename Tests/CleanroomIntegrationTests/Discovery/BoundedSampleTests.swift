import CleanroomConnectors
import CleanroomDiscovery
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

@Suite("Scans read a bounded sample", .testCluster)
struct BoundedSampleTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    @Test("a million-row table costs the sample size, not a full scan")
    func millionRows() throws {
        let setup = """
            CREATE TABLE public.big (id bigint, email text, note text);
            INSERT INTO public.big SELECT g, 'person' || g || '@example.com', 'order ' || g FROM generate_series(1, 1000000) g;
            ANALYZE public.big;
            """
        try server.withDatabase("scan_big", setup: setup) { address in
            let source = try ConnectorFactory.source(.postgres(address))
            let started = Date()
            let report = try PIIScanner.scan(source)
            let seconds = Date().timeIntervalSince(started)
            let big = try #require(report.tables.first { $0.table.name.name == "big" })
            #expect(big.rowsRead == PIIScanner.defaultSampleSize)
            #expect(big.column("email")?.finding?.dataClass == .email)
            #expect(big.column("email")?.finding?.sampledValues == PIIScanner.defaultSampleSize)
            print("scan of a 1,000,000-row table: \(big.rowsRead) rows read in \(String(format: "%.3f", seconds)) s")

            let small = try PIIScanner.scan(source, sampleSize: 250)
            #expect(small.tables.first { $0.table.name.name == "big" }?.rowsRead == 250)
            #expect(throws: DiscoveryError.invalidSampleSize(0)) { try PIIScanner.scan(source, sampleSize: 0) }
        }
    }
}
