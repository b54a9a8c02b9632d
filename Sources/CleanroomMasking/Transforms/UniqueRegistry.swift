import Foundation

/// Keeps `unique: true` columns free of collisions, deterministically.
///
/// Keyed draws (hash, fake) can collide. For each domain the registry remembers, by 64-bit
/// fingerprints, which input took which output and how many re-draws each input needed. An input
/// whose first draw collides with another input's output re-draws with an attempt counter in the
/// HMAC message until it finds a free output. Because the attempt is remembered per input, every
/// table sharing the domain (a foreign key and its referenced column) gets the same output for the
/// same input within a run. Memory: about 40 bytes per distinct value of a unique domain.
final class UniqueRegistry: @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`; tables sharing a domain run on several threads.
    private let lock = NSLock()
    private var owners: [String: [UInt64: UInt64]] = [:]
    private var attempts: [String: [UInt64: UInt16]] = [:]

    /// The most re-draws tried before giving up.
    static let maximumAttempts = 1000

    /// Finds the output for `input`: `draw(attempt)` produces a candidate (nil to skip that attempt);
    /// the first attempt whose output is free (or already this input's) wins.
    func resolve(domain: String, input: [UInt8], draw: (Int) throws -> [UInt8]?) throws -> [UInt8]? {
        let inputPrint = Self.fingerprint(input)
        lock.lock()
        let known = attempts[domain]?[inputPrint]
        lock.unlock()
        if let known { return try draw(Int(known)) }
        for attempt in 0..<Self.maximumAttempts {
            guard let candidate = try draw(attempt) else { continue }
            let outputPrint = Self.fingerprint(candidate)
            lock.lock()
            let owner = owners[domain]?[outputPrint]
            if owner == nil || owner == inputPrint {
                owners[domain, default: [:]][outputPrint] = inputPrint
                attempts[domain, default: [:]][inputPrint] = UInt16(attempt)
                lock.unlock()
                return candidate
            }
            lock.unlock()
        }
        return nil
    }

    /// FNV-1a 64: stable across processes, so resolution does not depend on a random seed.
    static func fingerprint(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100000001b3
        }
        return h
    }
}
