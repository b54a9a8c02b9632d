import CleanroomConnectors
import CleanroomEvidence
import CleanroomMasking
import CleanroomPipeline
import CleanroomProvisioning
import Foundation
import TestSupport

/// A throwaway Cleanroom workspace for one test: the command-line runner's keys and ledger, used
/// both in process (`recorder`, `key`) and by the `cleanroom` binary (`cli`), with a templates folder
/// in the binary's working directory. `remove()` deletes it.
struct TestWorkspace: Sendable {
    let cli: CommandLineRunner
    let recorder: EvidenceRecorder
    let key: MaskingKey

    init() throws {
        cli = try CommandLineRunner()
        recorder = try EvidenceRecorder(
            ledgerPath: cli.ledgerPath,
            signingKey: try SigningKeys.loadPrivate(path: Workspace(root: cli.home.path).signingKeyPath),
            toolVersion: "test")
        key = try Keyring.load(keyFile: cli.maskingKeyPath)
    }

    /// The binary's working directory.
    var root: URL { cli.home.deletingLastPathComponent() }
    var templates: URL { root.appendingPathComponent("templates") }

    /// Writes `templates/NAME.yaml` and returns it parsed.
    @discardableResult
    func template(_ name: String, _ body: String) throws -> EnvironmentTemplate {
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let path = templates.appendingPathComponent("\(name).yaml").path
        try Data("version: 1\nname: \(name)\n\(body)".utf8).write(to: URL(fileURLWithPath: path))
        return try TemplateParser.load(path: path)
    }

    /// The ledger, verified.
    func ledger() throws -> LedgerReport {
        try recorder.ledger.verify(publicKey: recorder.signingKey.publicKey())
    }

    /// Tears down `names` on `host` (those still there), for clean-up after a test.
    func tearDown(_ names: [String], on host: EnvironmentHost) {
        guard let registry = try? host.openRegistry() else { return }
        for name in names {
            guard let entry = try? registry.entry(named: name) else { continue }
            _ = try? EnvironmentEraser.teardown(entry, host: host, registry: registry, recorder: recorder)
        }
    }

    func remove() {
        cli.cleanUp()
    }
}

/// A unique, valid environment or template name.
func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
}

/// Template text for a PostgreSQL template reading `${SRC}` into `${TGT}`.
func postgresTemplate(
    golden: Bool, rules: String = Fixtures.pagilaRulesPath, classification: String = "test", ttl: String = "2h",
    authorization: Bool = false
) -> String {
    """
    source: ${SRC}
    rules: \(rules)
    target: ${TGT}
    classification: \(classification)
    ttl: \(ttl)
    authorization: { required: \(authorization) }
    golden: \(golden)

    """
}

extension PostgresTestServer {
    /// Template variables pointing at `source` and this server.
    func variables(source: PostgresAddress) -> [String: String] {
        ["SRC": source.urlWithPassword, "TGT": address.urlWithPassword]
    }

    func roleExists(_ role: String) throws -> Bool {
        try !PostgresConnection(address: address).query(
            "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1", [role],
            context: "looking for role \(role)"
        ).isEmpty
    }

    /// Closes `database` to PUBLIC, as a source on the environments' server must be.
    func closeToPublic(_ database: PostgresAddress) throws {
        try PostgresConnection(address: address).exec(
            "REVOKE CONNECT ON DATABASE \(PostgresSQL.quoteIdentifier(database.database)) FROM PUBLIC",
            context: "closing \(database.database)")
    }

    /// The registry row of `name` on this server.
    func registryEntry(_ name: String) throws -> RegistryEntry? {
        try PostgresRegistry(admin: address).entry(named: name)
    }

    /// A pagila source closed to PUBLIC, loaded once per test process and shared by the tests that
    /// only read it (it lives until scripts/test.sh removes the cluster).
    func sharedPagila() throws -> PostgresAddress {
        try SharedPagila.address(on: self)
    }
}

/// The one pagila source the read-only tests share.
private enum SharedPagila {
    static let lock = NSLock()
    nonisolated(unsafe) static var loaded: PostgresAddress?

    static func address(on server: PostgresTestServer) throws -> PostgresAddress {
        lock.lock()
        defer { lock.unlock() }
        if let loaded { return loaded }
        let source = server.unusedAddress("prov_pagila")
        try PostgresConnection(address: server.address).exec(
            "CREATE DATABASE \(PostgresSQL.quoteIdentifier(source.database))",
            context: "creating the shared pagila source")
        try server.loadPagila(into: source)
        try server.closeToPublic(source)
        loaded = source
        return source
    }
}
