import ArgumentParser
import CleanroomEvidence
import CleanroomMasking
import CleanroomPipeline
import Foundation

/// `cleanroom keys init`: new masking and signing keys with safe permissions.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create and inspect keys.",
        subcommands: [Init.self, Rotate.self]
    )

    /// What `create` wrote.
    struct Created {
        var maskingKey: String
        var fingerprint: String
        var signing: SigningKeyFiles
        /// The trust file the signing key was pinned in; nil when there is no place for one.
        var trustFile: String?
    }

    /// Creates both keys in `directory`, refusing if either exists, so nothing is half-created, and pins
    /// the signing key in the trust file (`TrustFile.defaultPath`), which must lie outside `workspace`.
    static func create(in directory: String, workspace: Workspace = Workspace()) throws -> Created {
        let trustFile = TrustFile.defaultPath().map(TrustFile.init)
        if let trustFile,
            KeyPin.isInside(trustFile.path, workspace.root) || KeyPin.isInside(trustFile.path, directory)
        {
            throw KeyPinError.trustFileInWritersFolder(path: trustFile.path, folder: workspace.root)
        }
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        let maskingPath = (directory as NSString).appendingPathComponent("masking.key")
        for path in [
            maskingPath, (directory as NSString).appendingPathComponent(SigningKeys.privateKeyFileName),
            (directory as NSString).appendingPathComponent(SigningKeys.publicKeyFileName),
        ]
        where FileManager.default.fileExists(atPath: path) {
            throw MaskingError.keyFileExists(path: path)
        }
        let signing = try SigningKeys.generate(directory: directory)
        let key: MaskingKey
        do {
            key = try Keyring.createKeyFile(at: maskingPath)
            let publicKey = try SigningKeys.loadPublic(path: signing.publicKeyPath)
            let comment = "cleanroom keys init, \(signing.publicKeyPath), \(Date().formatted(.iso8601))"
            try trustFile?.add(publicKey, comment: comment)
        } catch {
            for path in [signing.privateKeyPath, signing.publicKeyPath, maskingPath] { unlink(path) }
            throw error
        }
        return Created(
            maskingKey: maskingPath, fingerprint: key.fingerprint, signing: signing,
            trustFile: trustFile?.path)
    }

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new masking key and an Ed25519 signing key pair (mode 0600); never overwrites.",
            discussion: "The signing key is pinned in $XDG_CONFIG_HOME/cleanroom/trusted-keys, outside CLEANROOM_HOME."
        )

        @Option(help: "The folder for the keys (default: .cleanroom/keys, or $CLEANROOM_HOME/keys).") var directory:
            String?

        func run() throws {
            let created = try KeysCommand.create(in: directory ?? Workspace().keysDirectory)
            say("masking key:  \(created.maskingKey) (fingerprint \(created.fingerprint))")
            say("signing key:  \(created.signing.privateKeyPath)")
            say("public key:   \(created.signing.publicKeyPath)")
            say(
                "signing key fingerprint: \(created.signing.keyID) — give it to auditors: "
                    + "`cleanroom evidence verify --key-fingerprint \(created.signing.keyID)`")
            if let trustFile = created.trustFile {
                say("pinned in:    \(trustFile) (evidence verify and report trust this key on this machine)")
            } else {
                note("no trust file (neither XDG_CONFIG_HOME nor HOME is set): pin the key with --key-fingerprint")
            }
        }
    }

    /// Where `keys rotate` keeps the public halves of retired signing keys, as `<key id>.pub`.
    static func retiredDirectory(_ workspace: Workspace) -> String {
        (workspace.keysDirectory as NSString).appendingPathComponent("retired")
    }

    /// The retired public key files, for a pinned fingerprint of an earlier key to find its material.
    static func retiredPublicKeys(_ workspace: Workspace) -> [String] {
        let directory = retiredDirectory(workspace)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".pub") }.sorted().map { (directory as NSString).appendingPathComponent($0) }
    }
}
