import CleanroomConnectors
import CleanroomEvidence
import CleanroomMasking
import CleanroomPipeline
import Foundation

/// A golden database's attested state: the signed statement of the run that masked it, and its
/// ledger entry, which every clone's statement references.
struct GoldenAttestation {
    let entry: LedgerEntry
    let statement: Statement<MaskPredicate>
    /// Seconds spent building it in this run; nil when an existing golden database was used.
    let buildSeconds: Double?
}

/// A template's masked golden database (`<prefix>golden_<template>`), from which environments are
/// cloned: built once by masking, refreshed on demand, closed to all connections so that it is
/// never handed out, and registered as an environment of kind `golden`.
struct GoldenDatabase {
    let template: EnvironmentTemplate
    let admin: PostgresAddress
    let registry: PostgresRegistry
    let recorder: EvidenceRecorder

    var name: String { EnvironmentName.golden(of: template.name) }
    var environment: PostgresEnvironment {
        PostgresEnvironment(
            admin: admin, database: EnvironmentName.database(name, prefix: template.labelPrefix), role: nil)
    }
    var endpoint: String { admin.with(database: environment.database).description }

    var label: String {
        "cleanroom golden database of template \(template.name) (\(template.classification.rawValue)); masked data; cloned, never handed out"
            + (template.refresh.map { "; refresh: \($0)" } ?? "")
    }

    /// The golden database's attestation when it is ready and was masked with these rules and this
    /// key; nil when it must be built (missing, failed, or stale because the rules or key changed).
    func current(rules: RulesFile, key: MaskingKey) throws -> GoldenAttestation? {
        guard let entry = try registry.entry(named: name), entry.status == .ready, try environment.databaseExists()
        else { return nil }
        let existing = try attested(entry)
        let attested = existing.statement.predicate
        return attested.rulesDigest == rules.digest && attested.maskingKeyFingerprint == key.fingerprint
            ? existing : nil
    }

    /// The attestation to clone from: `known` while the golden database is still the one it attests;
    /// otherwise, under the template's golden lock (so concurrent provisions build it once and clone
    /// the same copy), the current one or a new build. `refresh` always builds.
    func ensure(
        known: GoldenAttestation?, refresh: Bool, rules: RulesFile, key: MaskingKey, request: ProvisionRequest,
        guards: [GuardDecision]
    ) throws -> GoldenAttestation {
        if !refresh, let known, let entry = try registry.entry(named: name), entry.status == .ready,
            entry.evidenceSeq == known.entry.seq
        {
            return known
        }
        return try registry.withGoldenLock(template.name) {
            if !refresh, let current = try current(rules: rules, key: key) { return current }
            return try build(rules: rules, key: key, request: request, guards: guards)
        }
    }

    /// The signed statement of `entry`'s last run, read back from the ledger and verified.
    private func attested(_ entry: RegistryEntry) throws -> GoldenAttestation {
        guard let seq = entry.evidenceSeq else {
            throw ProvisioningError.goldenEvidenceMissing(
                golden: name, ledger: recorder.ledger.path, reason: "the registry names no ledger entry")
        }
        let report: LedgerReport
        do {
            report = try recorder.ledger.verify(publicKey: recorder.signingKey.publicKey())
        } catch {
            throw ProvisioningError.goldenEvidenceMissing(
                golden: name, ledger: recorder.ledger.path,
                reason: "the ledger cannot be read: \(RunFailure(error).message)")
        }
        guard let record = report.records.first(where: { $0.seq == seq }) else {
            throw ProvisioningError.goldenEvidenceMissing(
                golden: name, ledger: recorder.ledger.path, reason: "it has no entry \(seq)")
        }
        guard record.signatureValid, let statement = record.statement?.mask,
            statement.predicate.header.target.environment == name, statement.predicate.header.kind == .provision,
            statement.predicate.header.outcome == .succeeded
        else {
            throw ProvisioningError.goldenEvidenceMissing(
                golden: name, ledger: recorder.ledger.path,
                reason: "entry \(seq) is not a valid signed provision of \(name)")
        }
        return GoldenAttestation(entry: record.entry, statement: statement, buildSeconds: nil)
    }

