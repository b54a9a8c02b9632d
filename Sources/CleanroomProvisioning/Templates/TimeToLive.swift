import Foundation

/// How long an environment lives before `cleanroom gc` erases it: a whole number and a unit, as in
/// `90s`, `30m`, `2h`, `7d` or `2w`.
public struct TimeToLive: Sendable, Hashable, CustomStringConvertible {
    /// The length in seconds.
    public let seconds: TimeInterval
    /// The text it was written as.
    public let text: String

    static let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]

    /// Parses `text`; nil when it is not a positive whole number followed by s, m, h, d or w.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let unit = trimmed.last, let scale = TimeToLive.units[unit],
            let count = Int(trimmed.dropLast()), count > 0, trimmed.dropLast().allSatisfy(\.isASCII)
        else { return nil }
        seconds = TimeInterval(count) * scale
        self.text = trimmed
    }

    /// What the parser accepts, for messages.
    public static let expected = "a whole number and a unit: s, m, h, d or w (e.g. 2h, 7d)"

    public var description: String { text }
}
