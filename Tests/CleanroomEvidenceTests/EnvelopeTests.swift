import CleanroomCrypto
import CleanroomEvidence
import Foundation
import Testing

@Suite("Signed statements")
struct EnvelopeTests {
    @Test("sign then verify returns the statement; the payload is deterministic in-toto JSON")
    func roundTrip() throws {
        let key = try Ed25519PrivateKey.generate()
        let statement = Fixtures.maskStatement()
        let envelope = try EvidenceSigner.sign(statement, key: key)
        #expect(try EvidenceVerifier.verify(envelope, publicKey: key.publicKey()) == .mask(statement))
        #expect(envelope.payloadType == "application/vnd.in-toto+json")
        #expect(envelope.signatures.map(\.keyid) == [try key.publicKey().keyID])
        #expect(try EvidenceSigner.sign(statement, key: key) == envelope)

        let payload = String(decoding: try envelope.payloadBytes(), as: UTF8.self)
        #expect(payload.hasPrefix(#"{"_type":"https://in-toto.io/Statement/v1","predicate":{"#))
        #expect(payload.contains(#""predicateType":"https://cleanroom.dev/evidence/run/v1""#))
        #expect(payload.contains(#""startedAt":"2026-01-01T00:01:00Z""#))
        #expect(!payload.contains(#"\/"#))
    }

    @Test("the signature is Ed25519 over the DSSE v1 PAE of the payload")
    func signsPAE() throws {
        let key = try Ed25519PrivateKey.generate()
        let envelope = try EvidenceSigner.sign(Fixtures.maskStatement(), key: key)
        let pae = DSSE.preAuthenticationEncoding(
            payloadType: envelope.payloadType, payload: try envelope.payloadBytes())
        let signature = try #require(Data(base64Encoded: envelope.signatures[0].sig))
        #expect(try key.publicKey().isValidSignature(Array(signature), for: pae))
    }

    @Test("an edited payload, payload type or signature fails with signatureInvalid")
    func tamperedEnvelope() throws {
        let key = try Ed25519PrivateKey.generate()
        let publicKey = try key.publicKey()
        let envelope = try EvidenceSigner.sign(Fixtures.maskStatement(), key: key)
        let expected = EvidenceError.signatureInvalid(keyID: publicKey.keyID, signedBy: [publicKey.keyID])

        var payload = try envelope.payloadBytes()
        payload[payload.count / 2] ^= 0x01
        var edited = envelope
        edited.payload = Data(payload).base64EncodedString()
        #expect(throws: expected) { try EvidenceVerifier.verify(edited, publicKey: publicKey) }

        var retyped = envelope
        retyped.payloadType = "application/json"
        #expect(throws: expected) { try EvidenceVerifier.verify(retyped, publicKey: publicKey) }

        var resigned = envelope
        resigned.signatures[0].sig = Data(repeating: 0, count: 64).base64EncodedString()
        #expect(throws: expected) { try EvidenceVerifier.verify(resigned, publicKey: publicKey) }

        var unsigned = envelope
        unsigned.signatures = []
        #expect(throws: EvidenceError.unsigned) { try EvidenceVerifier.verify(unsigned, publicKey: publicKey) }
    }

    @Test("verifying with another key says which key ids differ")
    func wrongKey() throws {
        let signer = try Ed25519PrivateKey.generate()
        let other = try Ed25519PrivateKey.generate().publicKey()
        let envelope = try EvidenceSigner.sign(Fixtures.maskStatement(), key: signer)
        let error = #expect(throws: EvidenceError.self) { try EvidenceVerifier.verify(envelope, publicKey: other) }
        #expect(error == .signatureInvalid(keyID: other.keyID, signedBy: [try signer.publicKey().keyID]))
        #expect(error?.description.contains("the public key given has key id \(other.keyID)") == true)
    }

    @Test("a correctly signed envelope of another payload type or statement type is rejected after the signature")
    func foreignContent() throws {
        let key = try Ed25519PrivateKey.generate()
        func envelope(type: String, payload: String) throws -> Envelope {
            let bytes = Array(payload.utf8)
            let sig = try key.sign(DSSE.preAuthenticationEncoding(payloadType: type, payload: bytes))
            return Envelope(
                payloadType: type, payload: Data(bytes).base64EncodedString(),
                signatures: [.init(keyid: try key.publicKey().keyID, sig: Data(sig).base64EncodedString())])
        }
        let publicKey = try key.publicKey()
        #expect(throws: EvidenceError.unexpectedPayloadType("text/plain")) {
            try EvidenceVerifier.verify(envelope(type: "text/plain", payload: "hello"), publicKey: publicKey)
        }
        #expect(throws: EvidenceError.unexpectedStatementType("https://in-toto.io/Statement/v0.1")) {
            try EvidenceVerifier.verify(
                envelope(
                    type: Envelope.inTotoPayloadType,
                    payload: #"{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"x"}"#),
                publicKey: publicKey)
        }
        #expect(throws: EvidenceError.unexpectedPredicateType("https://slsa.dev/provenance/v1")) {
            try EvidenceVerifier.verify(
                envelope(
                    type: Envelope.inTotoPayloadType,
                    payload:
                        #"{"_type":"https://in-toto.io/Statement/v1","predicateType":"https://slsa.dev/provenance/v1"}"#
                ), publicKey: publicKey)
        }
        #expect(throws: EvidenceError.malformedStatement(reason: "missing field 'subject' at the top level")) {
            try EvidenceVerifier.verify(
                envelope(
                    type: Envelope.inTotoPayloadType,
                    payload:
                        #"{"_type":"https://in-toto.io/Statement/v1","predicateType":"https://cleanroom.dev/evidence/run/v1"}"#
                ), publicKey: publicKey)
        }
    }
}
