import CleanroomCrypto
import Foundation

/// Signs run statements into DSSE envelopes.
public enum EvidenceSigner {
    /// Encodes `statement` deterministically (`EvidenceJSON`) and signs
    /// `PAE("application/vnd.in-toto+json", payload)` with `key`.
    public static func sign<P: RunPredicate>(_ statement: Statement<P>, key: Ed25519PrivateKey) throws -> Envelope {
        let payload = try EvidenceJSON.encode(statement)
        let message = DSSE.preAuthenticationEncoding(payloadType: Envelope.inTotoPayloadType, payload: payload)
        let signature = try key.sign(message)
        return Envelope(
            payloadType: Envelope.inTotoPayloadType,
            payload: Data(payload).base64EncodedString(),
            signatures: [.init(keyid: try key.publicKey().keyID, sig: Data(signature).base64EncodedString())]
        )
    }
}

/// Verifies DSSE envelopes and reads the run statements inside, decoded by kind.
public enum EvidenceVerifier {
    /// The statement in `envelope`, once one of its signatures verifies under `publicKey`.
    ///
    /// Follows the DSSE v1 verification order: the signature is checked over the PAE of the envelope's
    /// own payload type first; only then are the payload type, `_type` and `predicateType` checked.
    public static func verify(_ envelope: Envelope, publicKey: Ed25519PublicKey) throws -> AnyStatement {
        let payload = try envelope.payloadBytes()
        guard !envelope.signatures.isEmpty else { throw EvidenceError.unsigned }
        let message = DSSE.preAuthenticationEncoding(payloadType: envelope.payloadType, payload: payload)
        let verified = envelope.signatures.contains { signature in
            guard let sig = Data(base64Encoded: signature.sig) else { return false }
            return publicKey.isValidSignature(Array(sig), for: message)
        }
        guard verified else {
            throw EvidenceError.signatureInvalid(keyID: publicKey.keyID, signedBy: envelope.signatures.map(\.keyid))
        }
        guard envelope.payloadType == Envelope.inTotoPayloadType else {
            throw EvidenceError.unexpectedPayloadType(envelope.payloadType)
        }
        return try decodeStatement(payload)
    }

    private struct Header: Decodable {
        let type: String
        let predicateType: String
        enum CodingKeys: String, CodingKey {
            case type = "_type"
            case predicateType
        }
    }

    private static func decodeStatement(_ payload: [UInt8]) throws -> AnyStatement {
        do {
            let header = try EvidenceJSON.decode(Header.self, from: payload)
            guard header.type == AnyStatement.statementType else {
                throw EvidenceError.unexpectedStatementType(header.type)
            }
            guard header.predicateType == AnyStatement.predicateType else {
                throw EvidenceError.unexpectedPredicateType(header.predicateType)
            }
            return try AnyStatement.decode(payload)
        } catch let error as EvidenceError {
            throw error
        } catch {
            throw EvidenceError.malformedStatement(reason: EvidenceJSON.describe(error))
        }
    }
}
