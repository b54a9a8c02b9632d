import ArgumentParser
import CleanroomMasking
import Foundation

/// `cleanroom keys init`: new masking and signing keys with safe permissions.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create and inspect keys.",
        subcommands: [Init.self]
    )

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new masking key and an Ed25519 signing key pair (mode 0600); never overwrites."
        )

        @Option(help: "The folder for the keys.") var directory: String = ".cleanroom/keys"

        func run() throws {
            try reportingErrors {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
                let maskingPath = (directory as NSString).appendingPathComponent("masking.key")
                let key = try Keyring.createKeyFile(at: maskingPath)
                say("masking key: \(maskingPath) (fingerprint \(key.fingerprint))")
            }
        }
    }
}
