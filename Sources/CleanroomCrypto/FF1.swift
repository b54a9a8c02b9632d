/// NIST SP 800-38G (Rev. 1) FF1 format-preserving encryption over AES, on numeral strings.
///
/// Numerals are integers below `radix`. Inputs must satisfy the standard's minimum domain,
/// radix^length ≥ 1,000,000. AES runs through OpenSSL's EVP interface (AES-NI where available) on
/// contexts keyed once and reused, so one value can be shared between threads. When radix^⌈n/2⌉ fits
/// in 64 bits the halves are machine integers; longer inputs use OpenSSL's BIGNUM, and both paths are
/// the same algorithm. Nothing is allocated per round.
public struct FF1: Sendable {
    /// The smallest domain SP 800-38G Rev. 1 allows.
    public static let minimumDomain = 1_000_000
    /// The longest numeral string accepted (a bound on cost, far beyond any column value).
    public static let maximumLength = 4096

    public let radix: Int
    /// The shortest length whose domain meets the minimum for this radix.
    public let minimumLength: Int
    private let aes: AESBlockCipher
    /// By length from `minimumLength` on, while the halves are machine words (and at most
    /// `layoutLengths` of them): what the rounds need that depends on the length alone.
    private let layouts: [Layout]

    /// How many lengths get a precomputed ``Layout``: column values are far shorter.
    private static let layoutLengths = 64

    /// The halves' arithmetic of one length and, for the empty tweak (the one transforms use),
    /// CIPH(P): both are the same for every value of that length.
    private struct Layout: Sendable {
        let arithmetic: WordArithmetic
        let cipheredP: SIMD16<UInt8>
    }

    /// Prepares FF1 with a 16, 24 or 32-byte AES key.
    public init(key: [UInt8], radix: Int) throws {
        guard (2...65536).contains(radix) else { throw CryptoError.ff1InvalidRadix(radix) }
        self.radix = radix
        var n = 1
        var domain = radix
        while domain < FF1.minimumDomain {
            domain *= radix
            n += 1
        }
        minimumLength = n
        let aes = try AESBlockCipher(key: key)
        var layouts: [Layout] = []
        while layouts.count < FF1.layoutLengths, let arithmetic = WordArithmetic(radix: radix, u: n / 2, v: n - n / 2) {
            var p = SIMD16<UInt8>()
            try withUnsafeMutableBytes(of: &p) { block in
                let p = block.baseAddress!.assumingMemoryBound(to: UInt8.self)
                FF1.writeP(radix: radix, u: n / 2, n: n, t: 0, to: p)
                try aes.withEncryptor { try $0.encrypt(p, to: p, blocks: 1) }
            }
            layouts.append(Layout(arithmetic: arithmetic, cipheredP: p))
            n += 1
        }
        self.aes = aes
        self.layouts = layouts
    }

    /// Encrypts `numerals` under `tweak` (FF1.Encrypt, Algorithm 7).
    public func encrypt(_ numerals: [UInt16], tweak: [UInt8] = []) throws -> [UInt16] {
        var x = numerals
        try x.withUnsafeMutableBufferPointer { x in
            try tweak.withUnsafeBytes { try run(x, tweak: $0, decrypting: false) }
        }
        return x
    }

    /// Decrypts `numerals` under `tweak` (FF1.Decrypt, Algorithm 8).
    public func decrypt(_ numerals: [UInt16], tweak: [UInt8] = []) throws -> [UInt16] {
        var x = numerals
        try x.withUnsafeMutableBufferPointer { x in
            try tweak.withUnsafeBytes { try run(x, tweak: $0, decrypting: true) }
        }
        return x
    }

    /// Encrypts `numerals` in place under `tweak`, for callers that keep their own buffers.
    public func encrypt(_ numerals: UnsafeMutableBufferPointer<UInt16>, tweak: UnsafeRawBufferPointer) throws {
        try run(numerals, tweak: tweak, decrypting: false)
    }

