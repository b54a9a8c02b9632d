import CleanroomConnectors
import CleanroomCore
import CleanroomMasking
import Foundation

/// One table being copied: a reader thread fills a bounded queue with numbered batches; one or more
/// workers (`TableCopier`) take them, mask them with maskers of their own and write them in the
/// order they were read (`InOrderWriter`).
///
/// Workers join with `join()` and leave with `leave()`; the last one to leave after the queue ran dry
/// (or after a failure) closes the table: it waits for the reader, ends the load and reports the
/// outcome.
final class TableJob: @unchecked Sendable {
    // @unchecked: the counters and membership are guarded by `lock`; `writes` orders the writer's use.

    /// A batch, its place in the table's read order, and the table's rows before it, which number
    /// its rows in errors.
    struct NumberedBatch: Sendable {
        var batch: RowBatch
        var sequence: Int
        var rowsBefore: Int
    }

    /// Batches in flight between the reader and the maskers.
    static let queueDepth = 4

    let planned: PlannedTable
    /// The table's index in the plan.
    let index: Int
    /// Per column: whether its changed source values feed the leak probe.
    let probed: [Bool]
    private let queue = BoundedQueue<NumberedBatch>(capacity: TableJob.queueDepth)
    private let writes: InOrderWriter
    private let readFailure = FirstFailure()
    private var readerThread: WorkerThread?
    private let started = Date()

    private let lock = NSLock()
    private var members = 1
    private var closing = false
    private var rows = 0
    private var bytes = 0
    private var statistics: [ColumnStatistics] = []
    private var audit: OutputAudit?
    /// What each worker's audit starts from.
    private let blankAudit: OutputAudit
    private let spill: LookupSpill
    private let probe: LeakProbe

    var name: String { planned.table.name.description }

    /// Opens the table's writer and starts its reader; the caller is the job's first member.
    /// - Parameter share: a condition selecting the rows to copy, with the rule's `where:`; nil for all.
    init(
        _ planned: PlannedTable, index: Int, share: String?, source: any SourceConnection,
        target: any TargetConnection,
        probe: LeakProbe, vocabulary: TokenVocabulary?, spill: LookupSpill, printForms: PrintForms?,
        failure: FirstFailure
    ) throws {
        self.planned = planned
        self.index = index
        self.spill = spill
        self.probe = probe
        probed = planned.columns.map(ProbePolicy.recordsSource)
        let columns = planned.columns.map(\.column)
        let writer = try target.openWriter(table: planned.table, columns: columns)
        var audit = OutputAudit(planned, tableID: index, probe: probe, vocabulary: vocabulary, printForms: printForms)
        // Rows the target holds already were written by another run: only reading them back attests them.
        if writer.loadsNothing { audit.requireReadBack() }
        blankAudit = audit
        writes = InOrderWriter(writer, limit: TableJob.queueDepth, failure: failure)
        let reader: HandOver<any RowReader>
        do {
            reader = HandOver(
                try source.openReader(
                    table: planned.table, columns: columns, filter: SQLConjunction.of([planned.rule.filter, share]),
                    limit: nil))
        } catch {
            writer.close()
            throw error
        }
        let queue = self.queue
        let readFailure = self.readFailure
        readerThread = WorkerThread(name: "cleanroom-reader") {
            defer { queue.close(); reader.value.close() }
            var rowsBefore = 0
            var sequence = 0
            do {
                while !failure.isSet, let batch = try reader.value.next() {
                    if !queue.put(NumberedBatch(batch: batch, sequence: sequence, rowsBefore: rowsBefore)) { break }
                    rowsBefore += batch.rowCount
                    sequence += 1
                }
            } catch {
                readFailure.record(error)
            }
        }
    }

    /// Adds a worker to the table while it is still being read; false when there is nothing left to share.
    func join() -> Bool {
        lock.withLock {
            guard !closing else { return false }
            members += 1
            return true
        }
    }

    /// Masks and writes batches until the queue runs dry or any table failed.
    /// - Parameter progress: called with the table's rows and bytes written so far.
    func work(masker: TableMasker, failure: FirstFailure, progress: (Int, Int) -> Void) throws {
        var keys: [UInt64] = []
        var recorded = 0
        var recent = RecentKeys()
        if probed.contains(true) {
            let (probed, probe) = (self.probed, self.probe)
            masker.onChange = { column, value in
                guard probed[column], let key = probe.filterKey(value) else { return }
                recorded += 1
                if recent.isNew(key) { keys.append(key) }
            }
        }
        var audit = blankAudit
        defer {
            masker.onChange = nil
            lock.withLock {
                merge(masker.statistics)
                if self.audit == nil { self.audit = audit } else { self.audit?.merge(audit) }
            }
        }
        do {
            while !failure.isSet, let item = queue.take() {
                let masked = try masker.mask(item.batch, rowsBefore: item.rowsBefore)
                probe.insert(keys, recorded: recorded)
                keys.removeAll(keepingCapacity: true)
                recorded = 0
                try audit.audit(masked, source: masker.isPassthrough ? nil : item.batch, spill: spill)
                let (r, b) = lock.withLock {
                    rows += masked.rowCount
                    bytes += masked.bytes.count
                    return (rows, bytes)
                }
                let sequence = item.sequence
                if !masker.isPassthrough { (consume item).batch.recycle() }
                try writes.write(masked, sequence: sequence)
                progress(r, b)
            }
            try audit.flush(to: spill)
        } catch {
            queue.close()
            writes.abandon()
            throw error
        }
    }

    /// Removes a worker. The last one closes the table: it ends the load when every batch went through
    /// and nothing failed (returning the outcome), and abandons it otherwise (returning nil).
    func leave(failure: FirstFailure) throws -> CopiedTable? {
        let last = lock.withLock {
            members -= 1
            if members == 0 { closing = true }
            return members == 0
        }
        guard last else { return nil }
        queue.close()
        readerThread?.join()
        do {
            try readFailure.rethrow()
            try failure.rethrow()
            try writes.finish()
        } catch {
            writes.close()
            throw error
        }
        return lock.withLock {
            CopiedTable(
                outcome: TableOutcome(
                    table: name, rows: rows, bytes: bytes, seconds: Date().timeIntervalSince(started), digest: "",
                    columns: statistics),
                audit: audit ?? blankAudit)
        }
    }

    /// Adds one masker's counts to the table's (called with `lock` held).
    private func merge(_ counts: [ColumnStatistics]) {
        guard !statistics.isEmpty else {
            statistics = counts
            return
        }
        statistics = zip(statistics, counts).map { $0.adding($1) }
    }
}

/// A table as the copy left it: its outcome, and what the workers' audits of the written rows found
/// (nil for a table whose rows are not copied).
struct CopiedTable {
    var outcome: TableOutcome
    var audit: OutputAudit?
}
