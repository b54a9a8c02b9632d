import CleanroomConnectors
import CleanroomCore
import CleanroomCrypto
import CleanroomEvidence
import CleanroomMasking
import CleanroomPipeline
import Foundation

/// Provisions environments from templates (DESIGN §6): guards first, then a registry claim of the
/// name, then the environment (masked from the source, or cloned from the template's golden
/// database), its lock-down and its signed `.provision` statement.
///
/// A provision that fails removes the database, role or file it created, marks its registry row
/// `failed` and records the failure in the ledger; a refusal (exit 3) creates nothing at all.
///
/// ```swift
/// let template = try TemplateParser.load(path: "templates/ci-ephemeral.yaml")
/// let env = try Provisioner.provision(ProvisionRequest(template: template, name: "ci-42", authorization: "CHG-1", key: key),
///                                     recorder: recorder)
/// print(env.connection.endpoint)   // postgres://cr_ci-42_owner@db:5432/cr_ci-42
/// ```
public enum Provisioner {
    /// Provisions `request.name`, recording evidence with `recorder`.
    public static func provision(
        _ request: ProvisionRequest, recorder: EvidenceRecorder
    ) throws -> ProvisionedEnvironment {
        try ProvisionRun(request: request, recorder: recorder).run()
    }

    /// A new random password for an environment role: 32 bytes as hex, safe in URLs and shells.
    static func newPassword() throws -> String {
        Hex.encode(try SecureRandom.bytes(32))
    }
}

/// The state of one provision, so that a failure knows what to undo and what to record.
private final class ProvisionRun {
    let request: ProvisionRequest
    /// Mirrors its entries into the registry once the registry is open.
    var recorder: EvidenceRecorder
    let template: EnvironmentTemplate
    let startedAt = Date()
    let expiresAt: Date
    let label: String
    var guards: GuardCheck
    /// The environment's URL without a password, once known (for failure records).
    var endpoint: String?
    var access: MaskPredicate.AccessControl?
    var rules: RulesFile?
    var key: MaskingKey?
    /// Set once the registry row is ours: a failure then marks it failed.
    var claimed: (any EnvironmentRegistry)?
    /// Undoes what was created, newest first.
    var undo: [() throws -> Void] = []

    init(request: ProvisionRequest, recorder: EvidenceRecorder) {
        self.request = request
        self.recorder = recorder
        template = request.template
        let ttl = request.ttl ?? request.template.ttl
        expiresAt = startedAt.addingTimeInterval(ttl.seconds)
        label =
            "cleanroom \(request.template.classification.rawValue) environment \(request.name) from template \(request.template.name); masked data only; expires \(RegistryDates.format(expiresAt))"
        guards = GuardCheck(environment: request.name)
    }

    /// What the evidence says about the environment. A production classification is never recorded as
    /// an environment's (none is created); the refusing guard's decision names it.
    var facts: EnvironmentFacts {
        EnvironmentFacts(
            environment: request.name,
            classification: template.classification == .production ? nil : template.classification.rawValue,
            label: label, expiresAt: expiresAt,
            authorization: request.authorization, access: access, guards: guards.decisions)
    }

    func run() throws -> ProvisionedEnvironment {
        do {
            try EnvironmentName.validate(request.name)
            try guards.classification(template)
            try guards.authorization(template, reference: request.authorization)
            let rules = try RulesParser.load(path: template.rulesPath)
            self.rules = rules
            let key = template.keyScope == .perEnvironment ? try request.key.scoped(to: request.name) : request.key
            self.key = key
            switch try EnvironmentHost(template.target, variables: request.variables) {
            case .postgres(let admin): return try provisionPostgres(admin: admin, rules: rules, key: key)
            case .sqlite(let directory): return try provisionSQLite(directory: directory, rules: rules, key: key)
            }
        } catch {
            fail(error)
            throw error
        }
    }

    /// Undoes what was created, records the failure and marks the claimed row failed. Clean-up
    /// problems are not allowed to hide the original error.
    private func fail(_ error: Error) {
        for step in undo.reversed() { try? step() }
        let entry = try? recorder.recordFailure(
            kind: .provision, target: endpoint ?? template.target.redacted, failure: RunFailure(error),
            startedAt: startedAt, rulesPath: rules?.path, rulesDigest: rules?.digest, keyFingerprint: key?.fingerprint,
            facts: facts)
        try? claimed?.finish(request.name, status: .failed, evidenceSeq: entry?.seq)
    }

