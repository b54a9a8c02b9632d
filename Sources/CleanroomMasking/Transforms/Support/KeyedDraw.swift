import CleanroomCore
import CleanroomCrypto

/// The keyed draw behind `hash` and `fake`: attempt 0 renders `HMAC(key, domain ‖ 0x00 ‖ value)`,
/// attempt n > 0 renders `HMAC(key, domain ‖ 0x00 ‖ value ‖ 0x00 ‖ n)` (n in decimal). An attempt
/// whose output equals its input, or holds more characters than the column does, is not acceptable,
/// and the next attempt is tried: a fake never hands its input back.
///
/// A value's *first draw* is its first acceptable attempt. A `unique: true` column writes first draws
/// except for the few inputs that `UniqueDraws` sends to a later attempt (see there).
public struct KeyedDraw: Sendable {
    /// The most attempts tried before giving up.
    public static let maximumAttempts = 1000

    /// The column's keying domain and length limit: the columns whose collisions are resolved
    /// together (`UniqueDraws`).
    public let group: UniqueDraws.Group
    private let hasher: HMACSHA256
    private let render: @Sendable (_ digest: DigestReader, _ input: [UInt8], _ out: inout [UInt8]) -> Void

    init(
        hasher: HMACSHA256, group: UniqueDraws.Group,
        render: @escaping @Sendable (_ digest: DigestReader, _ input: [UInt8], _ out: inout [UInt8]) -> Void
    ) {
        self.hasher = hasher
        self.group = group
        self.render = render
    }

    /// Appends the output of the first acceptable attempt at `attempt` or later to `out` and returns
    /// that attempt; nil, with `out` untouched, when none below `maximumAttempts` is acceptable.
    public func append(_ value: [UInt8], from attempt: Int = 0, to out: inout [UInt8]) -> Int? {
        for n in attempt..<Self.maximumAttempts where draw(value, attempt: n, into: &out) { return n }
        return nil
    }

    /// Appends attempt `attempt` and returns whether it is acceptable; one that is not is taken back out.
    private func draw(_ value: [UInt8], attempt: Int, into out: inout [UInt8]) -> Bool {
        // Attempt 0 hashes `value` itself, not a copy of it bound to a name (a retain and a release).
        let digest = attempt == 0 ? hasher.mac(of: value) : hasher.mac(of: value + [0] + Array(String(attempt).utf8))
        let start = out.count
        render(DigestReader(digest), value, &out)
        // Columns without a declared length (most) skip the count.
        let fits = group.maximumLength.map { UTF8Text.characterCount(out[start...]) <= $0 } ?? true
        if fits && !ByteComparison.equal(out[start...], value) { return true }
        out.removeSubrange(start...)
        return false
    }
}
