import Foundation

/// Runs clean-up work when the process is interrupted (SIGINT, SIGTERM): a CI job that times out or
/// a user's Ctrl-C must not leave a half-loaded target behind.
///
/// While a clean-up is registered, the signals are caught; each registered clean-up runs once and
/// the process exits with 128 + the signal number, as a shell reports it.
public final class Interrupts: @unchecked Sendable {
    // @unchecked: `cleanups` and `nextID` are guarded by `lock`; signal sources are created once.
    public static let shared = Interrupts()

    private let lock = NSLock()
    private var cleanups: [Int: @Sendable () -> Void] = [:]
    private var nextID = 0
    private var sources: [DispatchSourceSignal] = []
    private var interrupting = false

    /// Registers `cleanup` until the returned token's `cancel()`.
    public func register(_ cleanup: @escaping @Sendable () -> Void) -> Registration {
        lock.lock()
        defer { lock.unlock() }
        if sources.isEmpty { installHandlers() }
        let id = nextID
        nextID += 1
        cleanups[id] = cleanup
        return Registration { [weak self] in
            guard let self else { return }
            self.lock.lock()
            self.cleanups[id] = nil
            self.lock.unlock()
        }
    }

    private func installHandlers() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in self?.interrupted(signalNumber) }
            source.resume()
            sources.append(source)
        }
    }

    /// Called on a failure path: while an interrupt's clean-up runs, a worker that fails because of
    /// it (its connection was just closed) must not exit first and cut the clean-up short, so it
    /// waits here for the handler to end the process.
    public func holdIfInterrupted() {
        lock.lock()
        let hold = interrupting
        lock.unlock()
        while hold { sleep(60) }
    }

    private func interrupted(_ signalNumber: Int32) {
        lock.lock()
        interrupting = true
        let pending = cleanups.values
        cleanups.removeAll()
        lock.unlock()
        FileHandle.standardError.write(Data("cleanroom: interrupted; removing what this run created\n".utf8))
        for cleanup in pending { cleanup() }
        exit(128 + signalNumber)
    }

    /// Ends a registration.
    public struct Registration: Sendable {
        let end: @Sendable () -> Void
        public func cancel() { end() }
    }
}
