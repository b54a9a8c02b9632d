import CleanroomCore
import CleanroomCrypto
import Foundation
import TestSupport
import Testing

struct VectorFile<Case: Decodable>: Decodable {
    var cases: [Case]
}

struct HMACCase: Decodable, CustomTestStringConvertible {
    var name: String
    var key_hex: String
    var data_hex: String
    var expected_mac_hex: String
    var truncate_bits: Int?
    var testDescription: String { name }
}

struct FF1Case: Decodable, CustomTestStringConvertible {
    var name: String
    var key_hex: String
    var tweak_hex: String
    var radix: Int
    var alphabet: String
    var plaintext: String
    var ciphertext: String
    var testDescription: String { name }
}

struct Ed25519Case: Decodable, CustomTestStringConvertible {
    var name: String
    var secret_key_hex: String
    var public_key_hex: String
    var message_hex: String
    var signature_hex: String
    var testDescription: String { name }
}

func load<C: Decodable>(_ file: String, _: C.Type) -> [C] {
    (try? TestPaths.vectors(file, as: VectorFile<C>.self).cases) ?? []
}

@Suite("Published standards' vectors")
struct StandardVectorTests {
    @Test("the vector files are present and complete")
    func vectorFilesLoad() {
        #expect(load("hmac-sha256-rfc4231.json", HMACCase.self).count == 7)
        #expect(load("fpe-ff1-nist-sp800-38g.json", FF1Case.self).count == 9)
        #expect(load("ed25519-rfc8032.json", Ed25519Case.self).count == 3)
    }

    @Test("RFC 4231 HMAC-SHA256", arguments: load("hmac-sha256-rfc4231.json", HMACCase.self))
    func hmac(_ c: HMACCase) {
        var mac = HMACSHA256(key: hexBytes(c.key_hex)).mac(hexBytes(c.data_hex))
        if let bits = c.truncate_bits { mac = Array(mac.prefix(bits / 8)) }
        #expect(Hex.encode(mac) == c.expected_mac_hex)
    }

    @Test(
        "RFC 4231 HMAC-SHA256 with the message split into a precomputed prefix",
        arguments: load("hmac-sha256-rfc4231.json", HMACCase.self))
    func hmacWithPrefix(_ c: HMACCase) {
        let data = hexBytes(c.data_hex)
        let cut = data.count / 3
        var mac = HMACSHA256(key: hexBytes(c.key_hex), prefix: Array(data[..<cut])).mac(Array(data[cut...]))
        if let bits = c.truncate_bits { mac = Array(mac.prefix(bits / 8)) }
        #expect(Hex.encode(mac) == c.expected_mac_hex)
    }

    @Test(
        "NIST SP 800-38G FF1 samples encrypt and decrypt", arguments: load("fpe-ff1-nist-sp800-38g.json", FF1Case.self))
    func ff1(_ c: FF1Case) throws {
        let alphabet = Array(c.alphabet)
        let toNumerals = { (s: String) in s.map { UInt16(alphabet.firstIndex(of: $0)!) } }
        let fromNumerals = { (n: [UInt16]) in String(n.map { alphabet[Int($0)] }) }
        let ff1 = try FF1(key: hexBytes(c.key_hex), radix: c.radix)
        let tweak = hexBytes(c.tweak_hex)
        #expect(fromNumerals(try ff1.encrypt(toNumerals(c.plaintext), tweak: tweak)) == c.ciphertext)
        #expect(fromNumerals(try ff1.decrypt(toNumerals(c.ciphertext), tweak: tweak)) == c.plaintext)
    }

    @Test(
        "RFC 8032 Ed25519 key derivation, signing and verification",
        arguments: load("ed25519-rfc8032.json", Ed25519Case.self))
    func ed25519(_ c: Ed25519Case) throws {
        let key = try Ed25519PrivateKey(seed: hexBytes(c.secret_key_hex))
        let publicKey = try key.publicKey()
        #expect(Hex.encode(publicKey.raw) == c.public_key_hex)
        let message = hexBytes(c.message_hex)
        let signature = try key.sign(message)
        #expect(Hex.encode(signature) == c.signature_hex)
        #expect(publicKey.isValidSignature(signature, for: message))
        var tampered = signature
        tampered[0] ^= 1
        #expect(!publicKey.isValidSignature(tampered, for: message))
        #expect(!publicKey.isValidSignature(signature, for: message + [0]))
    }
}
