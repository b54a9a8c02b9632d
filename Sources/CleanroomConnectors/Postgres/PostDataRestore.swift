import CleanroomCore

/// Runs a pg_dump post-data script the way `pg_restore --jobs` would: the indexes and primary key,
/// unique and exclusion constraints at its start on several connections at once, then every other
/// entry in the script's order on one connection (see `PostDataScript.schedule`).
///
/// Each connection runs the script's preamble first; each entry is sent on its own and commits on
/// its own, so an error names the entry that failed. The first failure stops handing out entries: the other
/// connections finish the statement they are running, and the failure is thrown. A script that
/// `PostDataScript` does not recognise runs whole on one connection, as one implicit transaction.
enum PostDataRestore {
    /// Runs `script` in the database `connection` is connected to, on it and on up to `jobs - 1`
    /// more connections of its own.
    /// - Throws: `ConnectorError.postgres` naming the entry that failed, or `connectionFailed`.
    static func run(_ script: String, on connection: PostgresConnection, jobs: Int) throws {
        let address = connection.address
        guard let parsed = PostDataScript(script) else {
            try connection.exec(
                script, context: "creating indexes, constraints and triggers in \(address) (pg_dump post-data)")
            return
        }
        try connection.exec(
            parsed.preamble, context: "setting up a session for the post-data section in \(address) (pg_dump post-data)"
        )
        let (parallel, sequential) = parsed.schedule
        try runAtOnce(parallel, on: connection, preamble: parsed.preamble, jobs: jobs)
        // Foreign keys go in as NOT VALID in order, and their rows are checked at once afterwards.
        var validations: [PostDataScript.Entry] = []
        for entry in sequential {
            guard let split = entry.splitForeignKey else {
                try execute(entry, on: connection)
                continue
            }
            // A partitioned table refuses NOT VALID foreign keys: the entry then runs as written.
            guard (try? connection.exec(split.add, context: entry.action)) != nil else {
                try execute(entry, on: connection)
                continue
            }
            validations.append(PostDataScript.Entry(name: entry.name, type: "FK VALIDATION", sql: split.validate))
        }
        try runAtOnce(validations, on: connection, preamble: parsed.preamble, jobs: jobs)
    }

    /// Runs independent entries on `connection` and up to `jobs - 1` more sessions; the first failure
    /// stops handing out entries and is thrown once every session finished its statement.
    private static func runAtOnce(
        _ entries: [PostDataScript.Entry], on connection: PostgresConnection, preamble: String,
        jobs: Int
    ) throws {
        let address = connection.address
        let counter = WorkCounter(limit: entries.count)
        let failure = FirstFailure()
        let helpers = (1..<max(1, min(jobs, entries.count))).map { n in
            WorkerThread(name: "cleanroom-post-data-\(n)") {
                do {
                    let session = try PostgresConnection(address: address)
                    try session.exec(
                        preamble,
                        context: "setting up a session for the post-data section in \(address) (pg_dump post-data)")
                    runHandedOut(entries, from: counter, on: session, failure: failure)
                } catch {
                    failure.record(error)
                }
            }
        }
        runHandedOut(entries, from: counter, on: connection, failure: failure)
        helpers.forEach { $0.join() }
        try failure.rethrow()
    }

    /// Runs the entries `counter` hands out until there are none left or some connection failed.
    private static func runHandedOut(
        _ entries: [PostDataScript.Entry], from counter: WorkCounter,
        on connection: PostgresConnection, failure: FirstFailure
    ) {
        while !failure.isSet, let index = counter.next() {
            do {
                try execute(entries[index], on: connection)
            } catch {
                failure.record(error)
            }
        }
    }

    /// Runs one entry in a statement list of its own (autocommit), its error naming the entry.
    private static func execute(_ entry: PostDataScript.Entry, on connection: PostgresConnection) throws {
        try connection.exec(entry.sql, context: "\(entry.action) in \(connection.address) (pg_dump post-data)")
    }
}