    /// Decrypts `numerals` in place under `tweak`.
    public func decrypt(_ numerals: UnsafeMutableBufferPointer<UInt16>, tweak: UnsafeRawBufferPointer) throws {
        try run(numerals, tweak: tweak, decrypting: true)
    }

    private func run(_ x: UnsafeMutableBufferPointer<UInt16>, tweak: UnsafeRawBufferPointer, decrypting: Bool) throws {
        let n = x.count
        guard n >= minimumLength else { throw CryptoError.ff1DomainTooSmall(radix: radix, length: n) }
        guard n <= FF1.maximumLength else { throw CryptoError.ff1InputTooLong(length: n, maximum: FF1.maximumLength) }
        for d in x where Int(d) >= radix { throw CryptoError.ff1InvalidRadix(radix) }
        let u = n / 2
        let v = n - u
        if n - minimumLength < layouts.count {
            let layout = layouts[n - minimumLength]
            try rounds(
                x, tweak: tweak, decrypting: decrypting, arithmetic: layout.arithmetic,
                cipheredP: tweak.isEmpty ? layout.cipheredP : nil)
        } else if let words = WordArithmetic(radix: radix, u: u, v: v) {
            try rounds(x, tweak: tweak, decrypting: decrypting, arithmetic: words, cipheredP: nil)
        } else {
            try rounds(
                x, tweak: tweak, decrypting: decrypting, arithmetic: BigArithmetic(radix: radix, u: u, v: v),
                cipheredP: nil)
        }
    }

    /// P = [1]¹ [2]¹ [1]¹ [radix]³ [10]¹ [u mod 256]¹ [n]⁴ [t]⁴, to the 16 bytes at `out`.
    private static func writeP(radix: Int, u: Int, n: Int, t: Int, to out: UnsafeMutablePointer<UInt8>) {
        out[0] = 1; out[1] = 2; out[2] = 1
        writeBigEndian(radix, bytes: 3, to: out + 3)
        out[6] = 10
        out[7] = UInt8(truncatingIfNeeded: u)
        writeBigEndian(n, bytes: 4, to: out + 8)
        writeBigEndian(t, bytes: 4, to: out + 12)
    }

