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
        do {
            return try permute(value, decrypting: false)
        } catch let error as CryptoError {
            throw TransformFailure(error.description)
        }
    }

    /// Decrypts what `encrypt` produced (for tests and key holders).
    func decrypt(_ value: [UInt8]) throws -> [UInt8] {
        try permute(value, decrypting: true)
    }

    /// Runs FF1 on the numerals of the alphabet characters, writing them back in place; the numerals
    /// live in a temporary buffer, so the only allocation is the output.
    private func permute(_ value: [UInt8], decrypting: Bool) throws -> [UInt8] {
        var count = 0
        for b in value where numeral[Int(b)] >= 0 { count += 1 }
        if count == 0 { return value }
        return try withUnsafeTemporaryAllocation(of: UInt16.self, capacity: count) { numerals in
            var k = 0
            for b in value where numeral[Int(b)] >= 0 {
                numerals[k] = UInt16(numeral[Int(b)])
                k += 1
            }
            let noTweak = UnsafeRawBufferPointer(start: nil, count: 0)
            if decrypting { try ff1.decrypt(numerals, tweak: noTweak) } else { try ff1.encrypt(numerals, tweak: noTweak) }
            var out = value
            k = 0
            for i in out.indices where numeral[Int(out[i])] >= 0 {
                out[i] = symbols[Int(numerals[k])]
                k += 1
            }
            return out
        }
    }
}
