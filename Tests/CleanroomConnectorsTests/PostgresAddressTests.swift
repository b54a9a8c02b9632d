import CleanroomConnectors
import Testing

/// Connection strings as libpq reads them. Every string here names host, port, user and database
/// itself, so the `PG*` variables of the process running the tests do not matter (those are tested
/// in child processes, in CleanroomCLITests' ConnectionDefaultsTests).
@Suite("PostgreSQL connection strings")
struct PostgresAddressTests {
    private func address(_ text: String) throws -> PostgresAddress {
        guard case .postgres(let address) = try Endpoint(parsing: text) else {
            throw TestFailure("'\(text)' is not a PostgreSQL endpoint")
        }
        return address
    }

    private struct TestFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    @Test("a key=value string reads like the URL it stands for, and prints as that URL")
    func keywordForm() throws {
        let keywords = try address("host=db.example port=6543 user=app dbname=prod sslmode=require")
        let url = try address("postgres://app@db.example:6543/prod?sslmode=require")
        #expect(keywords == url)
        #expect(keywords.description == "postgres://app@db.example:6543/prod")
        #expect(keywords.options == ["sslmode": "require"])
        let quoted = try address("  dbname = 'my db' host=h port=5432 user='o\\'brien'")
        #expect(quoted.database == "my db" && quoted.user == "o'brien")
        #expect(quoted.description == "postgres://o%27brien@h:5432/my%20db")
        #expect(try address(quoted.description) == quoted)
    }

    @Test("IPv6 hosts: brackets in a URL, bare in key=value, brackets in the printed form")
    func ipv6() throws {
        let url = try address("postgresql://app@[::1]:5433/prod")
        #expect(url.host == "::1" && url.port == 5433)
        #expect(url.description == "postgres://app@[::1]:5433/prod" && url.server == "[::1]:5433")
        let keywords = try address("host=::1 port=5433 user=app dbname=prod")
        #expect(keywords == url)
        #expect(try address(url.description) == url)
        let full = try address("postgres://app@[2001:db8::7]:6000/prod")
        #expect(full.host == "2001:db8::7" && full.port == 6000 && full.server == "[2001:db8::7]:6000")
        #expect(try address(full.urlWithPassword) == full)
    }

    @Test("the URL a shard plan records keeps the options but neither the password nor the key's passphrase")
    func planURL() throws {
        let a = try address("postgres://app:secret@h:5432/d?sslmode=require&sslpassword=phrase")
        #expect(a.urlWithoutPassword == "postgres://app@h:5432/d?sslmode=require")
        #expect(a.urlWithPassword.contains("sslpassword=phrase"))
    }

    @Test("the printed form and the URL with the password read back as the same address")
    func roundTrip() throws {
        let a = try address("postgres://app:p%40ss%2Fw%20rd@h:5432/d%3Fb?application_name=a%26b&sslmode=disable")
        #expect(a.password == "p@ss/w rd" && a.database == "d?b")
        #expect(a.options == ["application_name": "a&b", "sslmode": "disable"])
        #expect(try address(a.urlWithPassword) == a)
        #expect(try address(a.description) == a.printedPart)
        let socket = try address("host=/var/run/postgresql port=5432 user=u dbname=d")
        #expect(socket.description == "postgres://u@%2Fvar%2Frun%2Fpostgresql:5432/d")
        #expect(try address(socket.description) == socket)
    }

    @Test(
        "a password given any way never appears in the printed form",
        arguments: [
            "postgres://app:hunter2@h:5432/prod",
            "postgres://app@h:5432/prod?password=hunter2",
            "host=h port=5432 user=app dbname=prod password=hunter2",
            "host=h port=5432 user=app dbname=prod password='hunter2'",
        ])
    func passwordHidden(text: String) throws {
        let a = try address(text)
        #expect(a.password == "hunter2")
        #expect(!a.description.contains("hunter2") && !String(describing: Endpoint.postgres(a)).contains("hunter2"))
        #expect(!a.options.values.contains("hunter2"))
        #expect(a.urlWithPassword.contains("hunter2"))
    }

    @Test(
        "strings libpq rejects fail with its reason and without the password",
        arguments: [
            ("host=h dbname=d password=hunter2 bogus=1", "bogus"),
            ("host=h dbname=d password='hunter2", "unterminated quoted string"),
            ("postgres://app:hunter2@h:5432/prod?bogus=1", "bogus"),
            ("postgres://app:hun%zzter2@h:5432/prod", "percent-encoded"),
            ("postgres://app:hunter2@h:99999/prod", "port '99999'"),
            ("host=h1,h2 port=5432 user=u dbname=d password=hunter2", "several hosts"),
            ("host=h port=http user=u dbname=d password=hunter2", "port 'http'"),
            ("host=h port=5432 user=u dbname=d service=x password=hunter2", "PGSERVICE"),
        ])
    func rejected(text: String, reason: String) throws {
        do {
            let a = try address(text)
            Issue.record("'\(PostgresAddress.redact(text))' was accepted as \(a)")
        } catch let error as ConnectorError {
            let message = error.description
            #expect(message.contains(reason), "\(message)")
            #expect(!message.contains("hunter2") && !message.contains("hun%zzter2"), "\(message)")
            #expect(error.exitStatus == .usage)
        }
    }

    @Test("redact hides URL and key=value passwords, quoted or not")
    func redact() {
        #expect(PostgresAddress.redact("postgres://u:pw@h/d") == "postgres://u:***@h/d")
        #expect(
            PostgresAddress.redact("postgres://u@h/d?password=pw&sslmode=x")
                == "postgres://u@h/d?password=***&sslmode=x")
        #expect(PostgresAddress.redact("host=h password = 'p w\\'x' dbname=d") == "host=h password = *** dbname=d")
        #expect(PostgresAddress.redact("host=h PASSWORD=pw") == "host=h PASSWORD=***")
        #expect(PostgresAddress.redact("host=h dbname=d") == "host=h dbname=d")
    }

    @Test("environments match by server, port and database, whatever the login")
    func sameStore() throws {
        let owner = try Endpoint(parsing: "postgres://cr_ci-42_owner:secret@DB.example:5432/cr_ci-42")
        let auditor = try Endpoint(parsing: "host=db.example port=5432 user=auditor dbname=cr_ci-42 sslmode=require")
        #expect(owner.isSameStore(as: auditor) && auditor.isSameStore(as: owner))
        for other in [
            "postgres://cr_ci-42_owner@db.example:5433/cr_ci-42", "postgres://cr_ci-42_owner@db.example:5432/cr_ci-43",
            "postgres://cr_ci-42_owner@db2.example:5432/cr_ci-42", "sqlite:/tmp/cr_ci-42",
        ] {
            #expect(!owner.isSameStore(as: try Endpoint(parsing: other)), "\(other)")
        }
        #expect(try Endpoint(parsing: "sqlite:/tmp/a.db").isSameStore(as: Endpoint(parsing: "sqlite:/tmp/a.db")))
    }

    @Test("text that is neither a file URL nor a connection string is refused")
    func neither() {
        for text in ["mysql://u:hunter2@h/db", "just-a-name", "=x", "/tmp/file.db"] {
            #expect(throws: ConnectorError.self) { try Endpoint(parsing: text) }
        }
    }
}

extension PostgresAddress {
    /// What `description` keeps: no password, no options.
    fileprivate var printedPart: PostgresAddress {
        var copy = with(user: user, password: nil)
        copy.options = [:]
        return copy
    }
}
