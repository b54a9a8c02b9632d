import CleanroomCore
import CleanroomCrypto
import Foundation

/// The public key a ledger is verified against, and how the verifier pinned it.
///
/// A key only counts as pinned when it comes from somewhere the ledger's writers cannot change: a key
/// file the verifier names outside `CLEANROOM_HOME` and the ledger's folder, a fingerprint the
/// verifier gives, or the `TrustFile`. The `keys/signing.pub` beside the ledger is used only for its
/// key material once a pinned fingerprint matches it.
public struct KeyPin: Sendable, Equatable {
    /// Where the pin came from.
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        /// A key file named with `--public-key`, outside the ledger's writers' folders.
        case publicKeyFile(path: String)
        /// A fingerprint given with `--key-fingerprint`; the key itself read from `keyFrom`.
        case fingerprint(keyFrom: String)
        /// A line of the trust file.
        case trustFile(path: String, line: Int)

        /// How the key was pinned, for people.
        public var description: String {
            switch self {
            case .publicKeyFile(let path): return "public key file \(path), named with --public-key"
            case .fingerprint(let keyFrom): return "fingerprint given with --key-fingerprint (key read from \(keyFrom))"
            case .trustFile(let path, let line): return "trust file \(path), line \(line)"
            }
        }
    }

    public let publicKey: Ed25519PublicKey
    public let source: Source

    public init(publicKey: Ed25519PublicKey, source: Source) {
        self.publicKey = publicKey
        self.source = source
    }

    /// The pinned key's fingerprint (`Ed25519PublicKey.keyID`).
    public var fingerprint: String { publicKey.keyID }

    /// What the verifier asked for and where to look.
    public struct Request: Sendable {
        /// `--public-key`: a key file the verifier names.
        public var publicKeyFile: String?
        /// `--key-fingerprint`: 64 hex digits.
        public var fingerprint: String?
        /// The trust file, or nil when it has no location (no `XDG_CONFIG_HOME` or `HOME`).
        public var trustFile: TrustFile?
        /// Folders the ledger's writers control (`CLEANROOM_HOME`, the ledger's folder): a key file or
        /// trust file in them is never trusted by itself.
        public var untrustedFolders: [String]
        /// The key files beside the ledger, current first (`keys/signing.pub`, then retired ones): key
        /// material only, for a pinned fingerprint to match.
        public var workspaceKeyFiles: [String]
        /// The key ids the ledger's first entry names, to choose among several pinned keys.
        public var ledgerKeyIDs: [String]

        public init(
            publicKeyFile: String?, fingerprint: String?, trustFile: TrustFile?, untrustedFolders: [String],
            workspaceKeyFiles: [String], ledgerKeyIDs: [String]
        ) {
            self.publicKeyFile = publicKeyFile
            self.fingerprint = fingerprint
            self.trustFile = trustFile
            self.untrustedFolders = untrustedFolders
            self.workspaceKeyFiles = workspaceKeyFiles
            self.ledgerKeyIDs = ledgerKeyIDs
        }
    }

    /// The pinned key `request` names: by `--key-fingerprint`, else `--public-key`, else the trust file.
    /// Throws `KeyPinError` when nothing is pinned, or when the only key offered sits where the
    /// ledger's writers could have replaced it.
    public static func resolve(_ request: Request) throws -> KeyPin {
        if let fingerprint = request.fingerprint { return try resolve(fingerprint: fingerprint, request) }
        if let path = request.publicKeyFile {
            let key = try SigningKeys.loadPublic(path: path)
            guard let folder = request.untrustedFolders.first(where: { isInside(path, $0) }) else {
                return KeyPin(publicKey: key, source: .publicKeyFile(path: path))
            }
            let pinned = try trustedEntries(request)?.entries.first { $0.publicKey == key }
            guard let pinned, let trustFile = request.trustFile else {
                throw KeyPinError.keyInWritersFolder(path: path, folder: folder, trustFile: request.trustFile?.path)
            }
            return KeyPin(publicKey: key, source: .trustFile(path: trustFile.path, line: pinned.line))
        }
        guard let (trustFile, entries) = try trustedEntries(request), !entries.isEmpty else {
            throw KeyPinError.noPin(trustFile: request.trustFile?.path)
        }
        let besideLedger = request.workspaceKeyFiles.first.flatMap { try? SigningKeys.loadPublic(path: $0) }
        let chosen =
            entries.first { request.ledgerKeyIDs.contains($0.fingerprint) }
            ?? entries.first { $0.publicKey == besideLedger }
            ?? (entries.count == 1 ? entries[0] : nil)
        guard let chosen else {
            throw KeyPinError.noPinnedKeyMatches(
                trustFile: trustFile.path, pinned: entries.count,
                ledgerKeyIDs: request.ledgerKeyIDs)
        }
        return KeyPin(publicKey: chosen.publicKey, source: .trustFile(path: trustFile.path, line: chosen.line))
    }

    /// The key whose fingerprint is `given`, from `--public-key`, the key files beside the ledger (current
    /// and retired) or the trust file: wherever it is read from, the fingerprint authenticates it.
    /// An unreadable key file beside the ledger is passed over; an unreadable `--public-key` is an error.
    private static func resolve(fingerprint given: String, _ request: Request) throws -> KeyPin {
        let fingerprint = given.lowercased()
        guard fingerprint.utf8.count == 64, Hex.decode(fingerprint) != nil else {
            throw KeyPinError.malformedFingerprint(given)
        }
        var offered: [(path: String, fingerprint: String)] = []
        for path in [request.publicKeyFile].compactMap({ $0 }) + request.workspaceKeyFiles {
            let named = request.publicKeyFile == path
            let loaded = named ? try SigningKeys.loadPublic(path: path) : try? SigningKeys.loadPublic(path: path)
            guard let key = loaded else { continue }
            if key.keyID == fingerprint { return KeyPin(publicKey: key, source: .fingerprint(keyFrom: path)) }
            offered.append((path, key.keyID))
        }
        if let trustFile = request.trustFile,
            let entry = try? trustFile.entries().first(where: { $0.fingerprint == fingerprint })
        {
            return KeyPin(
                publicKey: entry.publicKey,
                source: .fingerprint(keyFrom: "\(trustFile.path), line \(entry.line)"))
        }
        throw KeyPinError.noKeyWithFingerprint(
            fingerprint,
            offered: offered.map { "\($0.path) has fingerprint \($0.fingerprint)" })
    }

    /// The trust file and its entries; nil when it has no location. Refused inside a writers' folder.
    private static func trustedEntries(
        _ request: Request
    )
        throws -> (trustFile: TrustFile, entries: [TrustFile.Entry])?
    {
        guard let trustFile = request.trustFile else { return nil }
        if let folder = request.untrustedFolders.first(where: { isInside(trustFile.path, $0) }) {
            throw KeyPinError.trustFileInWritersFolder(path: trustFile.path, folder: folder)
        }
        return (trustFile, try trustFile.entries())
    }

    /// Whether `path` is `folder` or below it, after resolving symbolic links of the parts that exist.
    public static func isInside(_ path: String, _ folder: String) -> Bool {
        let resolvedPath = resolved(path)
        let resolvedFolder = resolved(folder)
        let prefix = resolvedFolder.hasSuffix("/") ? resolvedFolder : resolvedFolder + "/"
        return resolvedPath == resolvedFolder || resolvedPath.hasPrefix(prefix)
    }

    private static func resolved(_ path: String) -> String {
        var existing = URL(fileURLWithPath: path).standardizedFileURL.path
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing), existing != "/" {
            rest.insert((existing as NSString).lastPathComponent, at: 0)
            existing = (existing as NSString).deletingLastPathComponent
        }
        guard let real = realpath(existing, nil) else { return existing }
        defer { free(real) }
        return rest.reduce(String(cString: real)) { ($0 as NSString).appendingPathComponent($1) }
    }
}