    private func claim(
        _ registry: any EnvironmentRegistry, kind: EnvironmentKind, endpoint: String, role: String?
    ) throws {
        let holder = try registry.claim(
            RegistryEntry(
                name: request.name, template: template.name, kind: kind, endpoint: endpoint, role: role,
                classification: template.classification.rawValue, label: label, status: .provisioning,
                createdAt: startedAt, expiresAt: expiresAt))
        try guards.nameUnused(holder: holder, registry: registry.location)
        claimed = registry
    }

    private func finish(
        _ registry: any EnvironmentRegistry, entry: LedgerEntry, connection: EnvironmentConnection,
        clonedFrom: String?, goldenSeconds: Double?, loadStarted: Date
    ) throws -> ProvisionedEnvironment {
        try registry.finish(request.name, status: .ready, evidenceSeq: entry.seq)
        guard let row = try registry.entry(named: request.name), row.status == .ready else {
            throw ProvisioningError.conflictingObject(
                environment: request.name, message: "the registry row changed while provisioning (torn down meanwhile?)"
            )
        }
        let now = Date()
        return ProvisionedEnvironment(
            entry: row, connection: connection, evidenceSeq: entry.seq, clonedFrom: clonedFrom,
            goldenSeconds: goldenSeconds, loadSeconds: now.timeIntervalSince(loadStarted),
            seconds: now.timeIntervalSince(startedAt))
    }

    // MARK: PostgreSQL

    private func provisionPostgres(
        admin: PostgresAddress, rules: RulesFile, key: MaskingKey
    ) throws -> ProvisionedEnvironment {
        let role = EnvironmentName.ownerRole(request.name, prefix: template.labelPrefix)
        let environment = PostgresEnvironment(
            admin: admin, database: EnvironmentName.database(request.name, prefix: template.labelPrefix), role: role)
        let password = try Provisioner.newPassword()
        let address = admin.with(database: environment.database).with(user: role, password: password)
        endpoint = address.description
        let connection = EnvironmentConnection(endpoint: address.description, secretURL: address.urlWithPassword)
        let registry = try PostgresRegistry(admin: admin)
        recorder.mirror = registry.ledgerMirror
        let server = try environment.maintenance().serverIdentity().systemIdentifier
        let targetIdentity = EndpointIdentity(kind: "postgres", server: server, database: environment.database)

        // A ready golden copy stands in for the source: clones never connect to the source.
        let golden =
            template.golden
            ? GoldenDatabase(template: template, admin: admin, registry: registry, recorder: recorder) : nil
        let known = request.refreshGolden ? nil : try golden?.current(rules: rules, key: key)
        let source =
            try known.map { try sourceIdentity(attestedBy: $0, golden: golden?.name ?? "") }
            ?? ConnectorFactory.source(try sourceEndpoint()).identity()
        let templateGuards = guards.decisions
        try guards.separation(source: source, target: targetIdentity)
        try guards.roleIsolation(role: role, source: source, serverIdentity: server) {
            try environment.publicCanConnect(to: source.database)
        }
        try claim(registry, kind: .environment, endpoint: address.description, role: role)
        let attestation = try golden?.ensure(
            known: known, refresh: request.refreshGolden, rules: rules, key: key, request: request,
            guards: templateGuards)
        try environment.createRole(password: password, validUntil: expiresAt)
        undo.append { _ = try environment.dropRole() }
        let loadStarted = Date()
        let entry: LedgerEntry
        if let golden, let attestation {
            request.observer?.phase("cloning \(golden.environment.database) into \(environment.database)")
            try environment.clone(from: golden.environment.database)
            undo.append { _ = try environment.dropDatabase() }
            access = MaskPredicate.AccessControl(role: role, grants: try environment.lockDown(label: label))
            entry = try recorder.append(
                cloneStatement(of: attestation, golden: golden.name, endpoint: address.description))
        } else {
            _ = try StaleStageSweep.remove(
                ConnectorFactory.staleStages(of: .postgres(environment.adminAddress)), recorder: recorder)
            var result = try MaskRunner.run(
                MaskRequest(
                    source: try sourceEndpoint(), target: .postgres(environment.adminAddress), rules: rules,
                    key: key, jobs: request.jobs, observer: request.observer))
            undo.append { _ = try environment.dropDatabase() }
            request.observer?.phase("locking down \(environment.database) for role \(role)")
            access = MaskPredicate.AccessControl(role: role, grants: try environment.lockDown(label: label))
            result.targetDescription = address.description
            entry = try recorder.recordMask(result, kind: .provision, facts: facts)
        }
        return try finish(
            registry, entry: entry, connection: connection, clonedFrom: golden?.name,
            goldenSeconds: attestation?.buildSeconds, loadStarted: loadStarted)
    }

