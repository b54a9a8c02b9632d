import CleanroomCore
import CleanroomCrypto
import Foundation

/// The secret masking key from which every keyed transform derives (DESIGN §5).
///
/// The key bytes are not public and never printed: `description`, `debugDescription` and reflection
/// show only the fingerprint, `HMAC(key, "cleanroom key id")` truncated to 8 bytes, which evidence
/// records as the key's public identity.
public struct MaskingKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The smallest key accepted.
    public static let minimumBytes = 32

    let bytes: [UInt8]
    /// The key's public identity: 16 hex digits.
    public let fingerprint: String
    private let root: HMACSHA256

    /// Wraps raw key bytes (at least 32). `source` names where they came from, for errors.
    public init(bytes: [UInt8], source: String = "the key") throws {
        guard bytes.count >= MaskingKey.minimumBytes else {
            throw MaskingError.keyTooShort(bytes: bytes.count, source: source)
        }
        self.bytes = bytes
        root = HMACSHA256(key: bytes)
        fingerprint = Hex.encode(root.mac(Array("cleanroom key id".utf8)).prefix(8))
    }

    /// A key for one environment, derived with HKDF-SHA256 so that environments masked under
    /// different scopes cannot be linked to each other.
    public func scoped(to scope: String) throws -> MaskingKey {
        let derived = try HKDF.sha256(
            key: bytes, salt: Array("cleanroom key scope v1".utf8), info: Array(scope.utf8), length: 32)
        return try MaskingKey(bytes: derived, source: "scope \(scope)")
    }

    /// 32 bytes derived from the key with HKDF-SHA256 for `purpose` (a salt of their own, apart from
    /// every transform's and scope's): what processes that share the key, and nothing else, agree on
    /// without storing it, e.g. the leak-probe secret of a sharded run.
    public func derivedSecret(purpose: String) throws -> [UInt8] {
        try HKDF.sha256(
            key: bytes, salt: Array("cleanroom derived secret v1".utf8), info: Array(purpose.utf8), length: 32)
    }

    /// HMAC under this key with `domain ‖ 0x00` absorbed: the keyed state a transform reuses per value.
    func hasher(domain: String) -> HMACSHA256 {
        root.withDomain(domain)
    }

    /// AES key material for FF1 in `domain`: the first 32 bytes of HMAC(key, "ff1" ‖ 0 ‖ domain).
    func ff1Key(domain: String) -> [UInt8] {
        root.withDomain("ff1").mac(Array(domain.utf8))
    }

    public var description: String { "MaskingKey(\(fingerprint))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["fingerprint": fingerprint]) }
}

/// Loads and creates masking keys.
public enum Keyring {
    /// The environment variable holding the key as hex or base64.
    public static let environmentVariable = "CLEANROOM_MASKING_KEY"

    /// The key from `keyFile` if given, else from `CLEANROOM_MASKING_KEY` in `environment`.
    public static func load(
        keyFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> MaskingKey {
        if let keyFile {
            let text = try readProtectedFile(keyFile)
            return try MaskingKey(bytes: decodeKeyText(text, source: keyFile), source: keyFile)
        }
        if let text = environment[environmentVariable], !text.isEmpty {
            return try MaskingKey(bytes: decodeKeyText(text, source: environmentVariable), source: environmentVariable)
        }
        throw MaskingError.keyMissing
    }

    /// Decodes key text: `hex:…` or `base64:…`, or hex digits alone (what `keys init` writes).
    /// Unprefixed text that is not hex is refused rather than guessed at (`zzzz…` is valid base64),
    /// and so is a key that repeats a short block or uses few distinct bytes: such a key was typed,
    /// not drawn.
    public static func decodeKeyText(_ text: String, source: String) throws -> [UInt8] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let bytes: [UInt8]
        if trimmed.hasPrefix("hex:") {
            guard let decoded = Hex.decode(String(trimmed.dropFirst(4))), !decoded.isEmpty else {
                throw MaskingError.keyUnreadable(source: source)
            }
            bytes = decoded
        } else if trimmed.hasPrefix("base64:") {
            guard let data = Data(base64Encoded: String(trimmed.dropFirst(7))), !data.isEmpty else {
                throw MaskingError.keyUnreadable(source: source)
            }
            bytes = [UInt8](data)
        } else if let decoded = Hex.decode(trimmed), !decoded.isEmpty {
            bytes = decoded
        } else {
            throw MaskingError.keyUnreadable(source: source)
        }
        if bytes.count >= MaskingKey.minimumBytes, looksTyped(bytes) {
            throw MaskingError.keyLowEntropy(source: source)
        }
        return bytes
    }

    /// Fewer than 12 distinct byte values, or a repetition of a block of at most half the key. 32
    /// random bytes have about 30 distinct values; the chance of fewer than 12 is below 10^-20.
    static func looksTyped(_ bytes: [UInt8]) -> Bool {
        if Set(bytes).count < 12 { return true }
        return (1...(bytes.count / 2)).contains { period in
            bytes.indices.dropFirst(period).allSatisfy { bytes[$0] == bytes[$0 - period] }
        }
    }

    /// Reads a secret file, refusing one that group or others can read.
    public static func readProtectedFile(_ path: String) throws -> String {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw MaskingError.keyFileIO(path: path, message: String(cString: strerror(errno)))
        }
        let mode = st.st_mode & 0o777
        if mode & 0o077 != 0 {
            throw MaskingError.keyFilePermissions(path: path, mode: String(mode, radix: 8))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MaskingError.keyFileIO(path: path, message: "cannot read the file")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Creates a new file with mode 0600 holding `contents`; refuses to overwrite an existing file.
    public static func writeProtectedFile(_ path: String, contents: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd < 0 {
            if errno == EEXIST { throw MaskingError.keyFileExists(path: path) }
            throw MaskingError.keyFileIO(path: path, message: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw MaskingError.keyFileIO(path: path, message: "short write")
        }
    }

    /// Writes a new random 32-byte masking key as hex to `path` (mode 0600, never overwriting).
    public static func createKeyFile(at path: String) throws -> MaskingKey {
        let bytes = try SecureRandom.bytes(32)
        try writeProtectedFile(path, contents: Hex.encode(bytes) + "\n")
        return try MaskingKey(bytes: bytes, source: path)
    }
}
