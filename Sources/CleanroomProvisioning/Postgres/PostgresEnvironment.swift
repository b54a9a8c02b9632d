import CleanroomConnectors
import Foundation

/// One PostgreSQL environment's database and owner role, handled through the server's
/// administrative connection: creating the role, cloning, locking down and dropping.
///
/// Lock-down makes the role the owner of the database and of everything in it, revokes every
/// database privilege from PUBLIC (so no other environment's role can connect) and labels the
/// database with a comment. Statements carry identifiers (quoted) and Cleanroom's own label text,
/// never a password: that goes through `PostgresConnection.setPassword`, as a SCRAM verifier.
struct PostgresEnvironment {
    /// The server's administrative address (its database is the maintenance database).
    let admin: PostgresAddress
    let database: String
    /// The owner role; nil for golden databases, which the administrative user keeps.
    let role: String?

    /// The attributes every environment role gets: it can log in and nothing else.
    static let roleAttributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS"

    var quotedDatabase: String { PostgresSQL.quoteIdentifier(database) }

    /// The database's address with the administrative credentials.
    var adminAddress: PostgresAddress { admin.with(database: database) }

    func maintenance() throws -> PostgresConnection {
        try PostgresConnection(address: admin)
    }

    func databaseExists(_ name: String? = nil) throws -> Bool {
        try !maintenance().query(
            "SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1", [name ?? database],
            context: "looking for database \(name ?? database)"
        ).isEmpty
    }

    func roleExists() throws -> Bool {
        guard let role else { return false }
        return try !maintenance().query(
            "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1", [role], context: "looking for role \(role)"
        ).isEmpty
    }

    /// Creates the owner role with `password`, valid until `expiresAt` (so it stops working at its
    /// TTL even before `gc` runs). Refuses a role that exists already: it is someone else's.
    func createRole(password: String, validUntil expiresAt: Date) throws {
        guard let role else { return }
        if try roleExists() {
            throw ProvisioningError.conflictingObject(
                environment: database,
                message:
                    "role \(role) exists already and was not created by this provision; drop it or choose another name")
        }
        let connection = try maintenance()
        try connection.exec(
            "CREATE ROLE \(PostgresSQL.quoteIdentifier(role)) \(Self.roleAttributes) VALID UNTIL \(Self.literal(RegistryDates.format(expiresAt)))",
            context: "creating role \(role)")
        do {
            try connection.setPassword(password, forRole: role)
        } catch {
            _ = try? dropRole()
            throw error
        }
    }

    /// `CREATE DATABASE … TEMPLATE golden STRATEGY FILE_COPY`: a file copy, no masking, no index builds.
    func clone(from golden: String) throws {
        try maintenance().exec(
            "CREATE DATABASE \(quotedDatabase) TEMPLATE \(PostgresSQL.quoteIdentifier(golden)) STRATEGY FILE_COPY",
            context: "cloning \(golden) into \(database)")
    }

    /// Hands the database and everything in it to the owner role, closes it to PUBLIC and labels it.
    /// - Returns: the grants and ownership in force, for the evidence.
    func lockDown(label: String) throws -> [String] {
        guard let role else { return [] }
        let quotedRole = PostgresSQL.quoteIdentifier(role)
        try maintenance().exec(
            """
            ALTER DATABASE \(quotedDatabase) OWNER TO \(quotedRole);
            REVOKE ALL ON DATABASE \(quotedDatabase) FROM PUBLIC;
            GRANT CONNECT ON DATABASE \(quotedDatabase) TO \(quotedRole);
            COMMENT ON DATABASE \(quotedDatabase) IS \(Self.literal(label));
            """, context: "locking down database \(database)")
        let objects = try transferOwnership(to: quotedRole)
        return [
            "REVOKE ALL ON DATABASE \(database) FROM PUBLIC", "GRANT CONNECT ON DATABASE \(database) TO \(role)",
            "ALTER DATABASE \(database) OWNER TO \(role)",
            "owner of every schema, table, sequence, view, function and type in \(database) (\(objects) objects)",
            "role \(role): \(Self.roleAttributes)",
        ]
    }

