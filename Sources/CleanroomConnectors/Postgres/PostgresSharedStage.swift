import CleanroomCore

/// The staging database of a sharded run (`cleanroom shard`): prepared by `shard plan`, loaded by
/// every `shard run` process (`PostgresTarget(address:attachingTo:)`), renamed by `shard finish`.
///
/// It outlives the process that created it, so its comment names the plan instead of an owner
/// process: `cleanroom sharded stage of NAME; plan=ID; incomplete`. `gc` and `mask` leave it alone
/// (its comment is not a `PostgresStage` owner's); `shard abort` drops it.
public enum PostgresSharedStage {
    /// How the comment of a sharded stage starts.
    static let commentPrefix = "cleanroom sharded stage of "

    /// The comment marking `stage` as the incomplete stage of plan `plan` for database `target`.
    static func comment(target: String, plan: String) -> String {
        commentPrefix + target + "; plan=" + plan + "; incomplete"
    }

    /// Marks the stage `target` prepared as plan `plan`'s, then releases it (`PostgresTarget.release`).
    public static func mark(_ target: PostgresTarget, plan: String) throws {
        let stage = target.stageAddress.database
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

    /// Empties `tables` in the stage (a shard run again replaces its own tables, and nothing else).
    public static func truncate(_ tables: [QualifiedName], stage: String, of address: PostgresAddress) throws {
        guard !tables.isEmpty else { return }
        let names = tables.map { PostgresSQL.quote($0) }.joined(separator: ", ")
        try PostgresConnection(address: address.with(database: stage)).exec(
            "TRUNCATE \(names)", context: "emptying this shard's tables in \(stage)")
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
