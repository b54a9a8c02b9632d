import COpenSSL

/// NIST SP 800-38G (Rev. 1) FF1 format-preserving encryption over AES, on numeral strings.
///
/// Numerals are integers below `radix`. Inputs must satisfy the standard's minimum domain,
/// radix^length ≥ 1,000,000. The AES key schedule is computed once, so one value is read-only and can be
/// shared between threads. When radix^⌈n/2⌉ fits in 64 bits the arithmetic runs on machine integers;
/// longer inputs use OpenSSL's BIGNUM, and both paths are the same algorithm.
public struct FF1: @unchecked Sendable {
    /// The smallest domain SP 800-38G Rev. 1 allows.
    public static let minimumDomain = 1_000_000
    /// The longest numeral string accepted (a bound on cost, far beyond any column value).
    public static let maximumLength = 4096

    public let radix: Int
    private let aes: AESKeySchedule

    /// Prepares FF1 with a 16, 24 or 32-byte AES key.
    public init(key: [UInt8], radix: Int) throws {
        guard (2...65536).contains(radix) else { throw CryptoError.ff1InvalidRadix(radix) }
        self.radix = radix
        self.aes = try AESKeySchedule(key: key)
    }

    /// The shortest length whose domain meets the minimum for this radix.
    public var minimumLength: Int {
        var n = 1
        var domain = radix
        while domain < FF1.minimumDomain {
            domain *= radix
            n += 1
        }
        return n
    }

    /// Encrypts `numerals` under `tweak` (FF1.Encrypt, Algorithm 7).
    public func encrypt(_ numerals: [UInt16], tweak: [UInt8] = []) throws -> [UInt16] {
        try run(numerals, tweak: tweak, decrypting: false)
    }

    /// Decrypts `numerals` under `tweak` (FF1.Decrypt, Algorithm 8).
    public func decrypt(_ numerals: [UInt16], tweak: [UInt8] = []) throws -> [UInt16] {
        try run(numerals, tweak: tweak, decrypting: true)
    }

    private func run(_ x: [UInt16], tweak: [UInt8], decrypting: Bool) throws -> [UInt16] {
        let n = x.count
        guard n >= minimumLength else { throw CryptoError.ff1DomainTooSmall(radix: radix, length: n) }
        guard n <= FF1.maximumLength else { throw CryptoError.ff1InputTooLong(length: n, maximum: FF1.maximumLength) }
        for d in x where Int(d) >= radix { throw CryptoError.ff1InvalidRadix(radix) }
        let u = n / 2
        let v = n - u
        // b = ⌈⌈v·log2(radix)⌉ / 8⌉, computed exactly as the byte length of radix^v − 1.
        let b = Self.byteLength(radix: radix, power: v)
        let d = 4 * ((b + 3) / 4) + 4
        let t = tweak.count
        // P = [1]¹ [2]¹ [1]¹ [radix]³ [10]¹ [u mod 256]¹ [n]⁴ [t]⁴
        var p = [UInt8](repeating: 0, count: 16)
        p[0] = 1; p[1] = 2; p[2] = 1
        p[3] = UInt8((radix >> 16) & 0xFF); p[4] = UInt8((radix >> 8) & 0xFF); p[5] = UInt8(radix & 0xFF)
        p[6] = 10; p[7] = UInt8(u % 256)
        p[8] = UInt8((n >> 24) & 0xFF); p[9] = UInt8((n >> 16) & 0xFF); p[10] = UInt8((n >> 8) & 0xFF); p[11] = UInt8(n & 0xFF)
        p[12] = UInt8((t >> 24) & 0xFF); p[13] = UInt8((t >> 16) & 0xFF); p[14] = UInt8((t >> 8) & 0xFF); p[15] = UInt8(t & 0xFF)
        var prfP = [UInt8](repeating: 0, count: 16)
        aes.encryptBlock(p, into: &prfP)
        // Q = T ‖ [0]^((−t−b−1) mod 16) ‖ [i]¹ ‖ [NUM(B)]^b
        let pad = ((-t - b - 1) % 16 + 16) % 16
        var q = tweak + [UInt8](repeating: 0, count: pad + 1 + b)
        let roundByte = t + pad

        var arithmetic: any FF1Arithmetic = Self.fitsMachineWords(radix: radix, v: v)
            ? WordArithmetic(radix: radix, u: u, v: v)
            : try BigArithmetic(radix: radix, u: u, v: v)
        var a = Array(x[0..<u])
        var bHalf = Array(x[u..<n])
        var s = [UInt8](repeating: 0, count: ((d + 15) / 16) * 16)
        for step in 0..<10 {
            let i = decrypting ? 9 - step : step
            q[roundByte] = UInt8(i)
            let source = decrypting ? a : bHalf
            try arithmetic.writeNum(source, bytes: b, into: &q, at: roundByte + 1)
            prf(prefix: prfP, q, s: &s, blocks: (d + 15) / 16)
            let m = i % 2 == 0 ? u : v
            let other = decrypting ? bHalf : a
            let c = try arithmetic.combine(other, y: s[0..<d], m: m, subtract: decrypting)
            if decrypting {
                bHalf = a
                a = c
            } else {
                a = bHalf
                bHalf = c
            }
        }
        return a + bHalf
    }

