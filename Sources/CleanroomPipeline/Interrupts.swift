import Foundation
import Synchronization

/// Runs clean-up work when the process is interrupted (SIGINT, SIGTERM): a CI job that times out or
/// a user's Ctrl-C must not leave a half-loaded target behind.
///
/// While a clean-up is registered, the signals are caught; each registered clean-up runs once, the
/// latest registered first (as `defer` does: the run removes its target before the command records
/// that it was interrupted), and the process exits with 128 + the signal number, as a shell reports it.
public final class Interrupts: Sendable {
    public static let shared = Interrupts()

    private struct State {
        var cleanups: [Int: @Sendable (_ signal: Int32) -> Void] = [:]
        var nextID = 0
        /// Created on the first registration, kept for the process's life.
        var sources: [DispatchSourceSignal] = []
        var interrupting = false
    }

    private let state = Mutex(State())

    /// Registers `cleanup`, called with the signal's number, until the returned token's `cancel()`.
    public func register(_ cleanup: @escaping @Sendable (_ signal: Int32) -> Void) -> Registration {
        let id = state.withLock { state in
            if state.sources.isEmpty { state.sources = installHandlers() }
            let id = state.nextID
            state.nextID += 1
            state.cleanups[id] = cleanup
            return id
        }
        return Registration { [weak self] in
            _ = self?.state.withLock { $0.cleanups.removeValue(forKey: id) }
        }
    }

    private func installHandlers() -> [DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in self?.interrupted(signalNumber) }
            source.resume()
            return source
        }
    }

    /// Called on a failure path: while an interrupt's clean-up runs, a worker that fails because of
    /// it (its connection was just closed) must not exit first and cut the clean-up short, so it
    /// waits here for the handler to end the process.
    public func holdIfInterrupted() {
        let hold = state.withLock { $0.interrupting }
        while hold { sleep(60) }
    }

    private func interrupted(_ signalNumber: Int32) {
        let pending = state.withLock { state in
            state.interrupting = true
            defer { state.cleanups.removeAll() }
            return state.cleanups.sorted { $0.key > $1.key }.map(\.value)
        }
        FileHandle.standardError.write(Data("cleanroom: interrupted; removing what this run created\n".utf8))
        for cleanup in pending { cleanup(signalNumber) }
        exit(128 + signalNumber)
    }

    /// Ends a registration.
    public struct Registration: Sendable {
        let end: @Sendable () -> Void
        public func cancel() { end() }
    }
}
