import CleanroomCore
import Foundation

/// The staging database of a sharded run (`cleanroom shard`): prepared by `shard plan`, loaded by
/// every `shard run` process (`PostgresTarget(address:attachingTo:)`), renamed by `shard finish`.
///
/// It outlives the process that created it, so its comment names the plan and an expiry instead of
/// an owner process: `cleanroom sharded stage of NAME; plan=ID; incomplete; expires=ISO-8601`.
/// `shard abort` drops it; so, once it has expired and no session is connected to it, does the
/// sweep of stale stages (`PostgresStage.stale`: the next `mask`, `provision` or `shard plan` of the
/// same target, and `gc` for a registered environment's database), with a signed record.
///
/// Its part log (`cleanroom_shard_log.parts`, created by `mark`, dropped by `dropPartLog` before the
/// rename) makes every part's load happen once: a writer for a part loads it in a transaction that
/// also inserts the part's name there (`PostgresTarget(address:attachingTo:parts:)`), so a part is in
/// the stage exactly when it is in the log — a shard killed mid-copy leaves nothing of the part, a
/// rerun finds the parts it committed already, and two processes loading one part cannot both commit
/// (the name is the log's primary key).
public enum PostgresSharedStage {
    /// The schema of the part log, in the stage only: a source may not have a schema of this name.
    public static let logSchema = "cleanroom_shard_log"
    static let logTable = "\(PostgresSQL.quoteIdentifier(logSchema)).parts"

    /// How the comment of a sharded stage starts.
    static let commentPrefix = "cleanroom sharded stage of "

    /// How the comment of plan `plan`'s incomplete stage for database `target` starts (its expiry follows).
    static func commentStart(target: String, plan: String) -> String {
        commentPrefix + target + "; plan=" + plan + "; incomplete"
    }

    /// The comment marking a stage as the incomplete stage of plan `plan` for database `target`,
    /// abandoned after `expiresAt`.
    static func comment(target: String, plan: String, expiresAt: Date) -> String {
        commentStart(target: target, plan: plan) + "; expires=" + expiresAt.formatted(.iso8601)
    }

    /// The target database, plan and expiry a sharded stage's comment names; nil for any other comment.
    static func parse(comment: String) -> (target: String, plan: String, expiresAt: Date)? {
        guard comment.hasPrefix(commentPrefix), let planField = comment.range(of: "; plan=", options: .backwards),
            let expiry = comment.range(of: "; incomplete; expires=", options: .backwards),
            planField.upperBound <= expiry.lowerBound,
            let expiresAt = try? Date(String(comment[expiry.upperBound...]), strategy: .iso8601)
        else { return nil }
        return (
            String(comment[comment.index(comment.startIndex, offsetBy: commentPrefix.count)..<planField.lowerBound]),
            String(comment[planField.upperBound..<expiry.lowerBound]), expiresAt
        )
    }

    /// Marks the stage `target` prepared as plan `plan`'s, abandoned after `expiresAt`, then releases
    /// it (`PostgresTarget.release`).
    public static func mark(_ target: PostgresTarget, plan: String, expiresAt: Date) throws {
        let stage = target.stageAddress.database
        try PostgresConnection(address: target.stageAddress).exec(
            "CREATE SCHEMA \(PostgresSQL.quoteIdentifier(logSchema)); CREATE TABLE \(logTable) (part text PRIMARY KEY, loaded_at timestamptz NOT NULL DEFAULT now())",
            context: "creating the part log of staging database \(stage)")
        try maintenance(of: target.address).exec(
            "COMMENT ON DATABASE \(PostgresSQL.quoteIdentifier(stage)) IS \(PostgresTarget.literal(comment(target: target.address.database, plan: plan, expiresAt: expiresAt)))",
            context: "marking staging database \(stage) as the sharded stage of plan \(plan)")
        target.release()
    }

    /// When `stage` expires, if it exists on `address`'s server and is plan `plan`'s incomplete
    /// stage; nil otherwise.
    public static func expiry(of stage: String, on address: PostgresAddress, plan: String) throws -> Date? {
        let rows = try maintenance(of: address).query(
            """
            SELECT pg_catalog.shobj_description(d.oid, 'pg_database') FROM pg_catalog.pg_database d
             WHERE d.datname = $1
            """, [stage], context: "looking for the sharded stage \(stage)")
        guard let comment = rows.first?[0] ?? nil, let found = parse(comment: comment),
            found.target == address.database, found.plan == plan
        else { return nil }
        return found.expiresAt
    }

    /// The parts the stage's log holds: those whose rows are in the stage.
    public static func loadedParts(stage: PostgresAddress) throws -> Set<String> {
        let rows = try PostgresConnection(address: stage).query(
            "SELECT part FROM \(logTable)", context: "reading the part log of \(stage.database)")
        return Set(rows.compactMap { $0.first ?? nil })
    }

    /// The statement a part's load inserts into the log, in the load's transaction.
    static func logging(part: String) -> String {
        "INSERT INTO \(logTable) (part) VALUES (\(PostgresTarget.literal(part)))"
    }

    /// Drops the part log, once every part is in (before `shard finish` makes the stage the target).
    public static func dropPartLog(stage: String, of address: PostgresAddress) throws {
        try PostgresConnection(address: address.with(database: stage)).exec(
            "DROP SCHEMA IF EXISTS \(PostgresSQL.quoteIdentifier(logSchema)) CASCADE",
            context: "dropping the part log of \(stage)")
    }

    /// Drops plan `plan`'s stage (ending the sessions still on it).
    /// - Returns: false when there was no such stage (already dropped, or renamed by `shard finish`).
    public static func drop(_ stage: String, of address: PostgresAddress, plan: String) throws -> Bool {
        guard try expiry(of: stage, on: address, plan: plan) != nil else { return false }
        try maintenance(of: address).exec(
            "DROP DATABASE IF EXISTS \(PostgresSQL.quoteIdentifier(stage)) WITH (FORCE)",
            context: "dropping the sharded stage \(stage)")
        return true
    }

    private static func maintenance(of address: PostgresAddress) throws -> PostgresConnection {
        try PostgresConnection(address: address.with(database: PostgresTarget.maintenanceDatabase))
    }
}
