import Foundation
import Synchronization

/// Holds a value that is handed to exactly one other thread and not used concurrently.
/// Swift cannot see that hand-over discipline, hence `@unchecked`.
public final class HandOver<Value>: @unchecked Sendable {
    public var value: Value
    public init(_ value: Value) { self.value = value }
}

/// The first error any worker hit; later ones are dropped. Workers poll `isSet` to stop early.
public final class FirstFailure: Sendable {
    private let error = Mutex<(any Error)?>(nil)

    public init() {}

    /// Whether some worker failed already.
    public var isSet: Bool {
        error.withLock { $0 != nil }
    }

    /// Keeps `e` unless an earlier error was recorded.
    public func record(_ e: any Error) {
        error.withLock { if $0 == nil { $0 = e } }
    }

    /// Throws the recorded error, if any.
    public func rethrow() throws {
        if let e = error.withLock({ $0 }) { throw e }
    }
}

/// Runs `body` on a new thread; `join` waits for it (any number of times).
public final class WorkerThread: @unchecked Sendable {
    // @unchecked: `joined` is only read and written by the thread that owns this value.
    private let done = DispatchSemaphore(value: 0)
    private var joined = false

    public init(name: String, _ body: @escaping @Sendable () -> Void) {
        let done = self.done
        let thread = Thread {
            body()
            done.signal()
        }
        thread.name = name
        thread.stackSize = 4 << 20
        thread.start()
    }

    public func join() {
        guard !joined else { return }
        done.wait()
        joined = true
    }
}

/// Hands out the indexes 0..<limit once each, to any number of threads.
public final class WorkCounter: Sendable {
    private let issued = Mutex(0)
    private let limit: Int

    public init(limit: Int) { self.limit = limit }

    /// The next index not handed out yet, or nil when all were.
    public func next() -> Int? {
        issued.withLock { issued in
            guard issued < limit else { return nil }
            issued += 1
            return issued - 1
        }
    }
}

/// Runs independent pieces of work on a few threads.
public enum ParallelWork {
    /// Calls `body` once for each of `0..<count` on up to `jobs` threads and returns the results in
    /// index order; the first error stops handing out work and is rethrown once every thread ended.
    public static func map<Result>(
        _ count: Int, jobs: Int, name: String,
        _ body: @escaping @Sendable (Int) throws -> Result
    ) throws -> [Result] {
        let failure = FirstFailure()
        let lock = NSLock()
        let results = HandOver([Result?](repeating: nil, count: count))
        let counter = WorkCounter(limit: count)
        let workers = (0..<min(max(1, jobs), max(1, count))).map { n in
            WorkerThread(name: "\(name)-\(n)") {
                while !failure.isSet, let i = counter.next() {
                    do {
                        let result = try body(i)
                        lock.withLock { results.value[i] = result }
                    } catch {
                        failure.record(error)
                    }
                }
            }
        }
        workers.forEach { $0.join() }
        try failure.rethrow()
        return results.value.map { $0! }
    }
}