    /// Steps 1–7 of Algorithms 7 and 8: ten Feistel rounds over the halves of `x`, written back to `x`;
    /// `cipheredP` is CIPH(P) when already known.
    private func rounds<A: FF1Arithmetic>(
        _ x: UnsafeMutableBufferPointer<UInt16>, tweak: UnsafeRawBufferPointer,
        decrypting: Bool, arithmetic: A, cipheredP: SIMD16<UInt8>?
    ) throws {
        let n = x.count
        let u = n / 2
        let v = n - u
        let b = arithmetic.byteLength
        let d = 4 * ((b + 3) / 4) + 4
        let t = tweak.count
        // Q = T ‖ [0]^((−t−b−1) mod 16) ‖ [i]¹ ‖ [NUM(B)]^b; S takes ⌈d/16⌉ blocks.
        let pad = ((-t - b - 1) % 16 + 16) % 16
        let qLength = t + pad + 1 + b
        let roundByte = t + pad
        let sBlocks = (d + 15) / 16
        try aes.withEncryptor { aes in
            try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32 + qLength + 16 * sBlocks) { buffer in
                let chained = buffer.baseAddress!  // the CBC-MAC state after P and Q's fixed blocks
                let y = chained + 16  // the chain through a round's Q, then R
                let q = y + 16
                let s = q + qLength
                if let cipheredP {
                    UnsafeMutableRawPointer(chained).storeBytes(of: cipheredP, as: SIMD16<UInt8>.self)
                } else {
                    Self.writeP(radix: radix, u: u, n: n, t: t, to: chained)
                    try aes.encrypt(chained, to: chained, blocks: 1)
                }
                // The blocks of Q before the round number hold only T and padding, the same in every
                // round: they are chained once.
                q.initialize(repeating: 0, count: qLength)
                if let tweakBytes = tweak.baseAddress {
                    q.update(from: tweakBytes.assumingMemoryBound(to: UInt8.self), count: t)
                }
                let fixedBlocks = roundByte / 16
                for block in 0..<fixedBlocks { try chain(chained, q + 16 * block, aes) }
                // When [i]¹ ‖ [NUM(B)]^b fits the last 8 bytes of Q (b ≤ 7), Q's last block is the only
                // one a round changes: chained ⊕ that block, without the round's bytes (still zero in
                // q), taken as two words here, and each round XORs its bytes in as a register. Bytes
                // written one by one and read back as a block would stall that load on the stores.
                let lastBlock = UnsafeRawPointer(q + qLength - 16)
                let chainedWords = UnsafeRawPointer(chained)
                let head = chainedWords.loadUnaligned(as: UInt64.self) ^ lastBlock.loadUnaligned(as: UInt64.self)
                let tail =
                    chainedWords.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    ^ lastBlock.loadUnaligned(fromByteOffset: 8, as: UInt64.self)

                var a = arithmetic.load(x[0..<u])
                var bHalf = arithmetic.load(x[u..<n])
                for step in 0..<10 {
                    let i = decrypting ? 9 - step : step
                    let numerals = decrypting ? a : bHalf
                    // R = PRF(P ‖ Q): CBC-MAC from the chained prefix; S = R ‖ CIPH(R ⊕ [1]¹⁶) ‖ …
                    if let word = arithmetic.numWord(numerals) {
                        let roundBytes = (UInt64(i) << (8 * b) | word).bigEndian
                        UnsafeMutableRawPointer(y).storeBytes(
                            of: SIMD2(head, tail ^ roundBytes), as: SIMD2<UInt64>.self)
                        try aes.encrypt(y, to: y, blocks: 1)
                    } else {
                        q[roundByte] = UInt8(i)
                        try arithmetic.writeNum(numerals, to: q + roundByte + 1)
                        y.update(from: chained, count: 16)
                        for block in fixedBlocks..<(qLength / 16) { try chain(y, q + 16 * block, aes) }
                    }
                    s.update(from: y, count: 16)
                    if sBlocks > 1 {
                        for j in 1..<sBlocks {
                            let block = s + 16 * j
                            block.update(from: y, count: 16)
                            var counter = j
                            var k = 15
                            while counter > 0 {
                                block[k] ^= UInt8(truncatingIfNeeded: counter)
                                counter >>= 8
                                k -= 1
                            }
                        }
                        try aes.encrypt(s + 16, to: s + 16, blocks: sBlocks - 1)
                    }
                    // y = NUM(S[0..<d]); m = u for even rounds, v for odd ones.
                    let m = i % 2 == 0 ? u : v
                    let yBytes = UnsafeBufferPointer(start: s, count: d)
                    if decrypting {
                        let c = try arithmetic.combine(bHalf, y: yBytes, m: m, subtract: true)
                        bHalf = a
                        a = c
                    } else {
                        let c = try arithmetic.combine(a, y: yBytes, m: m, subtract: false)
                        a = bHalf
                        bHalf = c
                    }
                }
                var left = x[0..<u]
                var right = x[u..<n]
                arithmetic.store(a, into: &left)
                arithmetic.store(bHalf, into: &right)
            }
        }
    }

    /// [value]^bytes: the low `bytes` bytes of `value`, big-endian.
    private static func writeBigEndian(_ value: Int, bytes: Int, to out: UnsafeMutablePointer<UInt8>) {
        for k in 0..<bytes { out[k] = UInt8(truncatingIfNeeded: value &>> (8 * (bytes - 1 - k))) }
    }

    /// One CBC-MAC step: y = CIPH(y ⊕ block).
    @inline(__always)
    private func chain(
        _ y: UnsafeMutablePointer<UInt8>, _ block: UnsafeMutablePointer<UInt8>, _ aes: AESBlockCipher.Encryptor
    ) throws {
        for k in 0..<16 { y[k] ^= block[k] }
        try aes.encrypt(y, to: y, blocks: 1)
    }
}
