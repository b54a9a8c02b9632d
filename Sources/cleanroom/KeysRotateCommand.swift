import ArgumentParser
import CleanroomCore
import CleanroomCrypto
import CleanroomEvidence
import CleanroomMasking
import CleanroomPipeline
import Foundation

extension KeysCommand {
    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the signing key: a ledger entry signed by the old key names the new one.",
            discussion: """
                The current key is the one signing commands use: --signing-key, else $CLEANROOM_SIGNING_KEY_FILE, \
                else keys/signing.key. Verifiers keep their pin on the old key and follow the rotation entry; the old \
                public key is kept in keys/retired/<key id>.pub. \
                The workspace's own key is replaced in place: the next pair becomes keys/signing.key and \
                keys/signing.pub, and the old private key is deleted. A key given by --signing-key or \
                $CLEANROOM_SIGNING_KEY_FILE (a CI secret, perhaps mounted read-only) is never overwritten or \
                deleted: --next-key PATH is then required, a new file that receives the next private key (mode \
                0600, its public key beside it: PATH with .key replaced by .pub, else PATH.pub). From then on \
                point CLEANROOM_SIGNING_KEY_FILE at PATH: the ledger no longer accepts entries signed by the old key.
                """
        )

        @OptionGroup var evidence: EvidenceOptions

        @Option(
            help: ArgumentHelp(
                "A new file for the next private key (mode 0600; never overwritten). Required when the current key "
                    + "comes from --signing-key or $CLEANROOM_SIGNING_KEY_FILE.",
                valueName: "path"))
        var nextKey: String?

        /// Where the next key pair goes, and the folder it is generated in until the ledger names it.
        struct Destination {
            var privateKeyPath: String
            var publicKeyPath: String
            /// Beside the destination, so that moving the pair there is a rename on one file system.
            var staging: String
            /// True for the workspace's own pair, replaced in place; a `--next-key` file must be new.
            var replaces: Bool
        }

        /// The next pair's place for a current key from `source`: the workspace's own files, or the
        /// caller's `--next-key`, which must not exist yet.
        static func destination(
            of source: SigningKeySource, nextKey: String?, in workspace: Workspace
        ) throws
            -> Destination
        {
            switch (source, nextKey) {
            case (.workspace, nil):
                return Destination(
                    privateKeyPath: workspace.signingKeyPath, publicKeyPath: workspace.publicKeyPath,
                    staging: (workspace.keysDirectory as NSString).appendingPathComponent(".rotating"), replaces: true)
            case (.workspace(let path), .some):
                throw KeyRotationError.nextKeyForWorkspaceKey(currentKey: path)
            case (.caller(let path), nil):
                throw KeyRotationError.nextKeyRequired(currentKey: path)
            case (.caller, .some(let next)):
                let destination = Destination(
                    privateKeyPath: next, publicKeyPath: SigningKeys.publicKeyPath(besidePrivateKey: next),
                    staging: ((next as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
                        ".\((next as NSString).lastPathComponent).rotating"),
                    replaces: false)
                for path in [destination.privateKeyPath, destination.publicKeyPath]
                where FileManager.default.fileExists(atPath: path) {
                    throw KeyRotationError.nextKeyExists(path: path)
                }
                return destination
            }
        }

        func run() throws {
            let workspace = Workspace()
            let source = evidence.signingKeySource(workspace: workspace)
            let current = try SigningKeys.loadPrivate(path: source.path)
            let currentPublic = try current.publicKey()
            let destination = try Self.destination(of: source, nextKey: nextKey, in: workspace)
            let ledgerPath = evidence.ledger ?? workspace.ledgerPath
            do {
                try FileManager.default.createDirectory(
                    atPath: (ledgerPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            } catch {
                throw LedgerError.io(
                    path: ledgerPath, message: "cannot create its folder: \(error.localizedDescription)")
            }
            let ledger = Ledger(path: ledgerPath)
            // Only the key in force may hand the ledger on: refused before a next key is made.
            try ledger.checkAppendable(signedBy: currentPublic)
            // A staging folder left by an interrupted rotation may hold the key the ledger names: never reuse it.
            if FileManager.default.fileExists(atPath: destination.staging) {
                throw SigningKeyError.keyFileExists(path: destination.staging)
            }
            let next = try SigningKeys.generate(directory: destination.staging)
            let entry: LedgerEntry
            do {
                entry = try ledger.appendRotation(
                    from: current, to: try SigningKeys.loadPublic(path: next.publicKeyPath),
                    toolVersion: CleanroomVersion.current, actor: .current())
            } catch {
                // Nothing names the next key: it must not outlive the failure.
                for path in [next.privateKeyPath, next.publicKeyPath] { unlink(path) }
                rmdir(destination.staging)
                throw error
            }
            let retired = (KeysCommand.retiredDirectory(workspace) as NSString).appendingPathComponent(
                "\(currentPublic.keyID).pub")
            let steps: [(what: String, run: () throws -> Void)] = [
                (
                    "write the old public key to \(retired) (`openssl pkey -in \(source.path) -pubout`)",
                    { try Self.write(currentPublic, to: retired) }
                ),
                (
                    "move \(next.privateKeyPath) to \(destination.privateKeyPath)",
                    {
                        try Self.move(
                            next.privateKeyPath, to: destination.privateKeyPath, replacing: destination.replaces)
                    }
                ),
                (
                    "move \(next.publicKeyPath) to \(destination.publicKeyPath)",
                    {
                        try Self.move(
                            next.publicKeyPath, to: destination.publicKeyPath, replacing: destination.replaces)
                    }
                ),
            ]
            for (index, step) in steps.enumerated() {
                do {
                    try step.run()
                } catch {
                    throw KeyRotationError.incomplete(
                        entry: entry.seq, currentKeyID: currentPublic.keyID, nextKeyID: next.keyID,
                        failed: step.what, reason: "\(error)", remaining: steps[(index + 1)...].map(\.what))
                }
            }
            rmdir(destination.staging)
            say("rotated: entry \(entry.seq) of the ledger, signed by key \(currentPublic.keyID), names the next key")
            say("signing key fingerprint: \(next.keyID) (signs every later entry)")
            say("retired public key: \(retired)")
            if case .caller(let path) = source {
                say("next signing key: \(destination.privateKeyPath) (mode 0600)")
                say("next public key:  \(destination.publicKeyPath)")
                say(
                    "now point \(EvidenceOptions.signingKeyFileVariable) at \(destination.privateKeyPath) (and store it "
                        + "as the CI secret): the ledger no longer accepts entries signed by \(path), which was left "
                        + "as it was")
            }
            say("auditors keep their pin on \(currentPublic.keyID): verify follows the rotation")
        }

        /// Writes `key` as SubjectPublicKeyInfo PEM to `path`, creating its folder, replacing a file there
        /// (a retired key's file is named by its id, so it can only hold the same key).
        static func write(_ key: Ed25519PublicKey, to path: String) throws {
            do {
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(key.subjectPublicKeyInfoPEM().utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw SigningKeyError.io(path: path, message: error.localizedDescription)
            }
        }

        /// Renames `from` to `to`; unless `replacing`, refuses a file already at `to` (one that appeared
        /// there after `destination` checked) in the same step: `link(2)` fails on an existing name,
        /// where a check before `rename(2)` would leave a moment for a file to appear and be replaced.
        static func move(_ from: String, to: String, replacing: Bool) throws {
            let moved = replacing ? rename(from, to) == 0 : link(from, to) == 0
            guard moved else {
                if !replacing && errno == EEXIST { throw SigningKeyError.keyFileExists(path: to) }
                throw SigningKeyError.io(
                    path: from, message: "cannot move to \(to): \(String(cString: strerror(errno)))")
            }
            if !replacing { unlink(from) }
        }
    }
}

/// Refusals and failures of `keys rotate`. Messages name files and key ids, never key material.
enum KeyRotationError: CleanroomError {
    /// The current key is the caller's file and no `--next-key` says where the next one goes.
    case nextKeyRequired(currentKey: String)
    /// `--next-key` was given, but the current key is the workspace's own, which is replaced in place.
    case nextKeyForWorkspaceKey(currentKey: String)
    /// A file is already where `--next-key` would put the next key or its public key.
    case nextKeyExists(path: String)
    /// The ledger names the next key, but a step after that failed; `remaining` were not attempted.
    case incomplete(
        entry: Int, currentKeyID: String, nextKeyID: String, failed: String, reason: String, remaining: [String])

    var exitStatus: ExitStatus {
        switch self {
        case .nextKeyRequired, .nextKeyForWorkspaceKey, .nextKeyExists: .usage
        case .incomplete: .runFailed
        }
    }

    var description: String {
        switch self {
        case .nextKeyRequired(let currentKey):
            "the signing key \(currentKey) comes from --signing-key or $\(EvidenceOptions.signingKeyFileVariable), "
                + "and keys rotate never overwrites or deletes that file: give --next-key PATH, a new file for the "
                + "next private key; nothing was changed"
        case .nextKeyForWorkspaceKey(let currentKey):
            "--next-key is for a key given by --signing-key or $\(EvidenceOptions.signingKeyFileVariable); the "
                + "workspace's own key \(currentKey) is replaced in place: leave --next-key out; nothing was changed"
        case .nextKeyExists(let path):
            "--next-key: \(path) already exists; keys rotate writes the next key only to new files: give a path "
                + "where neither it nor its .pub exists; nothing was changed"
        case .incomplete(let entry, let currentKeyID, let nextKeyID, let failed, let reason, let remaining):
            "ledger entry \(entry), signed by key \(currentKeyID), already names key \(nextKeyID) as the signing key, "
                + "but keys rotate could not \(failed): \(reason); still to do by hand: "
                + ([failed] + remaining).joined(separator: ", then ")
                + ". Sign nothing until then: the ledger no longer accepts entries signed by \(currentKeyID)"
        }
    }
}
