import COpenSSL

/// AES-256-GCM (NIST SP 800-38D) through OpenSSL's EVP interface: authenticated encryption of a
/// whole message under a 32-byte key, sealed as `IV (12 bytes) ‖ ciphertext ‖ tag (16 bytes)` with a
/// random IV per message. Opening checks the tag before returning anything.
public enum AESGCM {
    public static let ivBytes = 12
    public static let tagBytes = 16

    /// `plaintext` sealed under `key` with a fresh random IV.
    /// - Throws: `CryptoError.invalidKeyLength` for a key other than 32 bytes; `.openSSL`.
    public static func seal(_ plaintext: [UInt8], key: [UInt8]) throws -> [UInt8] {
        var iv = [UInt8](repeating: 0, count: ivBytes)
        guard RAND_bytes(&iv, Int32(ivBytes)) == 1 else { throw CryptoError.openSSL(operation: "RAND_bytes") }
        return try seal(plaintext, key: key, iv: iv)
    }

    /// `plaintext` sealed under `key` and the given 12-byte `iv` (which must never repeat under one
    /// key: callers other than the standard's test vectors use `seal(_:key:)`).
    static func seal(_ plaintext: [UInt8], key: [UInt8], iv: [UInt8]) throws -> [UInt8] {
        try withContext(key: key, iv: iv, encrypting: true) { ctx in
            var out = [UInt8](repeating: 0, count: plaintext.count + tagBytes)
            var written: Int32 = 0
            var final: Int32 = 0
            let ok = out.withUnsafeMutableBufferPointer { buffer in
                plaintext.withUnsafeBufferPointer { input in
                    EVP_EncryptUpdate(ctx, buffer.baseAddress, &written, input.baseAddress, Int32(input.count)) == 1
                        && EVP_EncryptFinal_ex(ctx, buffer.baseAddress! + Int(written), &final) == 1
                        && EVP_CIPHER_CTX_ctrl(
                            ctx, EVP_CTRL_GCM_GET_TAG, Int32(tagBytes), buffer.baseAddress! + plaintext.count) == 1
                }
            }
            guard ok, Int(written + final) == plaintext.count else {
                throw CryptoError.openSSL(operation: "EVP_EncryptUpdate (AES-256-GCM)")
            }
            return iv + out
        }
    }

    /// The plaintext of `sealed`, once its tag verifies under `key`.
    /// - Throws: `CryptoError.authenticationFailed` when it is too short, was changed, or was sealed
    ///   under another key; `.invalidKeyLength`; `.openSSL`.
    public static func open(_ sealed: [UInt8], key: [UInt8]) throws -> [UInt8] {
        guard sealed.count >= ivBytes + tagBytes else { throw CryptoError.authenticationFailed }
        let iv = Array(sealed[..<ivBytes])
        var tag = Array(sealed[(sealed.count - tagBytes)...])
        let ciphertext = Array(sealed[ivBytes..<(sealed.count - tagBytes)])
        return try withContext(key: key, iv: iv, encrypting: false) { ctx in
            var out = [UInt8](repeating: 0, count: ciphertext.count + 1)
            var written: Int32 = 0
            var final: Int32 = 0
            let updated = out.withUnsafeMutableBufferPointer { buffer in
                ciphertext.withUnsafeBufferPointer { input in
                    EVP_DecryptUpdate(ctx, buffer.baseAddress, &written, input.baseAddress, Int32(input.count)) == 1
                }
            }
            guard updated, EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, Int32(tagBytes), &tag) == 1 else {
                throw CryptoError.openSSL(operation: "EVP_DecryptUpdate (AES-256-GCM)")
            }
            let verified = out.withUnsafeMutableBufferPointer { buffer in
                EVP_DecryptFinal_ex(ctx, buffer.baseAddress! + Int(written), &final) == 1
            }
            guard verified else { throw CryptoError.authenticationFailed }
            return Array(out[..<Int(written + final)])
        }
    }

    private static func withContext<R>(
        key: [UInt8], iv: [UInt8], encrypting: Bool, _ body: (OpaquePointer) throws -> R
    ) throws -> R {
        guard key.count == 32 else {
            throw CryptoError.invalidKeyLength(algorithm: "AES-256-GCM", expected: "32 bytes", actual: key.count)
        }
        guard let ctx = EVP_CIPHER_CTX_new() else { throw CryptoError.openSSL(operation: "EVP_CIPHER_CTX_new") }
        // EVP_CIPHER_CTX_free clears the key schedule before releasing it.
        defer { EVP_CIPHER_CTX_free(ctx) }
        let initialised =
            encrypting
            ? EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nil, key, iv)
            : EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nil, key, iv)
        guard iv.count == ivBytes, initialised == 1 else {
            throw CryptoError.openSSL(operation: "EVP_CipherInit_ex (AES-256-GCM)")
        }
        return try body(ctx)
    }
}
