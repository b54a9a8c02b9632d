import CleanroomCore

/// The staging database of a sharded run (`cleanroom shard`): prepared by `shard plan`, loaded by
/// every `shard run` process (`PostgresTarget(address:attachingTo:)`), renamed by `shard finish`.
///
/// It outlives the process that created it, so its comment names the plan instead of an owner
/// process: `cleanroom sharded stage of NAME; plan=ID; incomplete`. `gc` and `mask` leave it alone
/// (its comment is not a `PostgresStage` owner's); `shard abort` drops it.
///
/// Its part log (`cleanroom_shard_log.parts`, created by `mark`, dropped by `dropPartLog` before the
/// rename) makes every part's load happen once: a writer for a part loads it in a transaction that
/// also inserts the part's name there (`PostgresTarget(address:attachingTo:parts:)`), so a part is in
/// the stage exactly when it is in the log — a shard killed mid-copy leaves nothing of the part, a
/// rerun finds the parts it committed already, and two processes loading one part cannot both commit
/// (the name is the log's primary key).
public enum PostgresSharedStage {
    /// The schema of the part log, in the stage only.
    static let logSchema = "cleanroom_shard_log"
    static let logTable = "\(PostgresSQL.quoteIdentifier(logSchema)).parts"

    /// How the comment of a sharded stage starts.
    static let commentPrefix = "cleanroom sharded stage of "

    /// The comment marking `stage` as the incomplete stage of plan `plan` for database `target`.
    static func comment(target: String, plan: String) -> String {
        commentPrefix + target + "; plan=" + plan + "; incomplete"
    }

    /// Marks the stage `target` prepared as plan `plan`'s, then releases it (`PostgresTarget.release`).
    public static func mark(_ target: PostgresTarget, plan: String) throws {
        let stage = target.stageAddress.database
        try PostgresConnection(address: target.stageAddress).exec(
            "CREATE SCHEMA \(PostgresSQL.quoteIdentifier(logSchema)); CREATE TABLE \(logTable) (part text PRIMARY KEY, loaded_at timestamptz NOT NULL DEFAULT now())",
            context: "creating the part log of staging database \(stage)")
        try maintenance(of: target.address).exec(
            "COMMENT ON DATABASE \(PostgresSQL.quoteIdentifier(stage)) IS \(PostgresTarget.literal(comment(target: target.address.database, plan: plan)))",
            context: "marking staging database \(stage) as the sharded stage of plan \(plan)")
        target.release()
    }

    /// Whether `stage` exists on `address`'s server and is plan `plan`'s incomplete stage.
    public static func isStage(_ stage: String, of address: PostgresAddress, plan: String) throws -> Bool {
        let rows = try maintenance(of: address).query(
            """
            SELECT pg_catalog.shobj_description(d.oid, 'pg_database') FROM pg_catalog.pg_database d
             WHERE d.datname = $1
            """, [stage], context: "looking for the sharded stage \(stage)")
        return rows.first?[0] == comment(target: address.database, plan: plan)
    }

    /// The parts the stage's log holds: those whose rows are in the stage.
    static func loadedParts(stage: PostgresAddress) throws -> Set<String> {
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
            "DROP SCHEMA \(PostgresSQL.quoteIdentifier(logSchema)) CASCADE",
            context: "dropping the part log of \(stage)")
    }

    /// Drops plan `plan`'s stage (ending the sessions still on it).
    /// - Returns: false when there was no such stage (already dropped, or renamed by `shard finish`).
    public static func drop(_ stage: String, of address: PostgresAddress, plan: String) throws -> Bool {
        guard try isStage(stage, of: address, plan: plan) else { return false }
        try maintenance(of: address).exec(
            "DROP DATABASE IF EXISTS \(PostgresSQL.quoteIdentifier(stage)) WITH (FORCE)",
            context: "dropping the sharded stage \(stage)")
        return true
    }

    private static func maintenance(of address: PostgresAddress) throws -> PostgresConnection {
        try PostgresConnection(address: address.with(database: PostgresTarget.maintenanceDatabase))
    }
}
