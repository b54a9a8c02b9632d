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
        subcommands: [Init.self]
    )

    /// Creates both keys in `directory`, refusing if either exists, so nothing is half-created.
    static func create(in directory: String) throws -> (maskingKey: String, fingerprint: String, signing: SigningKeyFiles) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let maskingPath = (directory as NSString).appendingPathComponent("masking.key")
        for path in [maskingPath, (directory as NSString).appendingPathComponent(SigningKeys.privateKeyFileName),
                     (directory as NSString).appendingPathComponent(SigningKeys.publicKeyFileName)]
        where FileManager.default.fileExists(atPath: path) {
            throw MaskingError.keyFileExists(path: path)
        }
        let signing = try SigningKeys.generate(directory: directory)
        let key: MaskingKey
        do {
            key = try Keyring.createKeyFile(at: maskingPath)
        } catch {
            unlink(signing.privateKeyPath)
            unlink(signing.publicKeyPath)
            throw error
        }
        return (maskingPath, key.fingerprint, signing)
    }

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new masking key and an Ed25519 signing key pair (mode 0600); never overwrites."
        )

        @Option(help: "The folder for the keys (default: .cleanroom/keys, or $CLEANROOM_HOME/keys).") var directory: String?

        func run() throws {
            let paths = try KeysCommand.create(in: directory ?? Workspace().keysDirectory)
            say("masking key:  \(paths.maskingKey) (fingerprint \(paths.fingerprint))")
            say("signing key:  \(paths.signing.privateKeyPath)")
            say("public key:   \(paths.signing.publicKeyPath) (key id \(paths.signing.keyID)) — give this to auditors")
        }
    }
}
