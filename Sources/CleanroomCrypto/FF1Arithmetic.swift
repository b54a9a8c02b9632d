import COpenSSL

/// The numeral-string arithmetic of FF1's rounds, over halves held in whatever form suits the sizes:
/// NUM_radix when a half enters, [NUM_radix(X)]^b for Q, (NUM_radix(X) ± NUM(Y)) mod radix^m for C,
/// and STR_radix^m when a half leaves. The round function is generic over it, so each form gets its
/// own specialised loop.
protocol FF1Arithmetic {
    /// A half of the numeral string (A or B) in the form this arithmetic computes on.
    associatedtype Half

    /// b = ⌈⌈v·log2(radix)⌉ / 8⌉: the byte length of NUM_radix of the longer half.
    var byteLength: Int { get }
    /// The half held by `numerals`.
    func load(_ numerals: UnsafeMutableBufferPointer<UInt16>.SubSequence) -> Half
    /// Writes [NUM_radix(x)]^byteLength big-endian to `out`.
    func writeNum(_ x: Half, to out: UnsafeMutablePointer<UInt8>) throws
    /// NUM_radix(x) as a machine word when byteLength ≤ 7, so that the round number and
    /// [NUM_radix(x)]^byteLength fit the last 8 bytes of Q's last block; nil otherwise.
    func numWord(_ x: Half) -> UInt64?
    /// (NUM_radix(x) ± NUM(y)) mod radix^m, as a half of length m.
    func combine(_ x: Half, y: UnsafeBufferPointer<UInt8>, m: Int, subtract: Bool) throws -> Half
    /// Writes STR_radix^m(x) to `numerals` (of length m).
    func store(_ x: Half, into numerals: inout UnsafeMutableBufferPointer<UInt16>.SubSequence)
}

/// Halves as machine integers, valid while radix^v ≤ 2^62 (then b ≤ 8, d ≤ 12 and y < 2^96).
///
/// NUM_radix and STR_radix^m are inverse bijections between strings of length m and the integers
/// below radix^m, so a half can stay an integer from round to round: the numerals are read once at the
/// start and written once at the end.
struct WordArithmetic: FF1Arithmetic {
    let radix: UInt64
    let u: Int
    /// radix^u and radix^v.
    let modU: UInt64
    let modV: UInt64
    let byteLength: Int

    /// Nil when radix^v exceeds 2^62 (the BIGNUM arithmetic applies then).
    init?(radix: Int, u: Int, v: Int) {
        var pv: UInt64 = 1
        for _ in 0..<v {
            let (r, overflow) = pv.multipliedReportingOverflow(by: UInt64(radix))
            if overflow || r > UInt64(1) << 62 { return nil }
            pv = r
        }
        var pu: UInt64 = 1
        for _ in 0..<u { pu *= UInt64(radix) }
        self.radix = UInt64(radix)
        self.u = u
        modU = pu
        modV = pv
        // The bits of radix^v − 1, i.e. ⌈v·log2(radix)⌉, rounded up to bytes.
        byteLength = (64 - (pv - 1).leadingZeroBitCount + 7) / 8
    }

    func load(_ numerals: UnsafeMutableBufferPointer<UInt16>.SubSequence) -> UInt64 {
        var value: UInt64 = 0
        for d in numerals { value = value * radix + UInt64(d) }
        return value
    }

    func writeNum(_ x: UInt64, to out: UnsafeMutablePointer<UInt8>) {
        var value = x
        var k = byteLength - 1
        while k >= 0 {
            out[k] = UInt8(truncatingIfNeeded: value)
            value >>= 8
            k -= 1
        }
    }

    func numWord(_ x: UInt64) -> UInt64? { byteLength <= 7 ? x : nil }

