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
            return try permute(value, with: ff1.encrypt)
        } catch let error as CryptoError {
            throw TransformFailure(error.description)
        }
    }

    /// Decrypts what `encrypt` produced (for tests and key holders).
    func decrypt(_ value: [UInt8]) throws -> [UInt8] {
        try permute(value, with: ff1.decrypt)
    }

    /// Applies `cipher` to the numerals of the alphabet characters, writing them back in place.
    private func permute(_ value: [UInt8], with cipher: ([UInt16], [UInt8]) throws -> [UInt16]) rethrows -> [UInt8] {
        var numerals: [UInt16] = []
        numerals.reserveCapacity(value.count)
        for b in value where numeral[Int(b)] >= 0 { numerals.append(UInt16(numeral[Int(b)])) }
        if numerals.isEmpty { return value }
        let permuted = try cipher(numerals, [])
        var out = value
        var k = 0
        for i in out.indices where numeral[Int(out[i])] >= 0 {
            out[i] = symbols[Int(permuted[k])]
            k += 1
        }
        return out
    }
}
