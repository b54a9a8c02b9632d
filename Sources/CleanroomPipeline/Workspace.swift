import Foundation

/// Where Cleanroom keeps its keys and evidence by default: `.cleanroom/` in the working directory,
/// or the folder named by `CLEANROOM_HOME`.
///
/// ```
/// .cleanroom/keys/masking.key      masking key (hex, 0600)
/// .cleanroom/keys/signing.key      Ed25519 private key (PKCS#8 PEM, 0600)
/// .cleanroom/keys/signing.pub      Ed25519 public key for auditors
/// .cleanroom/evidence/ledger.jsonl hash-chained ledger of signed statements
/// ```
public struct Workspace: Sendable {
    public var root: String

    public init(root: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.root = root ?? environment["CLEANROOM_HOME"] ?? ".cleanroom"
    }

    public var keysDirectory: String { (root as NSString).appendingPathComponent("keys") }
    public var maskingKeyPath: String { (keysDirectory as NSString).appendingPathComponent("masking.key") }
    public var signingKeyPath: String { (keysDirectory as NSString).appendingPathComponent("signing.key") }
    public var publicKeyPath: String { (keysDirectory as NSString).appendingPathComponent("signing.pub") }
    public var ledgerPath: String { (root as NSString).appendingPathComponent("evidence/ledger.jsonl") }
}