/// Why no pinned key could be found. Messages say what a pin is and how to set one.
public enum KeyPinError: CleanroomError, Equatable {
    /// No `--public-key`, no `--key-fingerprint`, and no key in the trust file.
    case noPin(trustFile: String?)
    /// `--public-key` names a file inside a folder the ledger's writers control, and the trust file
    /// does not pin that key.
    case keyInWritersFolder(path: String, folder: String, trustFile: String?)
    /// The trust file itself lies inside a folder the ledger's writers control.
    case trustFileInWritersFolder(path: String, folder: String)
    /// `--key-fingerprint` is not 64 hex digits.
    case malformedFingerprint(String)
    /// No key offered has the pinned fingerprint: the key beside the ledger was replaced, or the wrong
    /// key file was named.
    case noKeyWithFingerprint(String, offered: [String])
    /// The trust file pins several keys and none signed the ledger's first entry.
    case noPinnedKeyMatches(trustFile: String, pinned: Int, ledgerKeyIDs: [String])
    /// A line of the trust file is not a pinned key.
    case malformedTrustFile(SourceLocation, reason: String)
    /// The trust file could not be read or written.
    case trustFileUnreadable(path: String, message: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .noKeyWithFingerprint, .noPinnedKeyMatches, .trustFileUnreadable: return .runFailed
        case .noPin, .keyInWritersFolder, .trustFileInWritersFolder, .malformedFingerprint, .malformedTrustFile:
            return .usage
        }
    }

    /// How to pin a key, for the messages that need it.
    static func howToPin(_ trustFile: String?) -> String {
        "A pin is a copy of the signing key's identity kept where the ledger's writers cannot change it. "
            + "Pin one of: --public-key FILE (a copy of signing.pub kept outside CLEANROOM_HOME), "
            + "--key-fingerprint HEX (the fingerprint `cleanroom keys init` printed), or a line in the trust file "
            + "\(trustFile ?? "$XDG_CONFIG_HOME/cleanroom/trusted-keys") "
            + "(`cleanroom keys init` writes it; docs/evidence.md)."
    }

    public var description: String {
        switch self {
        case .noPin(let trustFile):
            return "no signing key is pinned, so the ledger cannot be verified: a key beside the ledger could have "
                + "been replaced by whoever can write the ledger. " + Self.howToPin(trustFile)
        case .keyInWritersFolder(let path, let folder, let trustFile):
            return "\(path) lies inside \(folder), which the ledger's writers control: "
                + "a key there is never trusted by itself. " + Self.howToPin(trustFile)
        case .trustFileInWritersFolder(let path, let folder):
            return "the trust file \(path) lies inside \(folder), which the ledger's writers control; "
                + "set XDG_CONFIG_HOME to a folder outside it, or pin with --public-key or --key-fingerprint"
        case .malformedFingerprint(let given):
            return "--key-fingerprint '\(given)' is not 64 hex digits "
                + "(the SHA-256 fingerprint `cleanroom keys init` printed)"
        case .noKeyWithFingerprint(let fingerprint, let offered):
            let found = offered.isEmpty ? "no key file was found" : offered.joined(separator: "; ")
            return "no public key with the pinned fingerprint \(fingerprint): \(found). The key beside the ledger "
                + "is not the pinned one (replaced?); pass the pinned key with --public-key. "
                + "The ledger is not verified."
        case .noPinnedKeyMatches(let trustFile, let pinned, let ledgerKeyIDs):
            let named = ledgerKeyIDs.isEmpty ? "no key" : "key id \(ledgerKeyIDs.joined(separator: ", "))"
            return "none of the \(pinned) keys pinned in \(trustFile) signed this ledger's first entry "
                + "(it names \(named)): the ledger was signed by a key nobody pinned. "
                + "Choose the key with --key-fingerprint. The ledger is not verified."
        case .malformedTrustFile(let location, let reason):
            return "\(location): not a pinned key: \(reason)"
        case .trustFileUnreadable(let path, let message):
            return "trust file \(path): \(message)"
        }
    }
}
