import CleanroomCrypto
import Foundation

/// Which key signs the ledger from the next entry on (`key-rotation`). The entry itself is signed by
/// the key it retires, so a verifier that pinned that key can follow it; its target is the ledger.
public struct KeyRotationPredicate: RunPredicate {
    public static let kinds: Set<RunKind> = [.keyRotation]

    public var header: RunHeader
    /// The key that signs every later entry.
    public var rotation: NextKey

    /// A rotation to `nextKey` (`header.kind` is `key-rotation`).
    public init(header: RunHeader, nextKey: Ed25519PublicKey) {
        precondition(header.kind == .keyRotation, "a KeyRotationPredicate records a key rotation")
        self.header = header
        rotation = NextKey(nextKey: nextKey)
    }

    public init(from decoder: any Decoder) throws {
        let (container, header) = try Self.container(decoding: decoder)
        self.header = header
        rotation = try container.decode(NextKey.self, forKey: .rotation)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = try container(encoding: encoder, emptyColumns: true)
        try container.encode(rotation, forKey: .rotation)
    }

    /// The next signing key, by id and raw bytes.
    public struct NextKey: Codable, Sendable, Hashable {
        /// `Ed25519PublicKey.keyID` of the next key.
        public var nextKeyID: String
        /// Standard base64 of the next key's raw 32 bytes.
        public var nextPublicKey: String

        public init(nextKey: Ed25519PublicKey) {
            nextKeyID = nextKey.keyID
            nextPublicKey = Data(nextKey.raw).base64EncodedString()
        }

        /// The next key, when `nextPublicKey` is a key whose id is `nextKeyID`.
        public var nextKey: Ed25519PublicKey? {
            guard let raw = Data(base64Encoded: nextPublicKey), let key = try? Ed25519PublicKey(raw: Array(raw)),
                key.keyID == nextKeyID
            else { return nil }
            return key
        }
    }
}
