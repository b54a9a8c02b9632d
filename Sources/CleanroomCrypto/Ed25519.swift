import COpenSSL

/// An Ed25519 (RFC 8032) private key held as its 32-byte seed, signing through OpenSSL.
public struct Ed25519PrivateKey: Sendable {
    /// The 32-byte secret seed. Treat as secret: never log or print it.
    public let seed: [UInt8]

    /// Wraps an existing 32-byte seed.
    public init(seed: [UInt8]) throws {
        guard seed.count == 32 else {
            throw CryptoError.invalidKeyLength(algorithm: "Ed25519 private", expected: "32 bytes", actual: seed.count)
        }
        self.seed = seed
    }

    /// A new random key.
    public static func generate() throws -> Ed25519PrivateKey {
        try Ed25519PrivateKey(seed: SecureRandom.bytes(32))
    }

    /// The matching public key.
    public func publicKey() throws -> Ed25519PublicKey {
        let pkey = try withPKey { $0 }
        defer { EVP_PKEY_free(pkey) }
        var out = [UInt8](repeating: 0, count: 32)
        var len = 32
        guard EVP_PKEY_get_raw_public_key(pkey, &out, &len) == 1, len == 32 else {
            throw CryptoError.openSSL(operation: "EVP_PKEY_get_raw_public_key")
        }
        return try Ed25519PublicKey(raw: out)
    }

    /// The deterministic signature of `message`.
    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        let pkey = try withPKey { $0 }
        defer { EVP_PKEY_free(pkey) }
        guard let md = EVP_MD_CTX_new() else { throw CryptoError.openSSL(operation: "EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(md) }
        guard EVP_DigestSignInit(md, nil, nil, nil, pkey) == 1 else {
            throw CryptoError.openSSL(operation: "EVP_DigestSignInit")
        }
        var sig = [UInt8](repeating: 0, count: 64)
        var sigLen = 64
        let ok = message.withUnsafeBufferPointer { m in
            EVP_DigestSign(md, &sig, &sigLen, m.baseAddress, m.count)
        }
        guard ok == 1, sigLen == 64 else { throw CryptoError.openSSL(operation: "EVP_DigestSign") }
        return sig
    }

    private func withPKey<R>(_ body: (OpaquePointer) -> R) throws -> R {
        guard let pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, seed, seed.count) else {
            throw CryptoError.openSSL(operation: "EVP_PKEY_new_raw_private_key")
        }
        return body(pkey)
    }
}

/// An Ed25519 public key (32 bytes), verifying through OpenSSL.
public struct Ed25519PublicKey: Sendable, Hashable {
    public let raw: [UInt8]

    public init(raw: [UInt8]) throws {
        guard raw.count == 32 else {
            throw CryptoError.invalidKeyLength(algorithm: "Ed25519 public", expected: "32 bytes", actual: raw.count)
        }
        self.raw = raw
    }

    /// Whether `signature` is a valid signature of `message` under this key.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == 64,
            let pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, raw, raw.count)
        else { return false }
        defer { EVP_PKEY_free(pkey) }
        guard let md = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(md) }
        guard EVP_DigestVerifyInit(md, nil, nil, nil, pkey) == 1 else { return false }
        return message.withUnsafeBufferPointer { m in
            EVP_DigestVerify(md, signature, signature.count, m.baseAddress, m.count)
        } == 1
    }
}
