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
            try permute(value, from: 0, decrypting: false, into: &out)
        } catch let error as CryptoError {
            throw TransformFailure(error.description)
        }
    }

    /// ``encrypt(_:into:)`` for a phone number, with a digits cipher: an international prefix
    /// (`+44`; `0044` too when `allowingDoubleZero`, see ``InternationalPrefix``) is kept and only the
    /// national number's digits are encrypted, so the country code stays one that exists and the
    /// national number keeps its length. A number without a prefix is encrypted whole.
    ///
    /// Numbers with the same prefix and layout are permuted among themselves, so `unique` holds for
    /// `+` numbers; a `00` number cannot be told from a national one that encrypts to `00…`, so unique
    /// columns pass `allowingDoubleZero: false`.
    /// - Throws: for a `+` number whose first digits are no assigned country code, or with fewer than
    ///   ``InternationalPrefix/minimumNationalDigits`` digits after its code; `out` is as it was.
    func encryptPhone(_ value: [UInt8], allowingDoubleZero: Bool, into out: inout [UInt8]) throws {
        guard let prefix = InternationalPrefix.parse(value, allowingDoubleZero: allowingDoubleZero) else {
            return try encrypt(value, into: &out)
        }
        guard let code = prefix.countryCode else {
            throw TransformFailure(
                "a phone number starting with + whose first digits are no assigned ITU country calling code; "
                    + "correct the value or use { fake: phone }")
        }
        guard prefix.nationalDigits >= InternationalPrefix.minimumNationalDigits else {
            throw TransformFailure(
                "a phone number with country code +\(code) and \(prefix.nationalDigits) digits after it: FF1 "
                    + "encrypts at least \(InternationalPrefix.minimumNationalDigits) (NIST SP 800-38G's minimum "
                    + "domain); use { fake: phone } for this column")
        }
        do {
            try permute(value, from: prefix.byteCount, decrypting: false, into: &out)
        } catch let error as CryptoError {
            throw TransformFailure(error.description)
        }
    }

    /// Decrypts what `encrypt` produced (for tests and key holders); `keeping` bytes at the start
    /// were kept as they are (an international prefix `encryptPhone` kept).
    func decrypt(_ value: [UInt8], keeping: Int = 0) throws -> [UInt8] {
        var out: [UInt8] = []
        try permute(value, from: keeping, decrypting: true, into: &out)
        return out
    }

    /// Appends `value` to `out` with FF1 run on the numerals of its alphabet characters from byte
    /// `first` on, which are written back in place; the numerals live in a temporary buffer, so nothing
    /// is allocated.
    private func permute(_ value: [UInt8], from first: Int, decrypting: Bool, into out: inout [UInt8]) throws {
        var count = 0
        for b in value[first...] where numeral[Int(b)] >= 0 { count += 1 }
        guard count > 0 else {
            out += value
            return
        }
        try withUnsafeTemporaryAllocation(of: UInt16.self, capacity: count) { numerals in
            var k = 0
            for b in value[first...] where numeral[Int(b)] >= 0 {
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
            for i in (start + first)..<out.count where numeral[Int(out[i])] >= 0 {
                out[i] = symbols[Int(numerals[k])]
                k += 1
            }
        }
    }
}
