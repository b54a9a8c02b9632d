import CleanroomCore
import CleanroomCrypto
import Foundation

/// The verifier's list of pinned signing keys, kept outside `CLEANROOM_HOME` so that whoever can write
/// the ledger and its `keys/signing.pub` cannot change which key evidence must verify under.
///
/// Default location `$XDG_CONFIG_HOME/cleanroom/trusted-keys` (`~/.config/cleanroom/trusted-keys`).
/// One key a line: `<fingerprint> ed25519 <base64 of the raw 32-byte key> [comment]`, where the
/// fingerprint is `Ed25519PublicKey.keyID`; blank lines and lines starting with `#` are ignored.
/// `cleanroom keys init` appends the key it creates; an auditor can add a line by hand.
public struct TrustFile: Sendable {
    /// The file's path.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// `$XDG_CONFIG_HOME/cleanroom/trusted-keys`, else `$HOME/.config/cleanroom/trusted-keys`; nil
    /// when neither variable is set.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let config =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { ($0 as NSString).appendingPathComponent(".config") }
        return config.map { ($0 as NSString).appendingPathComponent("cleanroom/trusted-keys") }
    }

    /// One pinned key.
    public struct Entry: Sendable, Equatable {
        public let publicKey: Ed25519PublicKey
        /// The entry's one-based line.
        public let line: Int
        /// `publicKey.keyID`.
        public var fingerprint: String { publicKey.keyID }
    }

    /// The pinned keys in file order; empty when the file does not exist. A malformed line, or one
    /// whose fingerprint is not its key's, is an error naming file:line.
    public func entries() throws -> [Entry] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw KeyPinError.trustFileUnreadable(path: path, message: error.localizedDescription)
        }
        var entries: [Entry] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard let first = fields.first, !first.hasPrefix("#") else { continue }
            let location = SourceLocation(file: path, line: index + 1)
            guard fields.count >= 3, fields[1] == "ed25519", let raw = Data(base64Encoded: String(fields[2])),
                let key = try? Ed25519PublicKey(raw: Array(raw))
            else {
                throw KeyPinError.malformedTrustFile(
                    location,
                    reason: "expected `<fingerprint> ed25519 <base64 raw key> [comment]`")
            }
            guard key.keyID == first.lowercased() else {
                throw KeyPinError.malformedTrustFile(
                    location,
                    reason: "the fingerprint is not the SHA-256 of the key on the line")
            }
            entries.append(Entry(publicKey: key, line: index + 1))
        }
        return entries
    }

    /// Appends `key` unless it is pinned already, creating the folder (0700) and file (0644) when missing.
    /// `comment` (one line) says where the key came from.
    public func add(_ key: Ed25519PublicKey, comment: String) throws {
        if try entries().contains(where: { $0.publicKey == key }) { return }
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        } catch {
            throw KeyPinError.trustFileUnreadable(
                path: directory,
                message: "cannot create the folder: \(error.localizedDescription)")
        }
        let flat = comment.split(whereSeparator: \.isNewline).joined(separator: " ")
        let line = "\(key.keyID) ed25519 \(Data(key.raw).base64EncodedString()) \(flat)\n"
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw KeyPinError.trustFileUnreadable(path: path, message: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        let bytes = Array(line.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw KeyPinError.trustFileUnreadable(path: path, message: String(cString: strerror(errno)))
        }
    }
}
