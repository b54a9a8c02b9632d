import CleanroomCore
import CleanroomCrypto
import CleanroomEvidence
import Foundation
import Testing

@Suite("Key pins, the trust file and ledger heads")
struct KeyPinTests {
    /// A workspace-like layout: `home/keys/signing.pub` (the writers' copy) and `config/` outside it.
    struct Layout {
        let root: URL
        let home: URL
        let keyFiles: SigningKeyFiles
        let key: Ed25519PrivateKey
        let publicKey: Ed25519PublicKey
        var trustFile: TrustFile { TrustFile(path: root.appendingPathComponent("config/cleanroom/trusted-keys").path) }

        init() throws {
            let (root, _, _, _) = try Fixtures.keys()
            self.root = root
            home = root.appendingPathComponent("home")
            keyFiles = try SigningKeys.generate(directory: home.appendingPathComponent("keys").path)
            key = try SigningKeys.loadPrivate(path: keyFiles.privateKeyPath)
            publicKey = try SigningKeys.loadPublic(path: keyFiles.publicKeyPath)
        }

        func request(
            publicKeyFile: String? = nil, fingerprint: String? = nil, ledgerKeyIDs: [String] = []
        ) -> KeyPin.Request {
            KeyPin.Request(
                publicKeyFile: publicKeyFile, fingerprint: fingerprint, trustFile: trustFile,
                untrustedFolders: [home.path], workspaceKeyFiles: [keyFiles.publicKeyPath], ledgerKeyIDs: ledgerKeyIDs)
        }
    }