    /// Closes a golden database to everyone: no connections at all, nothing for PUBLIC.
    func lockDownGolden(label: String) throws -> [String] {
        try maintenance().exec(
            """
            REVOKE ALL ON DATABASE \(quotedDatabase) FROM PUBLIC;
            COMMENT ON DATABASE \(quotedDatabase) IS \(Self.literal(label));
            ALTER DATABASE \(quotedDatabase) ALLOW_CONNECTIONS false;
            """, context: "closing golden database \(database)")
        return [
            "REVOKE ALL ON DATABASE \(database) FROM PUBLIC",
            "ALTER DATABASE \(database) ALLOW_CONNECTIONS false (cloned, never handed out)",
        ]
    }

    /// Makes `role` the owner of every non-system schema, relation, routine and type in the database
    /// (sequences owned by a column follow their table). REASSIGN OWNED cannot do this when the
    /// administrative user is the bootstrap superuser, whose objects include the system's.
    private func transferOwnership(to quotedRole: String) throws -> Int {
        let connection = try PostgresConnection(address: adminAddress)
        try connection.exec("SET search_path = ''", context: "setting up the session on \(database)")
        let objects = try connection.query(Self.ownedObjectsQuery, context: "listing the objects of \(database)")
        let statements = objects.compactMap { row -> String? in
            guard let kind = row[0], let name = row[1] else { return nil }
            return "ALTER \(kind) \(name) OWNER TO \(quotedRole);"
        }
        try connection.exec(
            "BEGIN;\n" + statements.joined(separator: "\n") + "\nCOMMIT;",
            context: "giving the objects of \(database) to their owner role")
        return statements.count
    }

    /// Drops the database (ending its sessions) and the role, whichever exist.
    /// - Returns: what was dropped, for the erasure record.
    func drop() throws -> [String] {
        try dropDatabase() + dropRole()
    }

    /// Drops the database if it exists, ending every session in it.
    func dropDatabase() throws -> [String] {
        guard try databaseExists() else { return [] }
        try maintenance().exec(
            "DROP DATABASE IF EXISTS \(quotedDatabase) WITH (FORCE)", context: "dropping database \(database)")
        return ["database \(database)"]
    }

    /// Drops the owner role if it exists (after its database, which it owns).
    func dropRole() throws -> [String] {
        guard let role, try roleExists() else { return [] }
        try maintenance().exec(
            "DROP ROLE IF EXISTS \(PostgresSQL.quoteIdentifier(role))", context: "dropping role \(role)")
        return ["role \(role)"]
    }

    /// Whether PUBLIC may connect to `database` on this server (a same-server source must not allow
    /// that, or every environment role could reach it).
    func publicCanConnect(to database: String) throws -> Bool {
        let rows = try maintenance().query(
            """
            SELECT pg_catalog.has_database_privilege('public', datname, 'CONNECT') FROM pg_catalog.pg_database WHERE datname = $1
            """, [database], context: "reading who may connect to \(database)")
        return rows.first?.first == "t"
    }

    /// A SQL string literal of Cleanroom's own text (labels, timestamps), for the statements that take
    /// no parameters (COMMENT, VALID UNTIL).
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// Each non-system, non-extension object whose owner is set on its own: kind for `ALTER <kind>`,
    /// and its qualified, quoted name (with argument types for routines).
    static let ownedObjectsQuery = """
        SELECT 'SCHEMA', pg_catalog.quote_ident(n.nspname) FROM pg_catalog.pg_namespace n
         WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
                           AND d.objid = n.oid AND d.deptype = 'e')
        UNION ALL
        SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
               c.oid::pg_catalog.regclass::text
          FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
           AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
                           AND (d.deptype = 'e' OR (c.relkind = 'S' AND d.deptype IN ('a', 'i')
                                                    AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass)))
        UNION ALL
        SELECT CASE p.prokind WHEN 'a' THEN 'AGGREGATE' WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, p.oid::pg_catalog.regprocedure::text
          FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                           AND d.objid = p.oid AND d.deptype = 'e')
        UNION ALL
        SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.oid::pg_catalog.regtype::text
          FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
         WHERE (t.typtype IN ('e', 'd', 'r')
                OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c'))
           AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
                           AND d.objid = t.oid AND d.deptype = 'e')
        """
}
