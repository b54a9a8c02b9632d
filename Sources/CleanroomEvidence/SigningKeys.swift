import CleanroomCore
import CleanroomCrypto
import Foundation

extension Ed25519PublicKey {
    /// The key id evidence records: lower-case hex SHA-256 of the raw 32-byte public key (RFC 8032 encoding).
    ///
    /// Anyone can recompute it from `signing.pub`; the raw key is the last 32 bytes of the DER form:
    /// `openssl pkey -pubin -in signing.pub -outform DER | tail -c 32 | sha256sum`.
    public var keyID: String { Hex.encode(SHA256Hasher.digest(raw)) }
}

/// Where `SigningKeys.generate` wrote a new key pair, and the key's id.
public struct SigningKeyFiles: Sendable, Equatable {
    /// The PKCS#8 PEM private key, mode 0600.
    public var privateKeyPath: String
    /// The SubjectPublicKeyInfo PEM public key, mode 0644: give it to verifiers.
    public var publicKeyPath: String
    /// `Ed25519PublicKey.keyID` of the pair.
    public var keyID: String
}

/// The evidence signing key pair on disk: `signing.key` (PKCS#8 PEM, owner-only) and `signing.pub`
/// (SubjectPublicKeyInfo PEM), both readable by `openssl pkey` and Python `cryptography`.
public enum SigningKeys {
    public static let privateKeyFileName = "signing.key"
    public static let publicKeyFileName = "signing.pub"

    /// The public key file kept beside the private key file `path`, named as `generate` names a pair:
    /// a final `.key` replaced by `.pub` (`signing.key` → `signing.pub`), else `.pub` appended.
    public static func publicKeyPath(besidePrivateKey path: String) -> String {
        (path.hasSuffix(".key") ? String(path.dropLast(4)) : path) + ".pub"
    }

    /// Creates a new Ed25519 key pair in `directory` (created with mode 0700 when missing).
    ///
    /// Refuses to overwrite: if either file already exists nothing is written.
    @discardableResult
    public static func generate(directory: String) throws -> SigningKeyFiles {
        let directoryURL = URL(fileURLWithPath: directory)
        let privatePath = directoryURL.appendingPathComponent(privateKeyFileName).path
        let publicPath = directoryURL.appendingPathComponent(publicKeyFileName).path
        do {
            try FileManager.default.createDirectory(
                at: directoryURL, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        } catch {
            throw SigningKeyError.io(
                path: directory, message: "cannot create the directory: \(error.localizedDescription)")
        }
        for path in [privatePath, publicPath] where FileManager.default.fileExists(atPath: path) {
            throw SigningKeyError.keyFileExists(path: path)
        }
        let key = try Ed25519PrivateKey.generate()
        let publicKey = try key.publicKey()
        try createFile(privatePath, contents: key.pkcs8PEM(), mode: 0o600)
        do {
            try createFile(publicPath, contents: publicKey.subjectPublicKeyInfoPEM(), mode: 0o644)
        } catch {
            unlink(privatePath)
            throw error
        }
        return SigningKeyFiles(privateKeyPath: privatePath, publicKeyPath: publicPath, keyID: publicKey.keyID)
    }

    /// Reads the private key at `path`, refusing a file that group or others can read.
    public static func loadPrivate(path: String) throws -> Ed25519PrivateKey {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw SigningKeyError.missing(path: path) }
            throw SigningKeyError.io(path: path, message: String(cString: strerror(errno)))
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw SigningKeyError.io(path: path, message: String(cString: strerror(errno)))
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw SigningKeyError.privateKeyExposed(path: path, mode: String(mode, radix: 8))
        }
        let pem = try read(handle, path: path)
        do {
            return try Ed25519PrivateKey(pkcs8PEM: pem)
        } catch let error as PEMError {
            throw SigningKeyError.unreadable(path: path, reason: error.description)
        }
    }

    /// Reads the public key at `path`.
    public static func loadPublic(path: String) throws -> Ed25519PublicKey {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SigningKeyError.io(
                path: path, message: "cannot open the file (does it exist? `cleanroom keys init` creates it)")
        }
        let pem = try read(handle, path: path)
        do {
            return try Ed25519PublicKey(subjectPublicKeyInfoPEM: pem)
        } catch let error as PEMError {
            throw SigningKeyError.unreadable(path: path, reason: error.description)
        }
    }

    private static func read(_ handle: FileHandle, path: String) throws -> String {
        do {
            return String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        } catch {
            throw SigningKeyError.io(path: path, message: error.localizedDescription)
        }
    }

    /// Creates `path` exclusively with exactly `mode` (whatever the umask), writes `contents` and syncs it.
    private static func createFile(_ path: String, contents: String, mode: mode_t) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else {
            if errno == EEXIST { throw SigningKeyError.keyFileExists(path: path) }
            throw SigningKeyError.io(path: path, message: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var bytes = Array(contents.utf8)
        defer { for i in bytes.indices { bytes[i] = 0 } }
        let complete =
            fchmod(fd, mode) == 0
            && bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count
            && fsync(fd) == 0
        guard complete else {
            let message = String(cString: strerror(errno))
            unlink(path)
            throw SigningKeyError.io(path: path, message: message)
        }
    }
}

/// Failures of signing-key files. Messages name the file and never include key material.
public enum SigningKeyError: CleanroomError, Equatable {
    /// `generate` would overwrite an existing key file.
    case keyFileExists(path: String)
    /// The private key file can be read by group or others.
    case privateKeyExposed(path: String, mode: String)
    /// The file is not a PEM Ed25519 key of the expected kind.
    case unreadable(path: String, reason: String)
    /// The file or directory could not be read or written.
    case io(path: String, message: String)
    /// There is no private key file at the path: a set-up step is missing.
    case missing(path: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .io: return .runFailed
        default: return .usage
        }
    }

    public var description: String {
        switch self {
        case .keyFileExists(let path):
            return
                "\(path) already exists; refusing to overwrite a signing key (move it away first if you really mean to replace it: evidence signed with it then needs the old signing.pub to verify)"
        case .privateKeyExposed(let path, let mode):
            return "signing key \(path) has mode \(mode), readable by group or others; run `chmod 600 \(path)`"
        case .unreadable(let path, let reason):
            return "\(path): \(reason)"
        case .io(let path, let message):
            return "\(path): \(message)"
        case .missing(let path):
            return "no signing key at \(path): run `cleanroom keys init`, or pass --signing-key FILE "
                + "(or set CLEANROOM_SIGNING_KEY_FILE)"
        }
    }
}