    func combine(_ x: UInt64, y: UnsafeBufferPointer<UInt8>, m: Int, subtract: Bool) -> UInt64 {
        let modulus = m == u ? modU : modV
        // y = high · 2^64 + low with high < 2^32 (d ≤ 12). When d = 8 (b ≤ 4: up to 9 decimal
        // digits a half) high is 0 and one 64-bit division reduces y; otherwise high is reduced first,
        // then the 128-bit remainder (its quotient fits since high mod modulus < modulus), which
        // `dividingFullWidth` computes in a runtime routine several times slower.
        var high: UInt64 = 0
        for byte in y.dropLast(8) { high = high << 8 | UInt64(byte) }
        let low = UInt64(
            bigEndian: UnsafeRawBufferPointer(y).loadUnaligned(fromByteOffset: y.count - 8, as: UInt64.self))
        let yMod = high == 0 ? low % modulus : modulus.dividingFullWidth((high: high % modulus, low: low)).remainder
        if subtract { return x >= yMod ? x - yMod : x + (modulus - yMod) }
        let sum = x + yMod  // both below modulus ≤ 2^62: no overflow
        return sum >= modulus ? sum - modulus : sum
    }

    func store(_ x: UInt64, into numerals: inout UnsafeMutableBufferPointer<UInt16>.SubSequence) {
        var value = x
        var k = numerals.endIndex - 1
        while k >= numerals.startIndex {
            numerals[k] = UInt16(value % radix)
            value /= radix
            k -= 1
        }
    }
}

/// Halves as numeral arrays with OpenSSL BIGNUM arithmetic, for numeral strings of any length.
final class BigArithmetic: FF1Arithmetic {
    private let ctx: OpaquePointer
    private let radix: UInt
    private let u: Int
    private let modU: OpaquePointer
    private let modV: OpaquePointer
    private let value: OpaquePointer
    private let y: OpaquePointer
    let byteLength: Int

    init(radix: Int, u: Int, v: Int) throws {
        guard let ctx = BN_CTX_new(), let modU = BN_new(), let modV = BN_new(), let value = BN_new(), let y = BN_new()
        else {
            throw CryptoError.openSSL(operation: "BN_new")
        }
        self.ctx = ctx
        self.radix = UInt(radix)
        self.u = u
        self.modU = modU
        self.modV = modV
        self.value = value
        self.y = y
        BN_set_word(modU, 1)
        for _ in 0..<u { BN_mul_word(modU, UInt(radix)) }
        BN_set_word(modV, 1)
        for _ in 0..<v { BN_mul_word(modV, UInt(radix)) }
        // radix^v − 1 has ⌈v·log2(radix)⌉ bits.
        BN_copy(value, modV)
        BN_sub_word(value, 1)
        byteLength = (Int(BN_num_bits(value)) + 7) / 8
    }

    deinit {
        BN_free(modU); BN_free(modV); BN_free(value); BN_free(y)
        BN_CTX_free(ctx)
    }

    func load(_ numerals: UnsafeMutableBufferPointer<UInt16>.SubSequence) -> [UInt16] {
        Array(numerals)
    }

    private func setValue(_ x: [UInt16]) {
        BN_zero_ex(value)
        for d in x {
            BN_mul_word(value, radix)
            BN_add_word(value, UInt(d))
        }
    }

    func writeNum(_ x: [UInt16], to out: UnsafeMutablePointer<UInt8>) throws {
        setValue(x)
        if BN_bn2binpad(value, out, Int32(byteLength)) != Int32(byteLength) {
            throw CryptoError.openSSL(operation: "BN_bn2binpad")
        }
    }

    func numWord(_ x: [UInt16]) -> UInt64? { nil }

    func combine(_ x: [UInt16], y bytes: UnsafeBufferPointer<UInt8>, m: Int, subtract: Bool) throws -> [UInt16] {
        setValue(x)
        guard BN_bin2bn(bytes.baseAddress, Int32(bytes.count), y) != nil else {
            throw CryptoError.openSSL(operation: "BN_bin2bn")
        }
        let modulus = m == u ? modU : modV
        let combined = subtract ? BN_sub(value, value, y) : BN_add(value, value, y)
        guard combined == 1, BN_nnmod(value, value, modulus, ctx) == 1 else {
            throw CryptoError.openSSL(operation: "BN arithmetic")
        }
        var out = [UInt16](repeating: 0, count: m)
        var k = m - 1
        while k >= 0 {
            out[k] = UInt16(BN_div_word(value, radix))
            k -= 1
        }
        return out
    }

    func store(_ x: [UInt16], into numerals: inout UnsafeMutableBufferPointer<UInt16>.SubSequence) {
        for (k, d) in zip(numerals.indices, x) { numerals[k] = d }
    }
}