    @Test("nothing pinned: noPin, a usage error whose message says what a pin is and how to set one")
    func noPin() throws {
        let layout = try Layout()
        defer { try? FileManager.default.removeItem(at: layout.root) }
        #expect(throws: KeyPinError.noPin(trustFile: layout.trustFile.path)) { try KeyPin.resolve(layout.request()) }
        let message = KeyPinError.noPin(trustFile: layout.trustFile.path).description
        #expect(
            message.contains("A pin is") && message.contains("--key-fingerprint")
                && message.contains(layout.trustFile.path))
        #expect(KeyPinError.noPin(trustFile: nil).exitStatus == .usage)
    }

    @Test("the key file beside the ledger is trusted only once the trust file pins it")
    func besideLedger() throws {
        let layout = try Layout()
        defer { try? FileManager.default.removeItem(at: layout.root) }
        let request = layout.request(publicKeyFile: layout.keyFiles.publicKeyPath)
        #expect(
            throws: KeyPinError.keyInWritersFolder(
                path: layout.keyFiles.publicKeyPath, folder: layout.home.path,
                trustFile: layout.trustFile.path)
        ) { try KeyPin.resolve(request) }
        try layout.trustFile.add(layout.publicKey, comment: "test")
        try layout.trustFile.add(layout.publicKey, comment: "again")
        #expect(try layout.trustFile.entries().count == 1, "adding a pinned key twice keeps one line")
        let pin = try KeyPin.resolve(request)
        #expect(pin.publicKey == layout.publicKey)
        #expect(pin.source == .trustFile(path: layout.trustFile.path, line: 1))
        #expect(try KeyPin.resolve(layout.request()) == pin)
    }

    @Test("a fingerprint pin authenticates key material from anywhere; a replaced key matches no pin")
    func fingerprint() throws {
        let layout = try Layout()
        defer { try? FileManager.default.removeItem(at: layout.root) }
        let pin = try KeyPin.resolve(layout.request(fingerprint: layout.publicKey.keyID.uppercased()))
        #expect(pin.publicKey == layout.publicKey && pin.source == .fingerprint(keyFrom: layout.keyFiles.publicKeyPath))

        let forged = try SigningKeys.generate(directory: layout.root.appendingPathComponent("forged").path)
        try FileManager.default.removeItem(atPath: layout.keyFiles.publicKeyPath)
        try FileManager.default.copyItem(atPath: forged.publicKeyPath, toPath: layout.keyFiles.publicKeyPath)
        #expect(
            throws: KeyPinError.noKeyWithFingerprint(
                layout.publicKey.keyID,
                offered: ["\(layout.keyFiles.publicKeyPath) has fingerprint \(forged.keyID)"])
        ) {
            try KeyPin.resolve(layout.request(fingerprint: layout.publicKey.keyID))
        }
        #expect(throws: KeyPinError.malformedFingerprint("abc")) {
            try KeyPin.resolve(layout.request(fingerprint: "abc"))
        }
        // With the genuine key in the trust file, the fingerprint finds it there, not in the forged file.
        try layout.trustFile.add(layout.publicKey, comment: "genuine")
        let fromTrustFile = try KeyPin.resolve(layout.request(fingerprint: layout.publicKey.keyID))
        #expect(fromTrustFile.publicKey == layout.publicKey)
        #expect(fromTrustFile.source == .fingerprint(keyFrom: "\(layout.trustFile.path), line 1"))
    }

    @Test("among several pinned keys the one that signed the first entry is chosen; none matching is an error")
    func severalPins() throws {
        let layout = try Layout()
        defer { try? FileManager.default.removeItem(at: layout.root) }
        let other = try SigningKeys.generate(directory: layout.root.appendingPathComponent("other").path)
        try layout.trustFile.add(try SigningKeys.loadPublic(path: other.publicKeyPath), comment: "another workspace")
        try layout.trustFile.add(layout.publicKey, comment: "this workspace")
        let chosen = try KeyPin.resolve(layout.request(ledgerKeyIDs: [layout.publicKey.keyID]))
        #expect(chosen.source == .trustFile(path: layout.trustFile.path, line: 2))
        // The writers' key file replaced by an unpinned one and the ledger re-signed with it.
        try FileManager.default.removeItem(atPath: layout.keyFiles.publicKeyPath)
        let forged = try SigningKeys.generate(directory: layout.root.appendingPathComponent("forged").path)
        try FileManager.default.copyItem(atPath: forged.publicKeyPath, toPath: layout.keyFiles.publicKeyPath)
        #expect(
            throws: KeyPinError.noPinnedKeyMatches(
                trustFile: layout.trustFile.path, pinned: 2, ledgerKeyIDs: [forged.keyID])
        ) {
            try KeyPin.resolve(layout.request(ledgerKeyIDs: [forged.keyID]))
        }
    }

    @Test("trust file lines: malformed or mismatched lines name file:line; one inside CLEANROOM_HOME is refused")
    func trustFileLines() throws {
        let layout = try Layout()
        defer { try? FileManager.default.removeItem(at: layout.root) }
        try layout.trustFile.add(layout.publicKey, comment: "ok")
        let good = try String(contentsOfFile: layout.trustFile.path, encoding: .utf8)
        try (good + "# a comment\n\n" + "not a key\n").write(
            toFile: layout.trustFile.path, atomically: true, encoding: .utf8)
        #expect(
            throws: KeyPinError.malformedTrustFile(
                SourceLocation(file: layout.trustFile.path, line: 4),
                reason: "expected `<fingerprint> ed25519 <base64 raw key> [comment]`")
        ) {
            try layout.trustFile.entries()
        }
        let swapped = String(repeating: "0", count: 64) + good.drop { $0 != " " }
        try swapped.write(toFile: layout.trustFile.path, atomically: true, encoding: .utf8)
        #expect(
            throws: KeyPinError.malformedTrustFile(
                SourceLocation(file: layout.trustFile.path, line: 1),
                reason: "the fingerprint is not the SHA-256 of the key on the line")
        ) {
            try layout.trustFile.entries()
        }
        let inside = TrustFile(path: layout.home.appendingPathComponent("config/cleanroom/trusted-keys").path)
        try inside.add(layout.publicKey, comment: "planted by a writer")
        var request = layout.request()
        request.trustFile = inside
        #expect(throws: KeyPinError.trustFileInWritersFolder(path: inside.path, folder: layout.home.path)) {
            try KeyPin.resolve(request)
        }
        #expect(KeyPin.isInside(layout.home.appendingPathComponent("keys/../keys/signing.pub").path, layout.home.path))
        #expect(!KeyPin.isInside(layout.root.appendingPathComponent("home-copy/signing.pub").path, layout.home.path))
    }

    @Test("head and expectedHead: intact and extended ledgers hold it; a cut or rewritten tail does not")
    func heads() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 3, key: key)
        let head = try #require(try ledger.head())
        let lines = try Fixtures.lines(of: ledger)
        #expect(head == LedgerHead(seq: 3, digest: Hex.encode(SHA256Hasher.digest(Array(lines[2].utf8)))))
        #expect(
            LedgerHead(parsing: head.description) == head
                && LedgerHead(parsing: "3:\(head.digest.uppercased())") == head)
        #expect(LedgerHead(parsing: "0:\(head.digest)") == nil && LedgerHead(parsing: "3:abc") == nil)
        let pin = KeyPin(publicKey: publicKey, source: .publicKeyFile(path: "auditor.pub"))
        let intact = try ledger.verify(against: pin, expectedHead: head)
        #expect(intact.isValid && intact.head == head && intact.pin == pin.source && intact.expectedHead == head)

        try Fixtures.write(Array(lines.prefix(2)), to: ledger)
        #expect(try ledger.verify(publicKey: publicKey).isValid, "a cut ledger is valid in itself")
        #expect(
            try ledger.verify(publicKey: publicKey, expectedHead: head).problems == [
                .headMissing(expected: head, lastSeq: 2)
            ])

        try ledger.append(EvidenceSigner.sign(Fixtures.maskStatement(9), key: key))
        let rewritten = try ledger.verify(publicKey: publicKey, expectedHead: head)
        let found = try #require(try ledger.head())
        #expect(
            rewritten.problems == [
                .headForked(expected: head, found: found.digest, SourceLocation(file: ledger.path, line: 3))
            ])

        try Fixtures.write(lines, to: ledger)
        try ledger.append(EvidenceSigner.sign(Fixtures.maskStatement(4), key: key))
        #expect(
            try ledger.verify(publicKey: publicKey, expectedHead: head).isValid,
            "an older head is an ancestor of the new one")
        try Data().write(to: URL(fileURLWithPath: ledger.path))
        #expect(try ledger.head() == nil)
    }
}
