import CleanroomCore

/// Failures signing or verifying one DSSE envelope. Messages never include key material.
public enum EvidenceError: CleanroomError, Equatable {
    /// The envelope's `payloadType` is not the in-toto JSON media type.
    case unexpectedPayloadType(String)
    /// The envelope's `payload` is not standard base64.
    case payloadNotBase64
    /// The envelope carries no signature.
    case unsigned
    /// No signature verifies under the given key (`keyID`); `signedBy` lists the envelope's key ids.
    case signatureInvalid(keyID: String, signedBy: [String])
    /// The payload is not an in-toto statement this version can read.
    case malformedStatement(reason: String)
    /// The statement's `_type` is not in-toto Statement v1.
    case unexpectedStatementType(String)
    /// The statement's `predicateType` is not a Cleanroom run predicate.
    case unexpectedPredicateType(String)
    /// A statement or envelope could not be encoded (for example a non-finite number).
    case unencodable(reason: String)

    public var exitStatus: ExitStatus { .runFailed }

    public var description: String {
        switch self {
        case .unexpectedPayloadType(let type):
            return "envelope payloadType is '\(type)'; expected '\(Envelope.inTotoPayloadType)'"
        case .payloadNotBase64:
            return "envelope payload is not valid base64: the envelope was damaged or edited"
        case .unsigned:
            return "envelope has no signatures"
        case .signatureInvalid(let keyID, let signedBy):
            if !signedBy.isEmpty && !signedBy.contains(keyID) {
                return
                    "signature does not verify: the envelope names key id \(signedBy.joined(separator: ", ")) but the public key given has key id \(keyID); verify with the signing.pub that belongs to the key that signed it"
            }
            return "signature does not verify under key id \(keyID): the envelope was altered after it was signed"
        case .malformedStatement(let reason):
            return "payload is not a Cleanroom in-toto statement: \(reason)"
        case .unexpectedStatementType(let type):
            return "statement _type is '\(type)'; expected '\(AnyStatement.statementType)'"
        case .unexpectedPredicateType(let type):
            return "statement predicateType is '\(type)'; expected '\(AnyStatement.predicateType)'"
        case .unencodable(let reason):
            return "evidence could not be encoded as JSON: \(reason)"
        }
    }
}
