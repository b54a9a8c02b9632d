import Synchronization

/// Keeps `unique: true` columns free of collisions, deterministically.
///
/// Keyed draws (hash, fake) can collide. For each domain the registry remembers, by 64-bit
/// fingerprints, which input took which output and how many re-draws each input needed. An input
/// whose first draw collides with another input's output re-draws with an attempt counter in the
/// HMAC message until it finds a free output. Because the attempt is remembered per input, every
/// table sharing the domain (a foreign key and its referenced column) gets the same output for the
/// same input within a run. Memory: about 40 bytes per distinct value of a unique domain.
final class UniqueRegistry: Sendable {
    /// Per domain: which input owns each output, and the attempt each input's output took. Tables
    /// sharing a domain run on several threads.
    private struct State {
        var owners: [String: [UInt64: UInt64]] = [:]
        var attempts: [String: [UInt64: UInt16]] = [:]
    }

    private let state = Mutex(State())

    /// The most re-draws tried before giving up.
    static let maximumAttempts = 1000

    /// Appends the output for `input` to `out`: `draw(attempt, &out)` appends a candidate and returns
    /// true, or returns false (appending nothing) to skip that attempt; the first attempt whose output
    /// is free (or already this input's) wins. False, with `out` untouched, when none does.
    func resolve(
        domain: String, input: [UInt8], into out: inout [UInt8],
        draw: (_ attempt: Int, _ out: inout [UInt8]) throws -> Bool
    ) throws -> Bool {
        let inputPrint = Self.fingerprint(input)
        let known = state.withLock { $0.attempts[domain]?[inputPrint] }
        if let known { return try draw(Int(known), &out) }
        let start = out.count
        for attempt in 0..<Self.maximumAttempts {
            guard try draw(attempt, &out) else { continue }
            let outputPrint = Self.fingerprint(out[start...])
            let taken = state.withLock { state in
                let owner = state.owners[domain]?[outputPrint]
                guard owner == nil || owner == inputPrint else { return false }
                state.owners[domain, default: [:]][outputPrint] = inputPrint
                state.attempts[domain, default: [:]][inputPrint] = UInt16(attempt)
                return true
            }
            if taken { return true }
            out.removeSubrange(start...)
        }
        return false
    }

    /// FNV-1a 64: stable across processes, so resolution does not depend on a random seed.
    static func fingerprint(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100000001b3
        }
        return h
    }
}
