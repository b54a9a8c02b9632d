import Foundation

/// The run building a stage (a PostgreSQL staging database or a `.NAME.partial-*` file or folder):
/// its process id, host and process start time, recorded with the stage so that a later run or
/// `gc` can tell a stage whose run was killed from one still being loaded.
///
/// Its text form, `pid=4242 host=ci-7 start=1234567 started=2026-12-07T01:02:03Z`, holds no secret.
public struct StageOwner: Sendable, Hashable, CustomStringConvertible {
    public var pid: Int32
    public var host: String
    /// The process's start in clock ticks since boot (`/proc/PID/stat`), which tells a reused PID
    /// apart; nil where `/proc` cannot say.
    public var processStart: UInt64?
    public var startedAt: Date

    public init(pid: Int32, host: String, processStart: UInt64?, startedAt: Date) {
        self.pid = pid
        self.host = host
        self.processStart = processStart
        self.startedAt = startedAt
    }

    /// This process, now.
    public static func current() -> StageOwner {
        StageOwner(pid: getpid(), host: hostName(), processStart: processStart(of: getpid()), startedAt: Date())
    }

    /// Parses the text form; nil for anything else.
    public init?(text: String) {
        var fields: [String: String] = [:]
        for part in text.split(separator: " ") {
            guard let equals = part.firstIndex(of: "=") else { return nil }
            fields[String(part[..<equals])] = String(part[part.index(after: equals)...])
        }
        guard let pid = fields["pid"].flatMap({ Int32($0) }), let host = fields["host"], !host.isEmpty,
            let started = fields["started"].flatMap({ try? Date($0, strategy: .iso8601) })
        else { return nil }
        let start = fields["start"].flatMap { UInt64($0) }
        if fields["start"] != nil, fields["start"] != "-", start == nil { return nil }
        self.init(pid: pid, host: host, processStart: start, startedAt: started)
    }

    public var description: String {
        "pid=\(pid) host=\(host) start=\(processStart.map(String.init) ?? "-") started=\(startedAt.formatted(.iso8601))"
    }

    /// Whether the owning process may still be running: true for a process on another host (this
    /// host cannot tell, so its stage is kept), false once the PID is gone or now names a process
    /// that started at another time.
    public var mayBeAlive: Bool {
        guard host == Self.hostName() else { return true }
        if kill(pid, 0) != 0, errno == ESRCH { return false }
        if let processStart, let now = Self.processStart(of: pid), now != processStart { return false }
        return true
    }

    /// A short words-only account for messages and erasure records.
    public var summary: String {
        "process \(pid) on \(host), started \(startedAt.formatted(.iso8601))"
    }

    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        let name = String(cString: buffer).filter { !$0.isWhitespace && $0 != "=" }
        return name.isEmpty ? "unknown" : name
    }

    /// Field 22 of `/proc/PID/stat`, counted after the parenthesised command name (which may hold spaces).
    private static func processStart(of pid: Int32) -> UInt64? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? UInt64(fields[19]) : nil
    }
}

/// A stage whose run is gone: a staging database or partial file left by a killed run, found by
/// `ConnectorFactory.staleStages`, for a later run or `gc` to remove (with a signed record).
public struct StaleStage: Sendable {
    /// What it is, e.g. `database shop__crstage_1a2b3c4d` or `file /data/.shop.sqlite.partial-Ab12Cd`.
    public var description: String
    /// The endpoint it would have become (without a password).
    public var target: String
    /// The run that built it; nil for a stage that recorded none (`UnownedStage`).
    public var owner: StageOwner?
    /// What left it, in words for messages and erasure records: the owner run, which is gone, or
    /// `UnownedStage`'s account of a stage without one.
    public var leftBy: String
    private let removal: @Sendable () throws -> [String]

    init(description: String, target: String, owner: StageOwner, removal: @escaping @Sendable () throws -> [String]) {
        self.init(
            description: description, target: target, owner: owner, leftBy: "\(owner.summary), which is gone",
            removal: removal)
    }

    init(
        description: String, target: String, owner: StageOwner?, leftBy: String,
        removal: @escaping @Sendable () throws -> [String]
    ) {
        self.description = description
        self.target = target
        self.owner = owner
        self.leftBy = leftBy
        self.removal = removal
    }

    /// Removes the stage.
    /// - Returns: what was dropped or removed, for the erasure record.
    public func remove() throws -> [String] { try removal() }
}