    /// Masks the source into `<golden>_next`, closes it, and swaps it in for the old golden database
    /// in one transaction, so clones never see a half-built copy.
    private func build(
        rules: RulesFile, key: MaskingKey, request: ProvisionRequest,
        guards: [GuardDecision]
    ) throws -> GoldenAttestation {
        let started = Date()
        let golden = environment
        let next = PostgresEnvironment(admin: admin, database: golden.database + "_next", role: nil)
        // A leftover of a build that died: ours by name, and nobody else builds while we hold the lock.
        _ = try next.drop()
        let previous = try registry.entry(named: name)
        let replacing = previous?.status == .ready
        if !replacing {
            try registry.put(entry(status: .provisioning, createdAt: started, evidenceSeq: previous?.evidenceSeq))
        }
        request.observer?.phase("building golden database \(golden.database) (masking \(template.name)'s source once)")
        do {
            var result = try MaskRunner.run(
                MaskRequest(
                    source: try Endpoint(parsing: template.source.resolve(request.variables)),
                    target: .postgres(next.adminAddress), rules: rules, key: key,
                    jobs: request.jobs, observer: request.observer))
            let grants: [String]
            do {
                grants = try next.lockDownGolden(label: label)
                try swap(next, into: golden)
            } catch {
                _ = try? next.drop()
                throw error
            }
            result.targetDescription = endpoint
            let facts = EnvironmentFacts(
                environment: name, classification: template.classification.rawValue, label: label,
                authorization: request.authorization,
                access: MaskPredicate.AccessControl(role: admin.user, grants: grants), guards: guards)
            let ledgerEntry = try recorder.recordMask(result, kind: .provision, facts: facts)
            try registry.put(entry(status: .ready, createdAt: started, evidenceSeq: ledgerEntry.seq))
            guard
                let statement = try EvidenceVerifier.verify(
                    ledgerEntry.envelope, publicKey: recorder.signingKey.publicKey()
                ).mask
            else {
                throw ProvisioningError.goldenEvidenceMissing(
                    golden: name, ledger: recorder.ledger.path,
                    reason: "entry \(ledgerEntry.seq) is not a valid signed provision of \(name)")
            }
            return GoldenAttestation(
                entry: ledgerEntry, statement: statement, buildSeconds: Date().timeIntervalSince(started))
        } catch {
            if !replacing { try? registry.finish(name, status: .failed, evidenceSeq: nil) }
            throw error
        }
    }

    /// Renames `next` to the golden name, retiring (and dropping) the previous golden database.
    private func swap(_ next: PostgresEnvironment, into golden: PostgresEnvironment) throws {
        let connection = try golden.maintenance()
        let quotedNext = next.quotedDatabase
        guard try golden.databaseExists() else {
            try connection.exec(
                "ALTER DATABASE \(quotedNext) RENAME TO \(golden.quotedDatabase)",
                context: "naming golden database \(golden.database)")
            return
        }
        let retired = PostgresEnvironment(admin: admin, database: golden.database + "_old", role: nil)
        _ = try retired.drop()
        try connection.exec(
            """
            BEGIN;
            ALTER DATABASE \(golden.quotedDatabase) RENAME TO \(retired.quotedDatabase);
            ALTER DATABASE \(quotedNext) RENAME TO \(golden.quotedDatabase);
            COMMIT;
            """, context: "swapping in the refreshed golden database \(golden.database)")
        _ = try retired.drop()
    }

    private func entry(status: EnvironmentStatus, createdAt: Date, evidenceSeq: Int?) -> RegistryEntry {
        RegistryEntry(
            name: name, template: template.name, kind: .golden, endpoint: endpoint, role: nil,
            classification: template.classification.rawValue, label: label, status: status,
            createdAt: createdAt, expiresAt: nil, evidenceSeq: evidenceSeq)
    }
}
