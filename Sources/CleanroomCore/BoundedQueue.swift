import Foundation

/// A blocking first-in first-out queue with a fixed capacity, between pipeline stages on threads.
///
/// `put` blocks while the queue is full, which is what keeps memory flat whatever the table size.
/// Either side may `close` it: a closed queue refuses new items and wakes every waiter; `take`
/// drains what is left and then returns nil.
public final class BoundedQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    /// Taken slots are cleared at once, so the queue holds no reference to an element it handed out.
    private var items: [Element?] = []
    private var head = 0
    private var closed = false
    private let capacity: Int

    public init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// Adds an element, waiting for room. Returns false when the queue was closed.
    @discardableResult
    public func put(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !closed && items.count - head >= capacity { condition.wait() }
        if closed { return false }
        items.append(element)
        condition.broadcast()
        return true
    }

    /// Removes the oldest element, waiting for one; nil once the queue is closed and empty.
    public func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while !closed && items.count == head { condition.wait() }
        if items.count == head { return nil }
        let e = items[head].take()
        head += 1
        if head > 64 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return e
    }

    /// Closes the queue: no more puts; takers drain the rest.
    public func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