    /// R = PRF(P ‖ Q) (CBC-MAC, zero IV) and S = R ‖ CIPH(R ⊕ [1]¹⁶) ‖ … into `s`.
    private func prf(prefix: [UInt8], _ q: [UInt8], s: inout [UInt8], blocks: Int) {
        var y = prefix
        var block = [UInt8](repeating: 0, count: 16)
        var j = 0
        while j < q.count {
            for k in 0..<16 { block[k] = y[k] ^ q[j + k] }
            aes.encryptBlock(block, into: &y)
            j += 16
        }
        for k in 0..<16 { s[k] = y[k] }
        if blocks > 1 {
            var out = [UInt8](repeating: 0, count: 16)
            for blockIndex in 1..<blocks {
                block = y
                var counter = blockIndex
                var k = 15
                while counter > 0 {
                    block[k] ^= UInt8(counter & 0xFF)
                    counter >>= 8
                    k -= 1
                }
                aes.encryptBlock(block, into: &out)
                for k in 0..<16 { s[blockIndex * 16 + k] = out[k] }
            }
        }
    }

    static func byteLength(radix: Int, power: Int) -> Int {
        // bits of radix^v − 1, i.e. ⌈v·log2(radix)⌉ computed without floating point
        var bits = 0
        var acc: [UInt32] = [1]  // little-endian base 2^32 value of radix^power
        for _ in 0..<power {
            var carry: UInt64 = 0
            for k in 0..<acc.count {
                let prod = UInt64(acc[k]) * UInt64(radix) + carry
                acc[k] = UInt32(truncatingIfNeeded: prod)
                carry = prod >> 32
            }
            if carry > 0 { acc.append(UInt32(carry)) }
        }
        // radix^v − 1
        var k = 0
        while acc[k] == 0 { acc[k] = UInt32.max; k += 1 }
        acc[k] -= 1
        while acc.count > 1 && acc.last == 0 { acc.removeLast() }
        bits = (acc.count - 1) * 32 + (32 - acc.last!.leadingZeroBitCount)
        return (bits + 7) / 8
    }

    static func fitsMachineWords(radix: Int, v: Int) -> Bool {
        var value: UInt64 = 1
        for _ in 0..<v {
            let (r, overflow) = value.multipliedReportingOverflow(by: UInt64(radix))
            if overflow || r > UInt64(1) << 62 { return false }
            value = r
        }
        return true
    }
}

/// The numeral-string arithmetic FF1 needs: NUM_radix, STR_radix and (a ± y) mod radix^m.
protocol FF1Arithmetic {
    /// Writes [NUM_radix(x)]^bytes big-endian into `out` at `offset`.
    mutating func writeNum(_ x: [UInt16], bytes: Int, into out: inout [UInt8], at offset: Int) throws
    /// STR_radix^m((NUM_radix(x) ± NUM(y)) mod radix^m).
    mutating func combine(_ x: [UInt16], y: ArraySlice<UInt8>, m: Int, subtract: Bool) throws -> [UInt16]
}

/// Machine-integer arithmetic, valid while radix^v ≤ 2^62 (then b ≤ 8, d ≤ 12 and y < 2^96).
struct WordArithmetic: FF1Arithmetic {
    let radix: UInt64
    let modU: UInt128
    let modV: UInt128
    let u: Int

    init(radix: Int, u: Int, v: Int) {
        self.radix = UInt64(radix)
        self.u = u
        var pu: UInt64 = 1
        for _ in 0..<u { pu *= UInt64(radix) }
        var pv: UInt64 = 1
        for _ in 0..<v { pv *= UInt64(radix) }
        modU = UInt128(pu)
        modV = UInt128(pv)
    }

