import Foundation

/// The rule for stages that record no owner: a `.NAME.partial-XXXXXX` without its `.owner` file, or a
/// `NAME__crstage_XXXXXXXX` database without its staging comment. Such stages come from versions
/// before owner records, or from a run killed in the instant between creating the stage and
/// recording its owner. Nothing says whose they are, so one is taken as abandoned only when all of
/// these hold:
///
/// 1. its name has exactly the form Cleanroom gives stages (the marker and its random suffix);
/// 2. nothing holds it: no process on this host has the partial (or a file inside it) open, no
///    session is connected to the database;
/// 3. it has not changed for `minimumAge` (24 hours): for a partial, the newest modification time of
///    it and everything inside it; for a database, the age of its `PG_VERSION` file, written when the
///    database was created (read with `pg_stat_file`, which needs a superuser or
///    `pg_read_server_files`; without that right an unowned stage is kept).
///
/// A live run writes its stage continuously and records its owner within milliseconds of creating
/// it, so the rule never takes a live run's stage. Each removal is a signed record like any other
/// stage's, naming it as a stage whose run recorded no owner.
public enum UnownedStage {
    /// How long an unowned stage must have been left unchanged before it is taken as abandoned.
    public static let minimumAge: TimeInterval = 24 * 3600

    /// What the evidence says left it: a partial unchanged for `age` seconds, or a database created
    /// `age` seconds ago (rule 3 measures each its own way).
    static func leftBy(age: TimeInterval, database: Bool) -> String {
        let hours = Int(age / 3600)
        return "a run that recorded no owner (\(database ? "created \(hours) h ago" : "unchanged for \(hours) h"), "
            + "and nothing holds it)"
    }

    /// Whether `suffix` is what `mkstemp`/`mkdtemp` put in place of `XXXXXX`.
    static func isTemporarySuffix<S: StringProtocol>(_ suffix: S) -> Bool {
        suffix.count == 6 && suffix.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// Seconds since `path`, or anything inside it, last changed; nil when it cannot be read.
    static func unchangedFor(_ path: String, now: Date = Date()) -> TimeInterval? {
        var newest: Date?
        func note(_ path: String) {
            guard let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
            else { return }
            newest = max(newest ?? modified, modified)
        }
        note(path)
        if let inside = FileManager.default.enumerator(atPath: path) {
            for case let entry as String in inside { note((path as NSString).appendingPathComponent(entry)) }
        }
        return newest.map { now.timeIntervalSince($0) }
    }

    /// Whether any process on this host (that this process may inspect) has `path`, or a file inside
    /// it, open: the `/proc/PID/fd` links.
    static func isOpen(_ path: String) -> Bool {
        guard let processes = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return false }
        for pid in processes where pid.allSatisfy(\.isNumber) {
            let fds = "/proc/\(pid)/fd"
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: fds) else { continue }
            for fd in entries {
                guard let open = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(fds)/\(fd)") else {
                    continue
                }
                if open == path || open.hasPrefix(path + "/") { return true }
            }
        }
        return false
    }
}
