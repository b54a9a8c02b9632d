import Synchronization

/// Buffers of finished row batches, kept for the next batches.
///
/// A batch buffer is a few hundred KiB: glibc serves blocks of that size with `mmap` (the CLI fixes
/// the threshold so that freed batches do not pile up in per-thread heaps), so a fresh buffer per
/// batch costs a mapping, a page fault per 4 KiB and an unmapping that interrupts every core. The
/// pool keeps at most `limit` buffers, so memory stays bounded.
final class BatchBufferPool: Sendable {
    static let shared = BatchBufferPool(limit: 32)

    /// Room for a full batch and the row that crosses `RowBatch.targetBytes`, so that row does not
    /// reallocate the buffer.
    static let capacity = RowBatch.targetBytes + RowBatch.targetBytes / 4

    private let buffers = Mutex<[[UInt8]]>([])
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    /// An empty buffer with at least `capacity` bytes reserved.
    func take() -> [UInt8] {
        if let buffer = buffers.withLock({ $0.popLast() }) { return buffer }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Self.capacity)
        return buffer
    }

    /// Keeps `buffer` for reuse when it is batch-sized and the pool has room.
    func recycle(_ buffer: consuming [UInt8]) {
        var buffer = buffer
        guard buffer.capacity >= Self.capacity, buffer.capacity <= 4 * Self.capacity else { return }
        buffer.removeAll(keepingCapacity: true)
        buffers.withLock {
            if $0.count < limit { $0.append(buffer) }
        }
    }
}

extension RowBatch {
    /// An empty batch whose buffer is a recycled one when the pool has any (see `recycle()`).
    public static func reusingBuffer() -> RowBatch {
        RowBatch(bytes: BatchBufferPool.shared.take(), rowCount: 0)
    }

    /// Hands the batch's buffer back for reuse once its bytes have been written or read.
    public consuming func recycle() {
        BatchBufferPool.shared.recycle(bytes)
    }
}
