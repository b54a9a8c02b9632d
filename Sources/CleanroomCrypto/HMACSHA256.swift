import COpenSSL
import Foundation

/// HMAC-SHA256 (RFC 2104, FIPS 198-1) with the keyed state computed once.
///
/// `init` absorbs `key ⊕ ipad` (and an optional message prefix, such as a transform's domain) into the
/// inner SHA-256 state and `key ⊕ opad` into the outer one. Each `mac` then copies those two states
/// (plain structs, no allocation) and runs only the compressions the value itself needs: about two for
/// a short value, as HMAC's definition allows.
public struct HMACSHA256: Sendable {
    private var inner = SHA256_CTX()
    private var outer = SHA256_CTX()

    /// Prepares HMAC under `key`, with `prefix` already absorbed as the start of every message.
    public init<K: ContiguousBytes>(key: K, prefix: [UInt8] = []) {
        var block = [UInt8](repeating: 0, count: 64)
        key.withUnsafeBytes { k in
            if k.count > 64 {
                let d = SHA256Hasher.digest(k)
                block.replaceSubrange(0..<32, with: d)
            } else if k.count > 0 {
                block.replaceSubrange(0..<k.count, with: k)
            }
        }
        var ipad = block.map { $0 ^ 0x36 }
        var opad = block.map { $0 ^ 0x5C }
        SHA256_Init(&inner)
        SHA256_Update(&inner, &ipad, 64)
        if !prefix.isEmpty { SHA256_Update(&inner, prefix, prefix.count) }
        SHA256_Init(&outer)
        SHA256_Update(&outer, &opad, 64)
        for i in 0..<64 {
            ipad[i] = 0
            opad[i] = 0
            block[i] = 0
        }
    }

    /// A hasher for `prefix ‖ domain ‖ 0x00 ‖ value` messages: domain separation as DESIGN §4 defines.
    public func withDomain(_ domain: String) -> HMACSHA256 {
        var copy = self
        var bytes = Array(domain.utf8)
        bytes.append(0)
        SHA256_Update(&copy.inner, bytes, bytes.count)
        return copy
    }

    /// The MAC of the prefix followed by `message`, written to `out` (32 bytes).
    @inlinable
    public func mac(_ message: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) {
        macImpl(message, out)
    }

    /// The MAC of the prefix followed by `message`, held inline: nothing is allocated, which is what
    /// per-value callers want.
    @inlinable
    public func mac(of message: UnsafeRawBufferPointer) -> SIMD32<UInt8> {
        var tag = SIMD32<UInt8>()
        withUnsafeMutableBytes(of: &tag) { macImpl(message, $0) }
        return tag
    }

    /// The MAC of the prefix followed by `message`, held inline.
    @inlinable
    public func mac(of message: [UInt8]) -> SIMD32<UInt8> {
        message.withUnsafeBytes { mac(of: $0) }
    }

    @usableFromInline
    func macImpl(_ message: UnsafeRawBufferPointer, _ out: UnsafeMutableRawBufferPointer) {
        precondition(out.count >= 32)
        var i = inner
        var o = outer
        if let base = message.baseAddress, message.count > 0 { SHA256_Update(&i, base, message.count) }
        let p = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
        SHA256_Final(p, &i)
        SHA256_Update(&o, p, 32)
        SHA256_Final(p, &o)
    }

    /// The MAC of the prefix followed by `message`.
    public func mac<M: ContiguousBytes>(_ message: M) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        message.withUnsafeBytes { m in out.withUnsafeMutableBytes { macImpl(m, $0) } }
        return out
    }
}
