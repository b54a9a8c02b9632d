import CleanroomCore
import CleanroomCrypto
import TestSupport
import Testing

@Suite("HKDF and SHA-256")
struct HKDFTests {
    @Test("RFC 5869 test case 1 (HKDF-SHA256)")
    func rfc5869Case1() throws {
        let okm = try HKDF.sha256(
            key: hexBytes("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
            salt: hexBytes("000102030405060708090a0b0c"),
            info: hexBytes("f0f1f2f3f4f5f6f7f8f9"),
            length: 42)
        #expect(
            Hex.encode(okm) == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
    }

    @Test("SHA-256 of 'abc' (FIPS 180-4 example) and of streamed pieces")
    func sha256() {
        #expect(
            Hex.encode(SHA256Hasher.digest(Array("abc".utf8)))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var h = SHA256Hasher()
        h.update(Array("a".utf8))
        h.update(Array("bc".utf8))
        #expect(Hex.encode(h.finalize()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
