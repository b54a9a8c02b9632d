import CleanroomConnectors
import Foundation

/// The sources of a sharded run: one database, or read replicas of it (`shard plan --source A
/// --source B …`, with its primary if wanted), shard `I` reading source `I mod N`, so the copy reads
/// at N servers' rate (docs/scale-out.md, "One state of the source").
///
/// The processes must read one state. Where it matters — several sources, or a table cut into page
/// ranges that different shards read at different times (a row an update moves to another page
/// could be read twice or not at all) — the sources must be one database (the same PostgreSQL
/// `system_identifier` and database name, which physical replicas share with their primary) showing
/// one committed state (`PostgresSource.committedState`: the same transaction snapshot, which any
/// transaction that writes anywhere on the cluster moves), which `plan` records; each shard checks
/// that its source still shows it before and after its copy, and `finish` before and after its
/// reads, and each refuses otherwise. A source written meanwhile is refused: the run fails closed
/// instead of mixing states.
enum ShardSources {
    /// How long `plan` waits for the sources to show one state (replicas catching up).
    static let convergence: TimeInterval = 30

    /// The committed state all of `sources` show, once they are one database.
    /// - Throws: `ShardError.sourcesDiffer` naming the source that is another database, or every
    ///   source's state when they do not show one within `convergence`.
    static func state(of sources: [PostgresAddress]) throws -> String {
        let connected = try sources.map { try PostgresSource(address: $0) }
        let identity = try connected[0].identity()
        for (address, source) in zip(sources, connected).dropFirst() {
            let other = try source.identity()
            guard other == identity else {
                throw ShardError.sourcesDiffer(
                    "\(address) is \(other), not a replica of \(sources[0]) (\(identity))"
                )
            }
        }
        let deadline = Date() + convergence
        while true {
            let states = try connected.map { try $0.committedState() }
            if Set(states).count == 1 { return states[0] }
            guard Date() < deadline else {
                let each = zip(sources, states).map { "\($0) at \($1)" }
                throw ShardError.sourcesDiffer(
                    "they do not show one committed state (transaction snapshot) after \(Int(convergence)) s (\(each.joined(separator: ", "))): stop writes to the primary until the run is done and let the replicas catch up"
                )
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    /// Refuses a target on the sources' cluster when the run checks their state: its own loads would
    /// move the snapshot and fail the shards.
    static func refuseTarget(_ target: EndpointIdentity, onServerOf source: EndpointIdentity) throws {
        guard target.server != source.server else {
            throw ShardError.sourcesDiffer(
                "the target is on the source's cluster (system identifier \(source.server)), whose every commit moves the snapshot the shards check: load into another server, or give `--whole-tables` with one source"
            )
        }
    }

    /// Refuses when `source` no longer shows `state`, the plan's.
    /// - Parameter moment: when this is checked, for the message ("before the copy").
    static func check(_ source: PostgresAddress, shows state: String, _ moment: String) throws {
        let now = try PostgresSource(address: source).committedState()
        guard now == state else {
            throw ShardError.sourcesDiffer(
                "\(source) moved from the plan's transaction snapshot \(state) to \(now) \(moment): a transaction wrote to it, so the shards would not copy one state; plan again once no one writes to it"
            )
        }
    }
}
