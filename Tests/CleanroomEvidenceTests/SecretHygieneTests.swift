import CleanroomCore
import CleanroomCrypto
import CleanroomEvidence
import Foundation
import Testing

@Suite("No secrets in evidence")
struct SecretHygieneTests {
    @Test("envelopes, payloads, ledger and reports hold the key fingerprint and key id, never a key")
    func noSecrets() throws {
        let (directory, files, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let maskingKey = try SecureRandom.bytes(32)
        let maskingKeyHex = Hex.encode(maskingKey)
        // The fingerprint as DESIGN §5 defines it: HMAC(key, "cleanroom key id"), first 8 bytes.
        let fingerprint = Hex.encode(HMACSHA256(key: maskingKey).mac(Array("cleanroom key id".utf8)).prefix(8))

        let ledger = Ledger(path: directory.appendingPathComponent("ledger.jsonl").path)
        let envelope = try EvidenceSigner.sign(Fixtures.maskStatement(1, fingerprint: fingerprint), key: key)
        try ledger.append(envelope)
        let report = try ledger.verify(publicKey: publicKey)
        let outputs = [
            "envelope": String(decoding: try EvidenceJSON.encode(envelope), as: UTF8.self),
            "payload": String(decoding: try envelope.payloadBytes(), as: UTF8.self),
            "ledger": try String(contentsOfFile: ledger.path, encoding: .utf8),
            "html report": AuditReport.render(report, format: .html),
            "markdown report": AuditReport.render(report, format: .markdown),
        ]

        let pem = try String(contentsOfFile: files.privateKeyPath, encoding: .utf8)
        let pemBody = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let secrets = [
            "masking key (hex)": maskingKeyHex,
            "masking key (HEX)": maskingKeyHex.uppercased(),
            "masking key (base64)": Data(maskingKey).base64EncodedString(),
            "private key PEM body": pemBody,
            "private key seed (hex)": Hex.encode(key.seed),
            "private key seed (base64)": Data(key.seed).base64EncodedString(),
        ]
        #expect(pemBody.count > 40)
        for (output, text) in outputs {
            for (secret, value) in secrets {
                #expect(!text.contains(value), "\(secret) appears in the \(output)")
            }
        }
        for output in ["payload", "html report", "markdown report"] {
            #expect(outputs[output]?.contains(fingerprint) == true, "the fingerprint is missing from the \(output)")
        }
        #expect(outputs["html report"]?.contains(files.keyID) == true)
    }
}
