import CleanroomCrypto

/// FF1 over an alphabet of single-byte characters, keeping every other byte in place, so
/// `+1 (555) 010-4477` stays a phone number of the same shape.
struct FormatPreservingCipher: Sendable {
    private let ff1: FF1
    /// Numeral of each byte, or -1 for bytes outside the alphabet.
    private let numeral: [Int16]
    private let symbols: [UInt8]

    init(key: [UInt8], alphabet: FPEAlphabet) throws {
        symbols = alphabet.characters.compactMap { $0.asciiValue }
        guard symbols.count == alphabet.characters.count else {
            throw TransformFailure("FF1 alphabets must be ASCII characters")
        }
        var table = [Int16](repeating: -1, count: 256)
        for (i, s) in symbols.enumerated() { table[Int(s)] = Int16(i) }
        numeral = table
        ff1 = try FF1(key: Array(key.prefix(32)), radix: symbols.count)
    }

    /// Encrypts the alphabet characters of `value`; a value without any is returned as it is.
    func encrypt(_ value: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        try encrypt(value, into: &out)
        return out
    }

    /// Appends ``encrypt(_:)`` of `value` to `out`; on a throw `out` is as it was.
    func encrypt(_ value: [UInt8], into out: inout [UInt8]) throws {
        do {
            try permute(value, decrypting: false, into: &out)
        } catch let error as CryptoError {
            throw TransformFailure(error.description)
        }
    }

    /// Decrypts what `encrypt` produced (for tests and key holders).
    func decrypt(_ value: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        try permute(value, decrypting: true, into: &out)
        return out
    }

    /// Appends `value` to `out` with FF1 run on the numerals of its alphabet characters, which are
    /// written back in place; the numerals live in a temporary buffer, so nothing is allocated.
    private func permute(_ value: [UInt8], decrypting: Bool, into out: inout [UInt8]) throws {
        var count = 0
        for b in value where numeral[Int(b)] >= 0 { count += 1 }
        guard count > 0 else {
            out += value
            return
        }
        try withUnsafeTemporaryAllocation(of: UInt16.self, capacity: count) { numerals in
            var k = 0
            for b in value where numeral[Int(b)] >= 0 {
                numerals[k] = UInt16(numeral[Int(b)])
                k += 1
            }
            let noTweak = UnsafeRawBufferPointer(start: nil, count: 0)
            if decrypting {
                try ff1.decrypt(numerals, tweak: noTweak)
            } else {
                try ff1.encrypt(numerals, tweak: noTweak)
            }
            let start = out.count
            out += value
            k = 0
            for i in start..<out.count where numeral[Int(out[i])] >= 0 {
                out[i] = symbols[Int(numerals[k])]
                k += 1
            }
        }
    }
}
