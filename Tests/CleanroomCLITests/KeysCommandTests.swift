import Foundation
import TestSupport
import Testing

@Suite("cleanroom keys init")
struct KeysCommandTests {
    @Test("writes a masking key and an Ed25519 pair with safe modes, and refuses to overwrite them")
    func keysInit() throws {
        let runner = try CommandLineRunner()  // runs `keys init` once
        defer { runner.cleanUp() }
        let keys = runner.home.appendingPathComponent("keys")
        let mode = { (name: String) in
            (try FileManager.default.attributesOfItem(atPath: keys.appendingPathComponent(name).path)[.posixPermissions]
                as? Int) ?? -1
        }
        #expect(try mode("masking.key") == 0o600)
        #expect(try mode("signing.key") == 0o600)
        #expect(try mode("signing.pub") == 0o644)
        let before = try String(contentsOf: keys.appendingPathComponent("masking.key"), encoding: .utf8)
        let again = try runner.run(["keys", "init"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("refusing to overwrite"))
        #expect(try String(contentsOf: keys.appendingPathComponent("masking.key"), encoding: .utf8) == before)
        #expect(!again.all.contains(before.trimmingCharacters(in: .whitespacesAndNewlines)))
        // openssl reads the private key: it is standard PKCS#8.
        let openssl = try Subprocess.run([
            "openssl", "pkey", "-in", keys.appendingPathComponent("signing.key").path, "-noout",
        ])
        #expect(openssl.status == 0)
    }

    @Test("a key file readable by others is refused by mask with exit 2 and the chmod fix")
    func exposedKey() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        chmod(runner.maskingKeyPath, 0o644)
        let outcome = try runner.run([
            "mask", "--source", "sqlite:/nonexistent.db", "--target", "sqlite:/tmp/never.db",
            "--rules", Fixtures.pagilaRulesPath, "--key-file", runner.maskingKeyPath,
        ])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("chmod 600"))
    }
}
