import COpenSSL
import CleanroomCore

/// Failures reading a PEM-encoded key. Messages never include key material.
public enum PEMError: CleanroomError, Equatable {
    /// No key of the expected PEM kind could be parsed (wrong block, damaged base64, or an encrypted key).
    case unreadable(expected: String)
    /// The PEM holds a key of another algorithm.
    case notEd25519(expected: String)

    public var exitStatus: ExitStatus { .usage }

    public var description: String {
        switch self {
        case .unreadable(let expected):
            return
                "no \(expected) could be read: the text is not PEM of that kind, is damaged, or is encrypted (Cleanroom reads only unencrypted keys)"
        case .notEd25519(let expected):
            return
                "the \(expected) is not an Ed25519 key; create one with `cleanroom keys init` or `openssl genpkey -algorithm ed25519`"
        }
    }
}

extension Ed25519PrivateKey {
    static let pemKind = "PKCS#8 private key (-----BEGIN PRIVATE KEY-----)"

    /// The key as unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), as `openssl pkey` and Python
    /// `cryptography` read it. The text is secret: write it only to a file of mode 0600.
    public func pkcs8PEM() throws -> String {
        guard let pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, seed, seed.count) else {
            throw CryptoError.openSSL(operation: "EVP_PKEY_new_raw_private_key")
        }
        defer { EVP_PKEY_free(pkey) }
        return try MemoryBIO.writePEM(operation: "PEM_write_bio_PrivateKey") { bio in
            PEM_write_bio_PrivateKey(bio, pkey, nil, nil, 0, nil, nil)
        }
    }

    /// Reads an unencrypted PKCS#8 PEM Ed25519 private key.
    public init(pkcs8PEM pem: String) throws {
        let pkey = try MemoryBIO.readPEM(pem, expected: Self.pemKind) { bio in
            // A callback that supplies no passphrase: an encrypted key fails instead of prompting on a terminal.
            PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        defer { EVP_PKEY_free(pkey) }
        var seed = [UInt8](repeating: 0, count: 32)
        var length = seed.count
        guard EVP_PKEY_get_raw_private_key(pkey, &seed, &length) == 1, length == 32 else {
            throw CryptoError.openSSL(operation: "EVP_PKEY_get_raw_private_key")
        }
        try self.init(seed: seed)
    }
}

extension Ed25519PublicKey {
    static let pemKind = "SubjectPublicKeyInfo public key (-----BEGIN PUBLIC KEY-----)"

    /// The key as SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`).
    public func subjectPublicKeyInfoPEM() throws -> String {
        guard let pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, raw, raw.count) else {
            throw CryptoError.openSSL(operation: "EVP_PKEY_new_raw_public_key")
        }
        defer { EVP_PKEY_free(pkey) }
        return try MemoryBIO.writePEM(operation: "PEM_write_bio_PUBKEY") { bio in
            PEM_write_bio_PUBKEY(bio, pkey)
        }
    }

    /// Reads a SubjectPublicKeyInfo PEM Ed25519 public key.
    public init(subjectPublicKeyInfoPEM pem: String) throws {
        let pkey = try MemoryBIO.readPEM(pem, expected: Self.pemKind) { bio in
            PEM_read_bio_PUBKEY(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        defer { EVP_PKEY_free(pkey) }
        var raw = [UInt8](repeating: 0, count: 32)
        var length = raw.count
        guard EVP_PKEY_get_raw_public_key(pkey, &raw, &length) == 1, length == 32 else {
            throw CryptoError.openSSL(operation: "EVP_PKEY_get_raw_public_key")
        }
        try self.init(raw: raw)
    }
}

/// OpenSSL memory BIOs as the bridge between PEM text and `EVP_PKEY`.
private enum MemoryBIO {
    /// Runs `write` on an empty memory BIO and returns what it wrote; the buffer is zeroed afterwards.
    static func writePEM(operation: String, _ write: (OpaquePointer) -> Int32) throws -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw CryptoError.openSSL(operation: "BIO_new") }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else {
            ERR_clear_error()
            throw CryptoError.openSSL(operation: operation)
        }
        var buffer = [UInt8](repeating: 0, count: BIO_ctrl_pending(bio))
        let count = BIO_read(bio, &buffer, Int32(buffer.count))
        defer { for i in buffer.indices { buffer[i] = 0 } }
        guard count == Int32(buffer.count) else { throw CryptoError.openSSL(operation: "BIO_read") }
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Runs `read` on a memory BIO over `pem`; the key must be Ed25519. The caller frees the result.
    static func readPEM(
        _ pem: String, expected: String, _ read: (OpaquePointer) -> OpaquePointer?
    ) throws -> OpaquePointer {
        var bytes = Array(pem.utf8)
        defer { for i in bytes.indices { bytes[i] = 0 } }
        let parsed: OpaquePointer? = try bytes.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else {
                throw CryptoError.openSSL(operation: "BIO_new_mem_buf")
            }
            defer { BIO_free(bio) }
            return read(bio)
        }
        guard let pkey = parsed else {
            ERR_clear_error()
            throw PEMError.unreadable(expected: expected)
        }
        guard EVP_PKEY_get_id(pkey) == EVP_PKEY_ED25519 else {
            EVP_PKEY_free(pkey)
            throw PEMError.notEd25519(expected: expected)
        }
        return pkey
    }
}