    /// The clone's statement: the golden run's subjects, columns, probe and source, this run's
    /// target, guards, authorisation and access, and a reference to the golden's ledger entry.
    private func cloneStatement(
        of golden: GoldenAttestation, golden name: String, endpoint: String
    ) -> Statement<MaskPredicate> {
        let attested = golden.statement.predicate
        let decisions =
            guards.decisions + [
                GuardDecision(
                    name: "golden-attested", decision: .passed,
                    detail:
                        "cloned from \(name), whose masked content is attested by ledger entry \(golden.entry.seq) (signature verified)"
                )
            ]
        let predicate = MaskPredicate(
            header: RunHeader(
                kind: .provision, toolVersion: recorder.toolVersion,
                target: RunTarget(
                    endpoint: endpoint, environment: request.name, classification: template.classification.rawValue,
                    label: label, expiresAt: expiresAt),
                guards: decisions, startedAt: startedAt, finishedAt: Date(), outcome: .succeeded),
            rulesDigest: attested.rulesDigest, maskingKeyFingerprint: attested.maskingKeyFingerprint,
            source: attested.source, columns: attested.columns, leakProbe: attested.leakProbe,
            authorization: request.authorization, access: access,
            origin: MaskPredicate.Origin(
                environment: name, ledgerSeq: golden.entry.seq, ledgerEntryDigest: golden.entry.digest),
            subset: attested.subset)
        return Statement(subject: golden.statement.subject, predicate: predicate)
    }

    /// The source a golden database's statement attests.
    private func sourceIdentity(attestedBy attestation: GoldenAttestation, golden: String) throws -> EndpointIdentity {
        guard let s = attestation.statement.predicate.source else {
            throw ProvisioningError.goldenEvidenceMissing(
                golden: golden, ledger: recorder.ledger.path, reason: "its statement names no source")
        }
        return EndpointIdentity(kind: s.kind, server: s.server, database: s.database)
    }

    private func sourceEndpoint() throws -> Endpoint {
        try Endpoint(parsing: template.source.resolve(request.variables))
    }

    // MARK: SQLite

    private func provisionSQLite(directory: String, rules: RulesFile, key: MaskingKey) throws -> ProvisionedEnvironment
    {
        let registry = try SQLiteRegistry(directory: directory)
        let path = (directory as NSString).appendingPathComponent(
            EnvironmentName.database(request.name, prefix: template.labelPrefix) + ".sqlite")
        let target = Endpoint.sqlite(path: path)
        endpoint = target.description
        let source = try ConnectorFactory.source(try sourceEndpoint()).identity()
        let targetIdentity =
            FileManager.default.fileExists(atPath: path)
            ? try SQLiteSource(path: path).identity()
            : try ConnectorFactory.target(target).identity()
        try guards.separation(source: source, target: targetIdentity)

        try claim(registry, kind: .environment, endpoint: target.description, role: nil)
        let loadStarted = Date()
        _ = try StaleStageSweep.remove(ConnectorFactory.staleStages(of: target), recorder: recorder)
        var result = try MaskRunner.run(
            MaskRequest(
                source: try sourceEndpoint(), target: target, rules: rules, key: key,
                jobs: request.jobs, observer: request.observer))
        undo.append { try FileManager.default.removeItem(atPath: path) }
        guard chmod(path, 0o600) == 0 else {
            throw ConnectorError.file(
                path: path, line: nil, message: "cannot set mode 0600: \(String(cString: strerror(errno)))")
        }
        access = MaskPredicate.AccessControl(
            role: "file owner (uid \(getuid()))",
            grants: ["mode 0600 on \(path): read and write for its owner only"])
        result.targetDescription = target.description
        let entry = try recorder.recordMask(result, kind: .provision, facts: facts)
        return try finish(
            registry, entry: entry,
            connection: EnvironmentConnection(endpoint: target.description, secretURL: target.description),
            clonedFrom: nil, goldenSeconds: nil, loadStarted: loadStarted)
    }
}