    func num(_ x: [UInt16]) -> UInt64 {
        var value: UInt64 = 0
        for d in x { value = value * radix + UInt64(d) }
        return value
    }

    func writeNum(_ x: [UInt16], bytes: Int, into out: inout [UInt8], at offset: Int) {
        var value = num(x)
        var k = offset + bytes - 1
        while k >= offset {
            out[k] = UInt8(value & 0xFF)
            value >>= 8
            k -= 1
        }
    }

    func combine(_ x: [UInt16], y: ArraySlice<UInt8>, m: Int, subtract: Bool) -> [UInt16] {
        let modulus = m == u ? modU : modV
        var yValue: UInt128 = 0
        for byte in y { yValue = (yValue << 8) | UInt128(byte) }
        let yMod = yValue % modulus
        let xValue = UInt128(num(x))
        var c = subtract ? (xValue + modulus - yMod) % modulus : (xValue + yMod) % modulus
        var out = [UInt16](repeating: 0, count: m)
        var k = m - 1
        while k >= 0 {
            out[k] = UInt16(c % UInt128(radix))
            c /= UInt128(radix)
            k -= 1
        }
        return out
    }
}

/// OpenSSL BIGNUM arithmetic for numeral strings of any length.
final class BigArithmetic: FF1Arithmetic {
    private let ctx: OpaquePointer
    private let radix: UInt
    private let u: Int
    private let modU: OpaquePointer
    private let modV: OpaquePointer
    private let value: OpaquePointer
    private let y: OpaquePointer

    init(radix: Int, u: Int, v: Int) throws {
        guard let ctx = BN_CTX_new(), let modU = BN_new(), let modV = BN_new(), let value = BN_new(), let y = BN_new() else {
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
    }

    deinit {
        BN_free(modU); BN_free(modV); BN_free(value); BN_free(y)
        BN_CTX_free(ctx)
    }

    private func load(_ x: [UInt16]) {
        BN_zero_ex(value)
        for d in x {
            BN_mul_word(value, UInt(radix))
            BN_add_word(value, UInt(d))
        }
    }

    func writeNum(_ x: [UInt16], bytes: Int, into out: inout [UInt8], at offset: Int) throws {
        load(x)
        let written = out.withUnsafeMutableBufferPointer { buf in
            BN_bn2binpad(value, buf.baseAddress! + offset, Int32(bytes))
        }
        if written != Int32(bytes) { throw CryptoError.openSSL(operation: "BN_bn2binpad") }
    }

    func combine(_ x: [UInt16], y bytes: ArraySlice<UInt8>, m: Int, subtract: Bool) throws -> [UInt16] {
        load(x)
        let ok = bytes.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, Int32($0.count), y) } != nil
        guard ok else { throw CryptoError.openSSL(operation: "BN_bin2bn") }
        let modulus = m == u ? modU : modV
        let combined = subtract ? BN_sub(value, value, y) : BN_add(value, value, y)
        guard combined == 1, BN_nnmod(value, value, modulus, ctx) == 1 else {
            throw CryptoError.openSSL(operation: "BN arithmetic")
        }
        var out = [UInt16](repeating: 0, count: m)
        var k = m - 1
        while k >= 0 {
            out[k] = UInt16(BN_div_word(value, UInt(radix)))
            k -= 1
        }
        return out
    }
}

/// An expanded AES encryption key (FIPS 197) for single-block encryption; read-only once built.
struct AESKeySchedule: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<AES_KEY>
    private let owner: Owner

    final class Owner: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<AES_KEY>
        init(_ p: UnsafeMutablePointer<AES_KEY>) { pointer = p }
        deinit {
            pointer.update(repeating: AES_KEY(), count: 1)
            pointer.deallocate()
        }
    }

    init(key: [UInt8]) throws {
        guard [16, 24, 32].contains(key.count) else {
            throw CryptoError.invalidKeyLength(algorithm: "AES", expected: "16, 24 or 32 bytes", actual: key.count)
        }
        storage = .allocate(capacity: 1)
        storage.initialize(to: AES_KEY())
        owner = Owner(storage)
        guard AES_set_encrypt_key(key, Int32(key.count * 8), storage) == 0 else {
            throw CryptoError.openSSL(operation: "AES_set_encrypt_key")
        }
    }

    func encryptBlock(_ input: [UInt8], into output: inout [UInt8]) {
        AES_encrypt(input, &output, storage)
    }
}
