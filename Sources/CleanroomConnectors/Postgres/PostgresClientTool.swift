import Foundation

/// PostgreSQL's command-line clients (`pg_dump`, `psql`) run as subprocesses.
///
/// The connection goes in the environment (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`,
/// `PGDATABASE`), so the password never appears in a process's arguments, where any local user can
/// read it.
public enum PostgresClientTool {
    /// Debian's folder for the version-15 clients, searched when `PATH` has no such tool.
    static let debianClientDirectory = "/usr/lib/postgresql/15/bin"

    /// The executable `name` from Debian's client folder for `serverMajor` when there is one (`PATH`
    /// usually leads to Debian's wrapper script, which costs a Perl start-up per call only to pick
    /// that same folder), else from `PATH`, else from Debian's version-15 client folder.
    static func locate(_ name: String, serverMajor: Int? = nil) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let versioned = serverMajor.map { ["/usr/lib/postgresql/\($0)/bin"] } ?? []
        let directories = versioned + path.split(separator: ":").map(String.init) + [debianClientDirectory]
        return directories.lazy
            .map { URL(fileURLWithPath: $0).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// This process's environment with the connection to `address` in libpq's variables.
    static func environment(for address: PostgresAddress) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PGHOST"] = address.host
        environment["PGPORT"] = String(address.port)
        environment["PGUSER"] = address.user
        environment["PGDATABASE"] = address.database
        if let password = address.password { environment["PGPASSWORD"] = password }
        return environment
    }

    /// The address's other keywords (sslmode …) as a libpq connection string for `--dbname`, or nil
    /// when there are none (the password is never among them: it goes through the environment).
    static func connectionOptions(for address: PostgresAddress) -> String? {
        let options = address.options.sorted { $0.key < $1.key }
        guard !options.isEmpty else { return nil }
        return options.map { key, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
            return "\(key)='\(escaped)'"
        }.joined(separator: " ")
    }

    /// Runs `name` against `address` and returns what it printed on standard output.
    /// - Throws: `ConnectorError.queryFailed` naming `context`, with the tool's own error output,
    ///   when the tool is missing or exits with a failure.
    /// - Parameter serverMajor: the server's major version, when known, to run the matching client.
    public static func run(
        _ name: String, arguments: [String], address: PostgresAddress, serverMajor: Int? = nil,
        context: String
    ) throws -> Data {
        guard let executable = locate(name, serverMajor: serverMajor) else {
            throw ConnectorError.queryFailed(
                context: context,
                message:
                    "\(name) was not found on PATH nor in \(debianClientDirectory); install the PostgreSQL client (Debian: postgresql-client-15)"
            )
        }
        // Error output goes to a file rather than a second pipe, so a chatty tool can never block
        // on a full pipe while this process waits for standard output.
        let errorURL = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cleanroom-\(name)-\(UUID().uuidString).err")
        guard FileManager.default.createFile(atPath: errorURL.path, contents: nil),
            let errorFile = try? FileHandle(forWritingTo: errorURL)
        else {
            throw ConnectorError.file(
                path: errorURL.path, line: nil, message: "cannot create a temporary file for \(name)'s error output")
        }
        defer {
            try? errorFile.close()
            try? FileManager.default.removeItem(at: errorURL)
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments + (connectionOptions(for: address).map { ["--dbname=\($0)"] } ?? [])
        process.environment = environment(for: address)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errorFile
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ConnectorError.queryFailed(
                context: context, message: "cannot start \(executable.path): \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let errorText = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
            let message = PostgresConnection.redacting(errorText, password: address.password)
            throw ConnectorError.queryFailed(
                context: context,
                message: message.isEmpty ? "\(name) exited with status \(process.terminationStatus)" : message)
        }
        return data
    }
}
