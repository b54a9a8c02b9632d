import COpenSSL
import Foundation

/// Streaming SHA-256 (FIPS 180-4) on OpenSSL, for content digests of tables, files and evidence.
public struct SHA256Hasher: ~Copyable {
    private var ctx = SHA256_CTX()

    public init() {
        SHA256_Init(&ctx)
    }

    /// Feeds bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        SHA256_Update(&ctx, base, bytes.count)
    }

    /// Feeds bytes.
    public mutating func update<C: ContiguousBytes>(_ bytes: C) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of everything fed; consumes the hasher.
    public consuming func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        SHA256_Final(&out, &ctx)
        return out
    }

    /// SHA-256 of `bytes` in one call.
    public static func digest<C: ContiguousBytes>(_ bytes: C) -> [UInt8] {
        var h = SHA256Hasher()
        h.update(bytes)
        return h.finalize()
    }

    /// SHA-256 of `bytes`, held inline (no allocation): for digests taken per row.
    public static func digest(of bytes: UnsafeRawBufferPointer) -> SIMD32<UInt8> {
        // The low-level calls on a context on the stack: OpenSSL 3's one-shot `SHA256()` fetches the
        // algorithm from its provider (taking a lock) on every call.
        var ctx = SHA256_CTX()
        SHA256_Init(&ctx)
        if let base = bytes.baseAddress { SHA256_Update(&ctx, base, bytes.count) }
        var out = SIMD32<UInt8>()
        _ = withUnsafeMutableBytes(of: &out) { SHA256_Final($0.baseAddress!.assumingMemoryBound(to: UInt8.self), &ctx) }
        return out
    }
}
