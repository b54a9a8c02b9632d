import CLibPQ
import Foundation

/// A PostgreSQL server, database and login, read from a connection string by libpq itself.
///
/// The string is a URL (`postgres://user@db:5432/app`, `postgresql://[::1]/app?sslmode=require`) or
/// libpq's `key=value` form (`host=db port=5432 dbname=app`). What it leaves out comes from libpq's
/// defaults, as for `psql`: `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, the service `PGSERVICE` names
/// in its service file, then the compiled defaults (port 5432, the operating-system user). With no
/// host anywhere, Cleanroom connects to 127.0.0.1 (not to libpq's socket directory), as it always has.
///
/// The resolved host, port, user and database are then passed to libpq explicitly, so the printed
/// form (`description`) names exactly where every connection goes. `password` is secret: it reaches
/// libpq through its keyword parameters and `pg_dump`/`psql` through `PGPASSWORD`, never process
/// arguments, and no printed form or error message holds it. A password from `PGPASSWORD` or
/// `~/.pgpass` stays with libpq and is not read here at all.
public struct PostgresAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    /// The string's other keywords (sslmode, application_name …), passed to libpq as they are.
    public var options: [String: String]

    public init(
        host: String, port: Int = 5432, user: String, password: String? = nil, database: String,
        options: [String: String] = [:]
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.options = options
    }

    /// The host when neither the string, `PGHOST`/`PGHOSTADDR` nor a service names one.
    public static let defaultHost = "127.0.0.1"

    /// The keywords this type resolves itself; every other one is kept in `options`.
    private static let resolvedKeywords: Set<String> = ["host", "port", "user", "password", "dbname"]

    /// Reads a URL or `key=value` connection string with `PQconninfoParse`, filling what it leaves
    /// out from `PQconndefaults` (the `PG*` variables and `PGSERVICE`'s service file).
    /// - Throws: `ConnectorError.invalidURL`, without the password, when libpq rejects the string,
    ///   when it names several hosts or ports, a service (use `PGSERVICE`), or no database.
    public init(parsing text: String) throws {
        func invalid(_ reason: String) -> ConnectorError {
            .invalidURL(PostgresAddress.redact(text), reason: PostgresAddress.redact(reason, secretsOf: text))
        }
        let given = try Conninfo.parse(text, rejected: invalid)
        if given["service"] != nil {
            throw invalid(
                "a service in the string is not supported; name it with PGSERVICE=NAME, which libpq applies to every connection"
            )
        }
        let defaults = Conninfo.defaults()
        func value(_ keyword: String) -> String? { given[keyword] ?? defaults[keyword] }
        let host = value("host") ?? value("hostaddr") ?? PostgresAddress.defaultHost
        let portText = value("port") ?? "5432"
        guard !host.contains(","), !portText.contains(",") else {
            throw invalid("it names several hosts or ports; Cleanroom connects to one server, so name one")
        }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw invalid("the port '\(portText)' is not a number from 1 to 65535")
        }
        guard let database = value("dbname") else {
            throw invalid("no database: name one (postgres://host/DB or dbname=DB), or set PGDATABASE")
        }
        self.init(
            host: host, port: port, user: value("user") ?? "postgres", password: given["password"], database: database,
            options: given.filter { !PostgresAddress.resolvedKeywords.contains($0.key) })
    }

    /// The same server with another database.
    public func with(database: String) -> PostgresAddress {
        var copy = self
        copy.database = database
        return copy
    }

    /// The same server with other credentials.
    public func with(user: String, password: String?) -> PostgresAddress {
        var copy = self
        copy.user = user
        copy.password = password
        return copy
    }

    /// Whether `other` names the same database on the same server and port, whatever the login and
    /// options: how an environment is recognised whoever connects to it.
    public func isSameDatabase(as other: PostgresAddress) -> Bool {
        host.lowercased() == other.host.lowercased() && port == other.port && database == other.database
    }

    /// `host:port`, an IPv6 host in brackets (`[::1]:5432`): the server without login or database.
    public var server: String { "\(ConninfoURL.host(host)):\(port)" }

    /// The URL with the password included: only for handing to the environment's user (`--print-env`).
    public var urlWithPassword: String { url(password: password) }

    /// The URL with its options and without the password (nor `sslpassword`, the client key's
    /// passphrase): what a sharded run's plan records, so that every process reaches the same server
    /// the same way (libpq's usual sources give the password; a service file the passphrase).
    public var urlWithoutPassword: String { url(password: nil) }

    /// Options that hold a secret, left out of `urlWithoutPassword`.
    static let secretOptions: Set<String> = ["sslpassword"]

    private func url(password: String?) -> String {
        let login = ConninfoURL.encode(user) + (password.map { ":" + ConninfoURL.encode($0) } ?? "")
        let shown = password == nil ? options.filter { !Self.secretOptions.contains($0.key) } : options
        let query = shown.sorted { $0.key < $1.key }
            .map { ConninfoURL.encode($0.key) + "=" + ConninfoURL.encode($0.value) }
            .joined(separator: "&")
        return "postgres://\(login)@\(server)/\(ConninfoURL.encode(database))" + (query.isEmpty ? "" : "?" + query)
    }

    /// The URL without the password or options, `postgres://user@host:port/database`: safe for logs,
    /// errors and evidence, and read back by `init(parsing:)` as the same server, login and database.
    public var description: String {
        "postgres://\(ConninfoURL.encode(user))@\(server)/\(ConninfoURL.encode(database))"
    }
}

/// libpq's connection-string functions, with their arrays freed by `PQconninfoFree`.
enum Conninfo {
    /// The keywords `text` sets (URL or `key=value`).
    /// - Throws: `rejected(message)` with libpq's message when it rejects the string.
    static func parse(_ text: String, rejected: (String) -> any Error) throws -> [String: String] {
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(text, &message) else {
            defer { PQfreemem(message) }
            throw rejected(
                message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
                    ?? "libpq ran out of memory reading it")
        }
        return values(of: options)
    }

    /// libpq's defaults for every keyword: a service `PGSERVICE` names, the `PG*` variables, then
    /// the compiled defaults.
    static func defaults() -> [String: String] {
        guard let options = PQconndefaults() else { return [:] }
        return values(of: options)
    }

    /// The keywords with a non-empty value; frees the array.
    private static func values(of options: UnsafeMutablePointer<PQconninfoOption>) -> [String: String] {
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val, value.pointee != 0 {
                values[String(cString: keyword)] = String(cString: value)
            }
            option += 1
        }
        return values
    }
}
