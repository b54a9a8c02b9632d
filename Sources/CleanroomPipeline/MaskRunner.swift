import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import Foundation

/// What to mask, from where, to where.
public struct MaskRequest: Sendable {
    public var source: Endpoint
    public var target: Endpoint
    public var rules: RulesFile
    public var key: MaskingKey
    /// Tables copied at once (each with its own reader and writer).
    public var jobs: Int
    public var observer: (any MaskObserver)?
    /// The leak probe's Bloom filter size: a smaller one saves memory and costs a second read of the
    /// masked source columns when it reports false positives (which are then dismissed).
    public var leakProbeBytes: Int

    public init(source: Endpoint, target: Endpoint, rules: RulesFile, key: MaskingKey,
                jobs: Int = ProcessInfo.processInfo.activeProcessorCount, observer: (any MaskObserver)? = nil,
                leakProbeBytes: Int = LeakProbe.filterBytes) {
        self.source = source
        self.target = target
        self.rules = rules
        self.key = key
        self.jobs = max(1, jobs)
        self.observer = observer
        self.leakProbeBytes = leakProbeBytes
    }
}

/// Runs the data path of DESIGN §2: introspect, validate (fail closed), guard, create the target,
/// stream every table through its masker in parallel, finish the schema, re-read the target to
/// digest it and probe for leaks, and only then commit. Any failure aborts the target.
public enum MaskRunner {
    /// Batches in flight between a table's reader and its masker.
    static let queueDepth = 4

    public static func run(_ request: MaskRequest) throws -> MaskResult {
        let startedAt = Date()
        let observer = request.observer
        let source = try ConnectorFactory.source(request.source)
        let sourceIdentity = try source.identity()
        observer?.phase("reading the source schema")
        let schema = try source.introspect()
        observer?.phase("validating \(request.rules.path) against the source")
        let validated = try RulesValidator.validate(request.rules, against: schema)
        let plan = try MaskingPlan(rules: validated, key: request.key)

        let target = try ConnectorFactory.target(request.target)
        let targetIdentity = try target.identity()
        guard targetIdentity != sourceIdentity else {
            throw PipelineError.targetIsSource(identity: sourceIdentity.description)
        }
        let probe = LeakProbe(hasher: plan.key.probeHasher(), filterBytes: request.leakProbeBytes)
        let interruption = Interrupts.shared.register { target.abort() }
        defer { interruption.cancel() }
        do {
            observer?.phase("creating the target schema")
            let definition = try source.schemaDefinition(for: schema)
            try target.prepare(schema: schema, definition: definition)
            let loaded = try copyTables(plan: plan, source: source, target: target, probe: probe, jobs: request.jobs, observer: observer)
            observer?.phase("creating indexes, constraints and triggers")
            try target.finalizeSchema(schema: schema, definition: definition, jobs: request.jobs)
            observer?.phase("verifying the target (digests and leak probe)")
            let verification = try TargetVerifier.verify(target.stagedSource(), plan: plan, probe: probe, jobs: request.jobs)
            let leakProbe = try LeakConfirmation.confirm(verification, source: source, plan: plan, probe: probe)
            if leakProbe.hits > 0 {
                throw PipelineError.leakDetected(hits: leakProbe.hits, columns: leakProbe.hitColumns)
            }
            try target.commit()
            let tables = loaded.map { outcome in
                var o = outcome
                o.digest = verification.digests[o.table] ?? ""
                return o
            }
            return MaskResult(source: sourceIdentity, sourceDescription: request.source.description,
                              target: targetIdentity, targetDescription: request.target.description,
                              rulesPath: request.rules.path, rulesDigest: request.rules.digest,
                              keyFingerprint: request.key.fingerprint, tables: tables, leakProbe: leakProbe,
                              separationCheck: "target \(targetIdentity) is not the source \(sourceIdentity)",
                              startedAt: startedAt, finishedAt: Date())
        } catch {
            target.abort()
            throw error
        }
    }

    /// Copies every table with rows on `jobs` workers; the first failure stops the others.
    static func copyTables(plan: MaskingPlan, source: any SourceConnection, target: any TargetConnection,
                           probe: LeakProbe, jobs: Int, observer: (any MaskObserver)?) throws -> [TableOutcome] {
        let tables = plan.validated.tables
        let failure = FirstFailure()
        let results = HandOver([TableOutcome?](repeating: nil, count: tables.count))
        let lock = NSLock()
        let counter = WorkCounter(limit: tables.count)
        let workers = (0..<min(jobs, max(1, tables.count))).map { n in
            WorkerThread(name: "cleanroom-worker-\(n)") {
                while !failure.isSet, let i = counter.next() {
                    do {
                        let outcome = try copyTable(tables[i], plan: plan, source: source, target: target,
                                                    probe: probe, failure: failure, observer: observer)
                        lock.lock()
                        results.value[i] = outcome
                        lock.unlock()
                    } catch {
                        failure.record(error)
                    }
                }
            }
        }
        workers.forEach { $0.join() }
        try failure.rethrow()
        return results.value.compactMap { $0 }
    }

    /// One table: a reader thread fills a bounded queue; this thread masks and writes.
    static func copyTable(_ planned: PlannedTable, plan: MaskingPlan, source: any SourceConnection, target: any TargetConnection,
                          probe: LeakProbe, failure: FirstFailure, observer: (any MaskObserver)?) throws -> TableOutcome {
        let name = planned.table.name.description
        let masker = try plan.masker(for: planned)
        let columns = planned.columns.map(\.column)
        guard planned.rule.copyRows else {
            return TableOutcome(table: name, rows: 0, bytes: 0, seconds: 0, digest: "", columns: masker.statistics)
        }
        let probed = planned.columns.map(ProbePolicy.recordsSource)
        let changedSources = HandOver([[UInt8]]())
        if probed.contains(true) {
            masker.onChange = { column, value in if probed[column] { changedSources.value.append(value) } }
        }
        observer?.tableStarted(name, estimatedRows: observer == nil ? nil : source.estimatedRowCount(of: planned.table))
        let started = Date()
        let writer = try target.openWriter(table: planned.table, columns: columns)
        let reader = HandOver(try source.openReader(table: planned.table, columns: columns, filter: planned.rule.filter, limit: nil))
        let queue = BoundedQueue<RowBatch>(capacity: queueDepth)
        let readFailure = FirstFailure()
        let readerThread = WorkerThread(name: "cleanroom-reader") {
            defer { queue.close(); reader.value.close() }
            do {
                while !failure.isSet, let batch = try reader.value.next() {
                    if !queue.put(batch) { break }
                }
            } catch {
                readFailure.record(error)
            }
        }
        var rows = 0
        var bytes = 0
        do {
            while let batch = queue.take() {
                if failure.isSet { break }
                let masked = try masker.mask(batch)
                probe.insert(changedSources.value)
                changedSources.value.removeAll(keepingCapacity: true)
                try writer.write(masked)
                rows += masked.rowCount
                bytes += masked.bytes.count
                observer?.tableProgress(name, rows: rows, bytes: bytes)
            }
            queue.close()
            readerThread.join()
            try readFailure.rethrow()
            try failure.rethrow()
            try writer.finish()
        } catch {
            queue.close()
            readerThread.join()
            writer.close()
            throw error
        }
        let seconds = Date().timeIntervalSince(started)
        observer?.tableFinished(name, rows: rows, bytes: bytes, seconds: seconds)
        return TableOutcome(table: name, rows: rows, bytes: bytes, seconds: seconds, digest: "", columns: masker.statistics)
    }
}
