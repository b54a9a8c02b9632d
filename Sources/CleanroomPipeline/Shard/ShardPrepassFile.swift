import CleanroomCore
import CleanroomCrypto
import CleanroomMasking
import Foundation

/// `prepass.sealed`, beside the plan: what `shard plan`'s source pre-pass found (`SourcePrepass`:
/// the run vocabulary and the re-drawn inputs of `unique: true` columns), so that no shard and not
/// `finish` read the source's vocabulary and unique columns again.
///
/// Its contents are keyed digests only (the vocabulary's Bloom filter, keyed under the masking key;
/// the re-drawn inputs' 64-bit fingerprints), and still they are sealed (AES-256-GCM, `AESGCM`) under
/// a key every process derives from the masking key and the plan's id, as the leak-probe secret is:
/// the fingerprints are unkeyed, and a guessed value could be tested against them. The plan names
/// the sealed file by size and SHA-256, and opening it checks its tag, so a changed byte is refused.
enum ShardPrepassFile {
    static let name = "prepass.sealed"

    /// What is sealed: JSON of the vocabulary filter's bits and the re-drawn inputs.
    private struct Contents: Codable {
        var format = "cleanroom-shard-prepass/1"
        var vocabulary: Vocabulary?
        var draws: [Draw]

        struct Vocabulary: Codable {
            var filter: Data
            var learnt: Int
        }

        struct Draw: Codable {
            var domain: String
            var maximumLength: Int?
            var fingerprint: UInt64
            var attempt: Int
        }
    }

    /// Seals `found` into `directory` for plan `id`.
    /// - Returns: the sealed file as the plan names it.
    static func write(
        _ found: SourcePrepass.Found, plan id: String, key: MaskingKey, directory: String
    ) throws -> ShardPlan.SealedFile {
        let contents = Contents(
            vocabulary: found.vocabulary.map { vocabulary in
                Contents.Vocabulary(filter: vocabulary.withContents { Data($0) }, learnt: vocabulary.learnt)
            },
            draws: found.uniqueDraws.entries.map {
                Contents.Draw(
                    domain: $0.group.domain, maximumLength: $0.group.maximumLength, fingerprint: $0.fingerprint,
                    attempt: $0.attempt)
            })
        let sealed = Data(try AESGCM.seal(Array(try JSONEncoder().encode(contents)), key: try sealingKey(id, key)))
        try ShardFiles.write(sealed, to: path(in: directory))
        return ShardPlan.SealedFile(bytes: sealed.count, sha256: Hex.encode(SHA256Hasher.digest(sealed)))
    }

    /// What `plan`'s pre-pass found, from its sealed file.
    /// - Throws: `ShardError.refused` for a file whose size or digest is not the plan's, or that does
    ///   not open under this key; `.unreadable` for a missing or malformed one.
    static func read(_ plan: LoadedShardPlan, key: MaskingKey) throws -> SourcePrepass.Found {
        let path = path(in: plan.directory)
        guard let sealed = FileManager.default.contents(atPath: path) else {
            throw ShardError.unreadable(path: path, reason: "no such file (`shard plan` writes it beside the plan)")
        }
        guard sealed.count == plan.plan.prepass.bytes,
            Hex.encode(SHA256Hasher.digest(sealed)) == plan.plan.prepass.sha256
        else { throw ShardError.refused(path: path, reason: "its size or digest is not the one the plan names") }
        let contents: Contents
        do {
            let opened = try AESGCM.open(Array(sealed), key: try sealingKey(plan.plan.id, key))
            contents = try JSONDecoder().decode(Contents.self, from: Data(opened))
        } catch let error as CryptoError {
            throw ShardError.refused(path: path, reason: error.description)
        } catch {
            throw ShardError.unreadable(path: path, reason: "not a sealed pre-pass (\(error))")
        }
        var draws = UniqueDraws()
        for draw in contents.draws {
            guard draw.attempt > 0, draw.attempt < KeyedDraw.maximumAttempts else {
                throw ShardError.unreadable(path: path, reason: "a re-draw from attempt \(draw.attempt)")
            }
            draws.redraw(
                draw.fingerprint, in: UniqueDraws.Group(domain: draw.domain, maximumLength: draw.maximumLength),
                from: draw.attempt)
        }
        let vocabulary = try contents.vocabulary.map { stored in
            guard stored.filter.count >= 64, stored.filter.count % 64 == 0 else {
                throw ShardError.unreadable(path: path, reason: "its vocabulary is not a filter of whole blocks")
            }
            return stored.filter.withUnsafeBytes { TokenVocabulary(key: key, contents: $0, learnt: stored.learnt) }
        }
        return SourcePrepass.Found(vocabulary: vocabulary, uniqueDraws: draws)
    }

    /// The sealed file's path in the plan's `directory`.
    static func path(in directory: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    private static func sealingKey(_ plan: String, _ key: MaskingKey) throws -> [UInt8] {
        try key.derivedSecret(purpose: "pre-pass of shard plan \(plan)")
    }
}
