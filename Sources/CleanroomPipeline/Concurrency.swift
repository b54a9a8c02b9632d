import Foundation

/// Holds a value that is handed to exactly one other thread and not used concurrently.
/// Swift cannot see that hand-over discipline, hence `@unchecked`.
final class HandOver<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// The first error any worker hit; later ones are dropped. Workers poll `isSet` to stop early.
final class FirstFailure: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var error: Error?

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return error != nil
    }

    func record(_ e: Error) {
        lock.lock()
        if error == nil { error = e }
        lock.unlock()
    }

    func rethrow() throws {
        lock.lock()
        let e = error
        lock.unlock()
        if let e { throw e }
    }
}

/// Runs `body` on a new thread; `join` waits for it (any number of times).
final class WorkerThread: @unchecked Sendable {
    // @unchecked: `joined` is only read and written by the thread that owns this value.
    private let done = DispatchSemaphore(value: 0)
    private var joined = false

    init(name: String, _ body: @escaping @Sendable () -> Void) {
        let done = self.done
        let thread = Thread {
            body()
            done.signal()
        }
        thread.name = name
        thread.stackSize = 4 << 20
        thread.start()
    }

    func join() {
        guard !joined else { return }
        done.wait()
        joined = true
    }
}

/// Runs independent pieces of work on a few threads.
enum ParallelWork {
    /// Calls `body` once for each of `0..<count` on up to `jobs` threads and returns the results in
    /// index order; the first error stops handing out work and is rethrown once every thread ended.
    static func map<Result>(_ count: Int, jobs: Int, name: String, _ body: @escaping @Sendable (Int) throws -> Result) throws -> [Result] {
        let failure = FirstFailure()
        let lock = NSLock()
        let results = HandOver([Result?](repeating: nil, count: count))
        let next = HandOver(0)
        let workers = (0..<min(max(1, jobs), max(1, count))).map { n in
            WorkerThread(name: "\(name)-\(n)") {
                while !failure.isSet {
                    let i: Int? = lock.withLock {
                        guard next.value < count else { return nil }
                        next.value += 1
                        return next.value - 1
                    }
                    guard let i else { return }
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
