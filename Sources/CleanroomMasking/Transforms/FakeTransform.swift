import CleanroomCore
import CleanroomCrypto

/// The fake value kinds drawn from bundled dictionaries or generated with valid check digits.
public enum FakeKind: String, CaseIterable, Sendable, Codable {
    case firstName = "first_name"
    case lastName = "last_name"
    case fullName = "full_name"
    case email, username, phone, street, city, postcode, company, iban, card, ssn, ipv4, uuid

    /// Kinds whose output is shown in upper case when the input is.
    var followsInputCase: Bool {
        switch self {
        case .firstName, .lastName, .fullName, .street, .city, .company: return true
        default: return false
        }
    }
}

/// `{ fake: KIND }`: a realistic value chosen by the keyed digest of the source value.
public struct FakeTransform: Transform {
    public var kind: FakeKind

    public static let name = "fake"
    public static let documentation = TransformDocumentation(
        syntax: "`{ fake: KIND }`",
        effect: "a realistic value chosen by the keyed digest; kinds: "
            + FakeKind.allCases.map(\.rawValue).joined(separator: ", "),
        columnTypes: "text; uuid/ipv4 also uuid/inet")

    public static func parse(_ parameters: TransformParameters) throws -> FakeTransform {
        let known = FakeKind.allCases.map(\.rawValue).joined(separator: ", ")
        guard let kindName = parameters.string else { throw parameters.error("takes a kind: \(known)") }
        guard let kind = FakeKind(rawValue: kindName) else {
            throw parameters.error("unknown kind '\(kindName)'; known: \(known)")
        }
        return FakeTransform(kind: kind)
    }

    public func canProduce(into kind: ValueKind) -> Bool {
        if kind == .text || kind == .other { return true }
        switch self.kind {
        case .uuid: return kind == .uuid
        case .ipv4: return kind == .inet
        default: return false
        }
    }

    /// Draws longer than the column re-draw, so a kind fits when at least 5 % of its values do
    /// (a thousand re-draws then all fail with odds below 10^-22).
    public func fits(maximumLength: Int) -> Bool {
        let lengths = FakeLengths.sorted[kind] ?? []
        let fitting = lengths.partitioningIndex { $0 > maximumLength }
        return fitting * 20 >= lengths.count
    }

    /// Collisions re-draw deterministically.
    public var supportsUnique: Bool { true }
    public var probeRole: ProbeRole { .synthesises }
    public var summary: String { "fake:\(kind.rawValue)" }
    public func yaml(modifiers: String) -> String { "{ fake: \(kind.rawValue)\(modifiers) }" }

    public func compile(_ context: CompileContext) throws -> CompiledTransform {
        let kind = self.kind
        return context.keyedDraw { digest, input, out in
            let start = out.count
            FakeGenerator.generate(kind, digest, into: &out)
            if kind.followsInputCase && LetterCase.isUpper(input) { LetterCase.upper(&out, from: start) }
        }
    }
}

extension TransformSpec {
    /// `{ fake: kind }`.
    public static func fake(_ kind: FakeKind) -> TransformSpec { TransformSpec(FakeTransform(kind: kind)) }
}

/// The lengths, in characters, of 1024 values of each fake kind drawn from fixed digests, sorted:
/// how many of a kind's values fit a length limit.
enum FakeLengths {
    static let sorted: [FakeKind: [Int]] = {
        var digests = SHA256Hasher.digest(Array("cleanroom fake lengths".utf8))
        var samples: [[UInt8]] = []
        for _ in 0..<1024 {
            samples.append(digests)
            digests = SHA256Hasher.digest(digests)
        }
        var lengths: [FakeKind: [Int]] = [:]
        for kind in FakeKind.allCases {
            lengths[kind] = samples.map { digest in
                var out: [UInt8] = []
                FakeGenerator.generate(kind, DigestReader(digest), into: &out)
                return UTF8Text.characterCount(out)
            }.sorted()
        }
        return lengths
    }()
}

extension Array where Element == Int {
    /// The first index whose element satisfies `predicate`, which is false then true along the array.
    func partitioningIndex(where predicate: (Int) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if predicate(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

/// Case folding for fakes that follow an upper-case input (Sakila-style `MARY SMITH`).
enum LetterCase {
    static func isUpper(_ bytes: [UInt8]) -> Bool {
        var sawLetter = false
        for b in bytes {
            if b >= 0x61 && b <= 0x7A { return false }
            if b >= 0x41 && b <= 0x5A { sawLetter = true }
        }
        return sawLetter
    }

    /// Upper-cases the bytes of `out` from `start` on.
    static func upper(_ out: inout [UInt8], from start: Int) {
        if out[start...].allSatisfy({ $0 < 0x80 }) {
            for i in start..<out.count where ASCII.isLower(out[i]) { out[i] -= 32 }
        } else {
            out.replaceSubrange(start..., with: String(decoding: out[start...], as: UTF8.self).uppercased().utf8)
        }
    }
}
