import Foundation

/// Dead Simple Signing Envelope (DSSE v1) pre-authentication encoding.
public enum DSSE {
    /// PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths in ASCII decimal bytes.
    public static func preAuthenticationEncoding(payloadType: String, payload: [UInt8]) -> [UInt8] {
        let type = Array(payloadType.utf8)
        var out = Array("DSSEv1 \(type.count) ".utf8)
        out += type
        out += Array(" \(payload.count) ".utf8)
        out += payload
        return out
    }
}

/// A DSSE v1 envelope in its JSON form: the signed payload, base64-encoded, and its signatures.
public struct Envelope: Codable, Sendable, Equatable {
    /// The payload type of in-toto statements.
    public static let inTotoPayloadType = "application/vnd.in-toto+json"

    /// The media type of the payload; part of what is signed.
    public var payloadType: String
    /// The payload bytes in standard base64.
    public var payload: String
    public var signatures: [Signature]

    public init(payloadType: String, payload: String, signatures: [Signature]) {
        self.payloadType = payloadType
        self.payload = payload
        self.signatures = signatures
    }

    /// One signature over `DSSE.preAuthenticationEncoding(payloadType, payload bytes)`.
    public struct Signature: Codable, Sendable, Equatable {
        /// The signing key's id (see `Ed25519PublicKey.keyID`); a hint, not trusted by verifiers.
        public var keyid: String
        /// The Ed25519 signature in standard base64.
        public var sig: String

        public init(keyid: String, sig: String) {
            self.keyid = keyid
            self.sig = sig
        }
    }

    /// The decoded payload bytes.
    public func payloadBytes() throws -> [UInt8] {
        guard let data = Data(base64Encoded: payload) else { throw EvidenceError.payloadNotBase64 }
        return Array(data)
    }
}
