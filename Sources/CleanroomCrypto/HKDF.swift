import COpenSSL
import Foundation

/// HKDF-SHA256 (RFC 5869) through OpenSSL's EVP_KDF, for per-environment key scopes.
public enum HKDF {
    /// Derives `length` bytes from `key` with `salt` and `info`.
    public static func sha256(key: [UInt8], salt: [UInt8], info: [UInt8], length: Int) throws -> [UInt8] {
        guard let kdf = EVP_KDF_fetch(nil, "HKDF", nil) else {
            throw CryptoError.openSSL(operation: "EVP_KDF_fetch(HKDF)")
        }
        defer { EVP_KDF_free(kdf) }
        guard let ctx = EVP_KDF_CTX_new(kdf) else { throw CryptoError.openSSL(operation: "EVP_KDF_CTX_new") }
        defer { EVP_KDF_CTX_free(ctx) }
        var out = [UInt8](repeating: 0, count: length)
        var keyCopy = key
        var saltCopy = salt
        var infoCopy = info
        // OSSL_PARAM keeps pointers to its names, so they must outlive the call: C strings owned here.
        let names = [OSSL_KDF_PARAM_DIGEST, OSSL_KDF_PARAM_KEY, OSSL_KDF_PARAM_SALT, OSSL_KDF_PARAM_INFO, "SHA256"].map
        { (name: String) in strdup(name)! }
        defer { names.forEach { free($0) } }
        let status: Int32 = {
            keyCopy.withUnsafeMutableBytes { k in
                saltCopy.withUnsafeMutableBytes { s in
                    infoCopy.withUnsafeMutableBytes { i in
                        var params: [OSSL_PARAM] = [
                            OSSL_PARAM_construct_utf8_string(names[0], names[4], 0),
                            OSSL_PARAM_construct_octet_string(names[1], k.baseAddress, k.count),
                            OSSL_PARAM_construct_octet_string(names[2], s.baseAddress, s.count),
                            OSSL_PARAM_construct_octet_string(names[3], i.baseAddress, i.count),
                            OSSL_PARAM_construct_end(),
                        ]
                        return EVP_KDF_derive(ctx, &out, length, &params)
                    }
                }
            }
        }()
        for i in keyCopy.indices { keyCopy[i] = 0 }
        guard status == 1 else { throw CryptoError.openSSL(operation: "EVP_KDF_derive(HKDF)") }
        return out
    }
}

/// Cryptographically secure random bytes from OpenSSL's DRBG.
public enum SecureRandom {
    /// `count` random bytes.
    public static func bytes(_ count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&out, Int32(count)) == 1 else { throw CryptoError.openSSL(operation: "RAND_bytes") }
        return out
    }
}
