import CleanroomCore
import CleanroomCrypto
import CleanroomEvidence
import Foundation
import TestSupport
import Testing

@Suite("Signing key files")
struct SigningKeysTests {
    @Test("generate writes PEM files that openssl reads, with modes 0600 and 0644")
    func generateAndOpenSSL() throws {
        let (directory, files, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let attributes = FileManager.default
        #expect(try attributes.attributesOfItem(atPath: files.privateKeyPath)[.posixPermissions] as? Int == 0o600)
        #expect(try attributes.attributesOfItem(atPath: files.publicKeyPath)[.posixPermissions] as? Int == 0o644)
        #expect(
            try String(contentsOfFile: files.privateKeyPath, encoding: .utf8).hasPrefix("-----BEGIN PRIVATE KEY-----\n")
        )
        #expect(
            try String(contentsOfFile: files.publicKeyPath, encoding: .utf8).hasPrefix("-----BEGIN PUBLIC KEY-----\n"))

        #expect(try Subprocess.run(["openssl", "pkey", "-in", files.privateKeyPath, "-noout"]).status == 0)
        #expect(try Subprocess.run(["openssl", "pkey", "-pubin", "-in", files.publicKeyPath, "-noout"]).status == 0)
        // openssl derives the same public key from the private key file.
        let derived = try Subprocess.run(["openssl", "pkey", "-in", files.privateKeyPath, "-pubout"])
        #expect(derived.output == (try String(contentsOfFile: files.publicKeyPath, encoding: .utf8)))

        #expect(try key.publicKey() == publicKey)
        #expect(files.keyID == publicKey.keyID)
        #expect(files.keyID == Hex.encode(SHA256Hasher.digest(publicKey.raw)))
        // The documented recipe for the key id from signing.pub alone.
        let recipe = try Subprocess.run([
            "sh", "-c", "openssl pkey -pubin -in \"$0\" -outform DER | tail -c 32 | sha256sum", files.publicKeyPath,
        ])
        #expect(recipe.output.hasPrefix(files.keyID + " "))
    }

    @Test("Python cryptography reads both files and derives the same public key")
    func pythonCryptography() throws {
        let (directory, files, _, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = """
            import sys
            from cryptography.hazmat.primitives import serialization as s
            private = s.load_pem_private_key(open(sys.argv[1], "rb").read(), None)
            public = s.load_pem_public_key(open(sys.argv[2], "rb").read())
            raw = lambda k: k.public_bytes(s.Encoding.Raw, s.PublicFormat.Raw).hex()
            assert raw(private.public_key()) == raw(public)
            print(raw(public))
            """
        let result = try Subprocess.run(["python3", "-c", script, files.privateKeyPath, files.publicKeyPath])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output == Hex.encode(publicKey.raw) + "\n")
    }

    @Test("a key written by openssl genpkey loads")
    func opensslGeneratedKey() throws {
        let directory = try TestPaths.temporaryDirectory("cleanroom-evidence")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("external.key").path
        #expect(try Subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", path]).status == 0)
        chmod(path, 0o600)
        let key = try SigningKeys.loadPrivate(path: path)
        let signature = try key.sign(Array("message".utf8))
        #expect(try key.publicKey().isValidSignature(signature, for: Array("message".utf8)))
    }

    @Test("generate refuses to overwrite either file")
    func refusesOverwrite() throws {
        let (directory, files, _, _) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = try String(contentsOfFile: files.privateKeyPath, encoding: .utf8)
        #expect(throws: SigningKeyError.keyFileExists(path: files.privateKeyPath)) {
            try SigningKeys.generate(directory: directory.path)
        }
        #expect(try String(contentsOfFile: files.privateKeyPath, encoding: .utf8) == before)
        try FileManager.default.removeItem(atPath: files.privateKeyPath)
        #expect(throws: SigningKeyError.keyFileExists(path: files.publicKeyPath)) {
            try SigningKeys.generate(directory: directory.path)
        }
        #expect(!FileManager.default.fileExists(atPath: files.privateKeyPath))
    }

    @Test("a private key readable by group or others is refused, naming the path and the chmod fix")
    func refusesExposedKey() throws {
        let (directory, files, _, _) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        chmod(files.privateKeyPath, 0o644)
        let error = #expect(throws: SigningKeyError.self) { try SigningKeys.loadPrivate(path: files.privateKeyPath) }
        #expect(error == .privateKeyExposed(path: files.privateKeyPath, mode: "644"))
        #expect(error?.description.contains("chmod 600 \(files.privateKeyPath)") == true)
        chmod(files.privateKeyPath, 0o600)
        _ = try SigningKeys.loadPrivate(path: files.privateKeyPath)
    }

    @Test("a public key file where a private key is expected, and garbage, are refused with the path")
    func refusesWrongFiles() throws {
        let (directory, files, _, _) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let misplaced = directory.appendingPathComponent("copy.key").path
        try FileManager.default.copyItem(atPath: files.publicKeyPath, toPath: misplaced)
        chmod(misplaced, 0o600)
        let error = #expect(throws: SigningKeyError.self) { try SigningKeys.loadPrivate(path: misplaced) }
        #expect(error?.description.hasPrefix("\(misplaced): no PKCS#8 private key") == true)
        #expect(throws: SigningKeyError.self) { try SigningKeys.loadPublic(path: files.privateKeyPath + ".missing") }
        let rsa = directory.appendingPathComponent("rsa.pub").path
        #expect(
            try Subprocess.run([
                "sh", "-c",
                "openssl genpkey -algorithm rsa -pkeyopt rsa_keygen_bits:1024 | openssl pkey -pubout -out \"$0\"", rsa,
            ]).status == 0)
        let rsaError = #expect(throws: SigningKeyError.self) { try SigningKeys.loadPublic(path: rsa) }
        #expect(rsaError?.description.contains("not an Ed25519 key") == true)
    }
}

@Suite("Signing key errors")
struct SigningKeyErrorTests {
    @Test("a missing private key is a set-up error (exit 2) that says how to create one")
    func missing() {
        #expect(throws: SigningKeyError.missing(path: "/nonexistent.key")) {
            try SigningKeys.loadPrivate(path: "/nonexistent.key")
        }
        #expect(SigningKeyError.missing(path: "/x").exitStatus == .usage)
    }
}
