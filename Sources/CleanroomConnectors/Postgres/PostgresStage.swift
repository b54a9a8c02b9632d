import Foundation

/// The staging databases a `PostgresTarget` loads into: `NAME__crstage_XXXXXXXX` (cut to the
/// 63-byte identifier limit), closed to PUBLIC while loading and commented with its owner run, then
/// renamed to `NAME` by `commit`. A SIGKILLed run so never leaves a database under the final name,
/// and its stage says whose it was.
enum PostgresStage {
    /// What every staging name holds, between the (possibly cut) final name and a random suffix.
    static let marker = "__crstage_"
    /// How the comment of a staging database starts.
    static let commentPrefix = "cleanroom stage of "
    /// PostgreSQL's identifier limit (NAMEDATALEN - 1), in bytes.
    static let maximumNameBytes = 63

    /// A fresh staging name for `database`: the name cut (at a character boundary) so that the
    /// marker and 8 random hex digits fit in 63 bytes.
    static func name(for database: String) -> String {
        let suffix = marker + String(format: "%08x", UInt32.random(in: .min ... .max))
        var prefix = database
        while prefix.utf8.count + suffix.utf8.count > maximumNameBytes { prefix.removeLast() }
        return prefix + suffix
    }

    /// The comment naming the final database and the run loading it.
    static func comment(target database: String, owner: StageOwner) -> String {
        commentPrefix + database + "; " + owner.description
    }

    /// The final database and owner a staging comment names; nil for any other comment.
    static func parse(comment: String) -> (target: String, owner: StageOwner)? {
        guard comment.hasPrefix(commentPrefix), let split = comment.range(of: "; pid=", options: .backwards) else {
            return nil
        }
        let target = String(
            comment[comment.index(comment.startIndex, offsetBy: commentPrefix.count)..<split.lowerBound])
        guard let owner = StageOwner(text: String(comment[comment.index(split.lowerBound, offsetBy: 2)...])) else {
            return nil
        }
        return (target, owner)
    }

    /// The staging databases on the server of `maintenance` meant to become `database` whose run is
    /// gone. A stage whose owner may be alive is never listed; one without a comment only under
    /// `UnownedStage`'s rule (no session connected, created at least a day ago); a sharded run's
    /// (`PostgresSharedStage`) once it is past its expiry and no session is connected.
    static func stale(on maintenance: PostgresAddress, target database: String) throws -> [StaleStage] {
        let connection = try PostgresConnection(address: maintenance)
        let rows = try connection.query(
            """
            SELECT d.datname, pg_catalog.shobj_description(d.oid, 'pg_database'), d.oid::text,
                   EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a WHERE a.datid = d.oid)::text
              FROM pg_catalog.pg_database d WHERE pg_catalog.strpos(d.datname, $1) > 0 ORDER BY 1
            """, [marker], context: "looking for staging databases left by killed runs")
        let endpoint = maintenance.with(database: database).description
        return rows.compactMap { row -> StaleStage? in
            guard let stage = row[0] else { return nil }
            let drop: @Sendable () throws -> [String] = {
                try PostgresConnection(address: maintenance).exec(
                    "DROP DATABASE IF EXISTS \(PostgresSQL.quoteIdentifier(stage)) WITH (FORCE)",
                    context: "dropping staging database \(stage) of \(database)")
                return ["database \(stage)"]
            }
            guard let comment = row[1] else {
                guard isStageName(stage, of: database), row[3] == "false", let oid = row[2],
                    let age = createdSecondsAgo(oid: oid, on: connection), age >= UnownedStage.minimumAge
                else { return nil }
                return StaleStage(
                    description: "database \(stage)", target: endpoint, owner: nil,
                    leftBy: UnownedStage.leftBy(age: age, database: true), removal: drop)
            }
            if let sharded = PostgresSharedStage.parse(comment: comment) {
                guard sharded.target == database, sharded.expiresAt < Date(), row[3] == "false" else { return nil }
                // Without FORCE: a shard that connected since is not cut off (the drop fails instead).
                return StaleStage(
                    description: "database \(stage)", target: endpoint, owner: nil,
                    leftBy: "sharded plan \(sharded.plan), incomplete past its expiry, and nothing holds it",
                    removal: {
                        try PostgresConnection(address: maintenance).exec(
                            "DROP DATABASE IF EXISTS \(PostgresSQL.quoteIdentifier(stage))",
                            context: "dropping the expired sharded stage \(stage) of \(database)")
                        return ["database \(stage)"]
                    })
            }
            guard let found = parse(comment: comment), found.target == database, !found.owner.mayBeAlive else {
                return nil
            }
            return StaleStage(description: "database \(stage)", target: endpoint, owner: found.owner, removal: drop)
        }
    }

    /// Whether `stage` has the form of a staging name `name(for: database)` gives: the (possibly cut)
    /// final name, the marker, 8 lower-case hex digits.
    static func isStageName(_ stage: String, of database: String) -> Bool {
        guard let split = stage.range(of: marker, options: .backwards) else { return false }
        let suffix = stage[split.upperBound...]
        guard suffix.count == 8, suffix.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return false }
        let prefix = String(stage[..<split.lowerBound])
        return prefix == database || (stage.utf8.count == maximumNameBytes && database.hasPrefix(prefix))
    }

    /// Seconds since the database with `oid` was created (its `PG_VERSION` file's modification time,
    /// on the server's clock); nil when the server does not let this login read it.
    private static func createdSecondsAgo(oid: String, on connection: PostgresConnection) -> Double? {
        let rows = try? connection.query(
            """
            SELECT extract(epoch FROM now() - (pg_catalog.pg_stat_file('base/' || $1 || '/PG_VERSION')).modification)::text
            """, [oid], context: "reading when a staging database without an owner was created")
        return rows?.first?[0].flatMap { Double($0) }
    }
}
