import COpenSSL
import Foundation

/// AES encryption of whole 16-byte blocks (FIPS 197, the ECB mode of SP 800-38A) through OpenSSL's
/// EVP interface, which runs on AES-NI where the CPU has it.
///
/// An EVP context is mutable, so one must not be used by two threads at once. The cipher keeps the
/// keyed contexts it has made in a small pool: a caller borrows one for a whole computation (one FF1
/// value) and gives it back, so contexts and key schedules are made once per thread that uses the
/// cipher, not per value.
final class AESBlockCipher: @unchecked Sendable {
    // @unchecked: `idle` is guarded by `lock`; a borrowed context is used by one thread only.
    private let lock = NSLock()
    /// The keyed context new ones are copied from; never used to encrypt.
    private let template: OpaquePointer
    /// Contexts not borrowed now; the lock already makes access exclusive, so the runtime's own
    /// exclusivity checks are skipped.
    @exclusivity(unchecked) private var idle: [OpaquePointer] = []

    init(key: [UInt8]) throws {
        let cipher: OpaquePointer?
        switch key.count {
        case 16: cipher = EVP_aes_128_ecb()
        case 24: cipher = EVP_aes_192_ecb()
        case 32: cipher = EVP_aes_256_ecb()
        default:
            throw CryptoError.invalidKeyLength(algorithm: "AES", expected: "16, 24 or 32 bytes", actual: key.count)
        }
        guard let ctx = EVP_CIPHER_CTX_new() else { throw CryptoError.openSSL(operation: "EVP_CIPHER_CTX_new") }
        guard EVP_EncryptInit_ex(ctx, cipher, nil, key, nil) == 1, EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 else {
            EVP_CIPHER_CTX_free(ctx)
            throw CryptoError.openSSL(operation: "EVP_EncryptInit_ex")
        }
        template = ctx
    }

    deinit {
        // EVP_CIPHER_CTX_free clears the key schedule before releasing it.
        idle.forEach(EVP_CIPHER_CTX_free)
        EVP_CIPHER_CTX_free(template)
    }

    /// Runs `body` with a context of this key that no other thread uses meanwhile.
    func withEncryptor<R>(_ body: (Encryptor) throws -> R) throws -> R {
        lock.lock()
        var ctx = idle.popLast()
        if ctx == nil, let fresh = EVP_CIPHER_CTX_new() {
            if EVP_CIPHER_CTX_copy(fresh, template) == 1 { ctx = fresh } else { EVP_CIPHER_CTX_free(fresh) }
        }
        lock.unlock()
        guard let ctx else { throw CryptoError.openSSL(operation: "EVP_CIPHER_CTX_copy") }
        defer {
            lock.lock()
            idle.append(ctx)
            lock.unlock()
        }
        return try body(Encryptor(ctx: ctx))
    }

    /// A borrowed context: valid only inside ``AESBlockCipher/withEncryptor(_:)``.
    struct Encryptor {
        fileprivate let ctx: OpaquePointer

        /// Encrypts `blocks` consecutive 16-byte blocks from `input` to `output` (which may be the
        /// same memory).
        ///
        /// `EVP_Cipher` hands whole blocks straight to the provider's cipher, without the partial-block
        /// buffering of `EVP_EncryptUpdate` (ECB without padding never has a partial block); it
        /// returns the bytes written, or −1.
        func encrypt(_ input: UnsafePointer<UInt8>, to output: UnsafeMutablePointer<UInt8>, blocks: Int) throws {
            let length = UInt32(blocks * 16)
            guard EVP_Cipher(ctx, output, input, length) == Int32(length) else {
                throw CryptoError.openSSL(operation: "EVP_Cipher")
            }
        }
    }
}
