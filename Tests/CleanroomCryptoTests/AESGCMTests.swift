import CleanroomCore
import Testing

@testable import CleanroomCrypto

/// AES-256-GCM against the test cases of the GCM specification (McGrew and Viega, the vectors NIST
/// SP 800-38D's validation uses): cases 13, 14 and 15, the 256-bit key without additional data.
@Suite("AES-256-GCM (GCM specification test cases 13–15)")
struct AESGCMTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var key: String
        var iv: String
        var plaintext: String
        var ciphertext: String
        var tag: String
        var description: String { name }
    }

    static let cases = [
        Case(
            name: "13", key: String(repeating: "00", count: 32), iv: String(repeating: "00", count: 12), plaintext: "",
            ciphertext: "", tag: "530f8afbc74536b9a963b4f1c4cb738b"),
        Case(
            name: "14", key: String(repeating: "00", count: 32), iv: String(repeating: "00", count: 12),
            plaintext: String(repeating: "00", count: 16), ciphertext: "cea7403d4d606b6e074ec5d3baf39d18",
            tag: "d0d1c8a799996bf0265b98b5d48ab919"),
        Case(
            name: "15", key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
            iv: "cafebabefacedbaddecaf888",
            plaintext: "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
            ciphertext: "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
            tag: "b094dac5d93471bdec1a502270e3cc6c"),
    ]

    @Test("seals to the specification's ciphertext and tag, and opens back", arguments: cases)
    func vector(_ c: Case) throws {
        let (key, iv, plaintext) = (Hex.decode(c.key)!, Hex.decode(c.iv)!, Hex.decode(c.plaintext)!)
        let sealed = try AESGCM.seal(plaintext, key: key, iv: iv)
        #expect(Hex.encode(sealed) == c.iv + c.ciphertext + c.tag)
        #expect(try AESGCM.open(sealed, key: key) == plaintext)
    }

    @Test("a changed byte, a cut, another key: refused, nothing returned")
    func refusals() throws {
        let key = Array(repeating: UInt8(7), count: 32)
        let sealed = try AESGCM.seal(Array("a vocabulary's bits".utf8), key: key)
        #expect(sealed.count == 12 + 19 + 16)
        for i in [0, 12, sealed.count - 1] {
            var changed = sealed
            changed[i] ^= 1
            #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(changed, key: key) }
        }
        #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(Array(sealed.dropLast()), key: key) }
        #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(Array(sealed.prefix(20)), key: key) }
        #expect(throws: CryptoError.authenticationFailed) {
            try AESGCM.open(sealed, key: Array(repeating: 8, count: 32))
        }
        #expect(try AESGCM.seal([1, 2, 3], key: key) != AESGCM.seal([1, 2, 3], key: key), "a fresh IV each time")
    }
}
