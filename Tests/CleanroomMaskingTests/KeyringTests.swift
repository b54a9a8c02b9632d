import CleanroomCore
import Foundation
import TestSupport
import Testing

@testable import CleanroomMasking

@Suite("Masking keys")
struct KeyringTests {
    /// 32 bytes with no pattern (the SHA-256 of "cleanroom keyring test").
    static let keyHex = "5b1d0a7e9c2f4e68a3d1b7c905e2f6a48c3b9e1d7f2a6c504e8b1d3f9a7c2e61"

    @Test("a hex or base64 key from the environment loads; its fingerprint is stable and not the key")
    func environmentKey() throws {
        let a = try Keyring.load(keyFile: nil, environment: [Keyring.environmentVariable: Self.keyHex])
        let b64 = Data(hexBytes(Self.keyHex)).base64EncodedString()
        let b = try Keyring.load(keyFile: nil, environment: [Keyring.environmentVariable: "base64:" + b64])
        let c = try Keyring.load(keyFile: nil, environment: [Keyring.environmentVariable: "hex:" + Self.keyHex])
        #expect(a.fingerprint == b.fingerprint && b.fingerprint == c.fingerprint)
        #expect(a.fingerprint.count == 16)
        #expect(!Self.keyHex.contains(a.fingerprint))
        #expect(!String(describing: a).contains("a1b2"))
        #expect(!String(reflecting: a).contains("a1b2"))
        var dumped = ""
        dump(a, to: &dumped)
        #expect(!dumped.contains("a1b2"))
    }

    @Test("a key shorter than 32 bytes, an unreadable key and no key are refused with clear errors")
    func badKeys() {
        #expect(throws: MaskingError.keyTooShort(bytes: 16, source: Keyring.environmentVariable)) {
            try Keyring.load(
                keyFile: nil, environment: [Keyring.environmentVariable: String(repeating: "ab", count: 16)])
        }
        #expect(throws: MaskingError.keyUnreadable(source: Keyring.environmentVariable)) {
            try Keyring.load(keyFile: nil, environment: [Keyring.environmentVariable: "not a key!"])
        }
        #expect(throws: MaskingError.keyMissing) { try Keyring.load(keyFile: nil, environment: [:]) }
        // 80 characters that are not hex: valid base64 of a repeating 60-byte pattern, once taken silently.
        #expect(throws: MaskingError.keyUnreadable(source: Keyring.environmentVariable)) {
            try Keyring.load(
                keyFile: nil, environment: [Keyring.environmentVariable: String(repeating: "z", count: 80)])
        }
        #expect(throws: MaskingError.keyLowEntropy(source: Keyring.environmentVariable)) {
            try Keyring.load(
                keyFile: nil, environment: [Keyring.environmentVariable: "base64:" + String(repeating: "z", count: 80)])
        }
        #expect(throws: MaskingError.keyLowEntropy(source: Keyring.environmentVariable)) {
            try Keyring.load(
                keyFile: nil, environment: [Keyring.environmentVariable: String(repeating: "a1b2c3d4", count: 8)])
        }
        let b64 = Data(hexBytes(Self.keyHex)).base64EncodedString()
        #expect(throws: MaskingError.keyUnreadable(source: Keyring.environmentVariable)) {
            try Keyring.load(keyFile: nil, environment: [Keyring.environmentVariable: b64])
        }
    }

    @Test("a key file readable by others is refused; a 0600 one loads; an existing one is never overwritten")
    func keyFiles() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("masking.key").path
        let created = try Keyring.createKeyFile(at: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try Keyring.load(keyFile: path, environment: [:]).fingerprint == created.fingerprint)
        #expect(throws: MaskingError.keyFileExists(path: path)) { try Keyring.createKeyFile(at: path) }
        chmod(path, 0o644)
        #expect(throws: MaskingError.keyFilePermissions(path: path, mode: "644")) {
            try Keyring.load(keyFile: path, environment: [:])
        }
        let message = MaskingError.keyFilePermissions(path: path, mode: "644").description
        #expect(message.contains(path) && message.contains("chmod 600"))
    }

    @Test("scoped keys differ from the master and from each other, and are deterministic")
    func scopes() throws {
        let master = try MaskingKey(bytes: hexBytes(Self.keyHex))
        let a = try master.scoped(to: "ci-123")
        let b = try master.scoped(to: "ci-124")
        #expect(a.fingerprint != master.fingerprint)
        #expect(a.fingerprint != b.fingerprint)
        #expect(try master.scoped(to: "ci-123").fingerprint == a.fingerprint)
    }
}
