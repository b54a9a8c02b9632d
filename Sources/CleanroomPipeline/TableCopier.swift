import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import Foundation

/// The copy stage of a run: every table from the source through its maskers into the target, on
/// `jobs` worker threads.
///
/// Each worker starts the next table not yet started; when none is left it joins a table still being
/// read, so a large table does not end up as one thread's work while the others idle. Any table can
/// be shared: masking a batch needs nothing from the other batches (`unique` columns' collisions were
/// resolved before the copy, `UniquePass`), and the batches reach the target in the order they were
/// read (`InOrderWriter`), so the output is the same for every number of workers.
/// The first failure stops every worker.
final class TableCopier: @unchecked Sendable {
    // @unchecked: `pending`, `starting`, `active` and `outcomes` are guarded by `condition`.
    private let plan: MaskingPlan
    private let source: any SourceConnection
    private let target: any TargetConnection
    private let probe: LeakProbe
    private let observer: (any MaskObserver)?
    /// How written rows print back, when they can print back unchanged (see `OutputForm`).
    private let printForms: PrintForms?
    private let spill: LookupSpill
    private let failure = FirstFailure()

    private let condition = NSCondition()
    /// The tables not started yet, by index, each with its share's condition (nil: every row).
    private var pending: [(index: Int, rows: String?)]
    /// Tables being opened: a worker with nothing to do waits for them, to share them.
    private var starting = 0
    private var active: [TableJob] = []
    private var outcomes: [CopiedTable?]

    private init(
        _ tables: [(index: Int, rows: String?)], plan: MaskingPlan, source: any SourceConnection,
        target: any TargetConnection,
        probe: LeakProbe, spill: LookupSpill, observer: (any MaskObserver)?
    ) {
        self.plan = plan
        self.source = source
        self.target = target
        self.probe = probe
        self.observer = observer
        self.spill = spill
        printForms = target.traits.printsBack(from: source.traits)
        pending = tables
        outcomes = Array(repeating: nil, count: plan.validated.tables.count)
    }

    /// Copies the plan's `tables` (indices, started in this order, each whole or the share of its rows
    /// a condition selects); returns them by index. The leak probe's lookups of the written rows are
    /// left in `spill`.
    static func copy(
        _ tables: [(index: Int, rows: String?)], plan: MaskingPlan, source: any SourceConnection,
        target: any TargetConnection,
        probe: LeakProbe, spill: LookupSpill, jobs: Int,
        observer: (any MaskObserver)?
    ) throws -> [Int: CopiedTable] {
        let copier = TableCopier(
            tables, plan: plan, source: source, target: target, probe: probe, spill: spill,
            observer: observer)
        let workers = (0..<max(1, jobs)).map { n in
            WorkerThread(name: "cleanroom-worker-\(n)") { copier.work() }
        }
        workers.forEach { $0.join() }
        try copier.failure.rethrow()
        return copier.outcomes.enumerated().reduce(into: [:]) { $0[$1.offset] = $1.element }
    }

    /// What a worker does next.
    private enum Assignment {
        case start(index: Int, rows: String?)
        case join(TableJob)
    }

    /// One worker thread's loop.
    private func work() {
        while !failure.isSet, let assignment = next() {
            let job: TableJob?
            do {
                switch assignment {
                case .start(let index, let rows):
                    job = try start(index, rows: rows)
                case .join(let joined):
                    job = joined
                }
                guard let job else { continue }
                defer { finish(job) }
                let masker = try plan.masker(for: job.planned)
                try job.work(masker: masker, failure: failure) { rows, bytes in
                    observer?.tableProgress(job.name, rows: rows, bytes: bytes)
                }
            } catch {
                failure.record(error)
            }
        }
    }

    /// The next table to start, or a shared one to join; nil when there is nothing left for this worker.
    private func next() -> Assignment? {
        condition.withLock {
            while true {
                if !pending.isEmpty {
                    starting += 1
                    let (index, rows) = pending.removeFirst()
                    return .start(index: index, rows: rows)
                }
                if let job = active.first(where: { $0.join() }) { return .join(job) }
                if starting == 0 || failure.isSet { return nil }
                condition.wait()
            }
        }
    }

    /// Opens table `index` (the share `rows` selects) and makes it joinable; nil for a table whose
    /// rows are not copied.
    private func start(_ index: Int, rows: String?) throws -> TableJob? {
        var job: TableJob?
        defer {
            condition.withLock {
                if let job { active.append(job) }
                starting -= 1
                condition.broadcast()
            }
        }
        let planned = plan.validated.tables[index]
        let name = planned.table.name.description
        guard planned.rule.copyRows else {
            let statistics = try plan.masker(for: planned).statistics
            let outcome = TableOutcome(table: name, rows: 0, bytes: 0, seconds: 0, digest: "", columns: statistics)
            condition.withLock { outcomes[index] = CopiedTable(outcome: outcome, audit: nil) }
            return nil
        }
        observer?.tableStarted(name, estimatedRows: observer == nil ? nil : source.estimatedRowCount(of: planned.table))
        job = try TableJob(
            planned, index: index, share: rows, source: source, target: target, probe: probe,
            vocabulary: plan.vocabulary, spill: spill, printForms: printForms, failure: failure)
        return job
    }

    /// Leaves `job`; the last worker out records the table's outcome.
    private func finish(_ job: TableJob) {
        do {
            guard let copied = try job.leave(failure: failure) else { return }
            condition.withLock {
                active.removeAll { $0 === job }
                outcomes[job.index] = copied
            }
            let outcome = copied.outcome
            observer?.tableFinished(outcome.table, rows: outcome.rows, bytes: outcome.bytes, seconds: outcome.seconds)
        } catch {
            failure.record(error)
        }
    }
}
