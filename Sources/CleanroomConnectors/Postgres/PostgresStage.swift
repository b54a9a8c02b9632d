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
    /// gone. A stage whose owner may be alive is never listed.
    static func stale(on maintenance: PostgresAddress, target database: String) throws -> [StaleStage] {
        let rows = try PostgresConnection(address: maintenance).query(
            """
            SELECT d.datname, pg_catalog.shobj_description(d.oid, 'pg_database') FROM pg_catalog.pg_database d
             WHERE pg_catalog.strpos(d.datname, $1) > 0 ORDER BY 1
            """, [marker], context: "looking for staging databases left by killed runs")
        return rows.compactMap { row -> StaleStage? in
            guard let stage = row[0], let comment = row[1], let found = parse(comment: comment),
                found.target == database, !found.owner.mayBeAlive
            else { return nil }
            let (target, owner) = found
            let endpoint = maintenance.with(database: target).description
            return StaleStage(description: "database \(stage)", target: endpoint, owner: owner) {
                try PostgresConnection(address: maintenance).exec(
                    "DROP DATABASE IF EXISTS \(PostgresSQL.quoteIdentifier(stage)) WITH (FORCE)",
                    context: "dropping staging database \(stage) of \(target)")
                return ["database \(stage)"]
            }
        }
    }
}
