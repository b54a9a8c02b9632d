import CleanroomConnectors
import CleanroomCore
import Foundation

/// Writes a table's masked batches in the order they were read, whichever of the table's workers
/// masked them first, so the target receives the rows in the source's order however the table is
/// split: a file's bytes, and a database's physical row order, are those one worker would write.
///
/// A batch that is not next is held until it is (at most `limit` of them; a worker with one more
/// waits, until any table fails); the worker that writes the next batch also writes the held ones
/// that follow it. Only one worker writes at a time, outside the lock, so the others go on masking
/// meanwhile.
final class InOrderWriter: @unchecked Sendable {
    // @unchecked: `next`, `held` and `abandoned` are guarded by `condition`; `writer` is used only by
    // the worker whose batch is next, one at a time.
    private let writer: any RowWriter
    private let limit: Int
    /// The run's first failure: a worker waiting for room gives up once any table failed, as the
    /// batch it waits for may never come.
    private let failure: FirstFailure
    private let condition = NSCondition()
    private var next = 0
    private var held: [Int: RowBatch] = [:]
    private var abandoned = false

    init(_ writer: any RowWriter, limit: Int, failure: FirstFailure) {
        self.writer = writer
        self.limit = limit
        self.failure = failure
    }

    /// Writes batch number `sequence` (0, 1, 2, … in read order), now or once the batches before it
    /// are written; returns at once when it is held. Its buffer is recycled once written.
    /// - Throws: the writer's error, for the batch this call wrote or a held one it went on to.
    func write(_ batch: consuming RowBatch, sequence: Int) throws {
        condition.lock()
        while sequence != next && held.count >= limit && !abandoned {
            // Another table's failure does not signal this condition: look again now and then.
            if failure.isSet { abandoned = true } else { _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05)) }
        }
        if abandoned || sequence != next {
            if !abandoned { held[sequence] = batch }
            condition.unlock()
            return
        }
        condition.unlock()
        var pending: RowBatch? = batch
        while let current = pending.take() {
            do {
                try writer.write(current)
            } catch {
                abandon()
                throw error
            }
            current.recycle()
            condition.lock()
            next += 1
            pending = held.removeValue(forKey: next)
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Gives up: held batches are dropped and no worker waits any longer (after a failure).
    func abandon() {
        condition.withLock {
            abandoned = true
            held.removeAll()
            condition.broadcast()
        }
    }

    /// Ends the table's load; call once every batch was written.
    func finish() throws { try writer.finish() }

    /// Abandons the table's load.
    func close() { writer.close() }
}
