import CleanroomConnectors
import Foundation

/// The sources of a sharded run with more than one (`shard plan --source A --source B …`): read
/// replicas of one database (with its primary, if wanted), shard `I` reading source `I mod N`, so
/// the copy reads at N servers' rate (docs/scale-out.md, "Read replicas").
///
/// The shards must read one state. So the sources must be one database (the same PostgreSQL
/// `system_identifier` and database name, which physical replicas share with their primary) showing
/// one committed state (`PostgresSource.committedState`: the same transaction snapshot), which
/// `plan` records; each shard checks that its source still shows it before and after its copy, and
/// refuses otherwise. A source written meanwhile is refused: the run fails closed instead of
/// mixing states.
enum ShardSources {
    /// How long `plan` waits for the sources to show one state (replicas catching up).
    static let convergence: TimeInterval = 30

    /// The committed state all of `sources` show, once they are one database; nil for a single source.
    /// - Throws: `ShardError.sourcesDiffer` naming the source that is another database, or every
    ///   source's state when they do not show one within `convergence`.
    static func state(of sources: [PostgresAddress]) throws -> String? {
        guard sources.count > 1 else { return nil }
        let connected = try sources.map { try PostgresSource(address: $0) }
        let identity = try connected[0].identity()
        for (address, source) in zip(sources, connected).dropFirst() {
            let other = try source.identity()
            guard other == identity else {
                throw ShardError.sourcesDiffer(
                    "\(address.urlWithoutPassword) is \(other), not a replica of \(sources[0].urlWithoutPassword) (\(identity))"
                )
            }
        }
        let deadline = Date() + convergence
        while true {
            let states = try connected.map { try $0.committedState() }
            if Set(states).count == 1 { return states[0] }
            guard Date() < deadline else {
                let each = zip(sources, states).map { "\($0.urlWithoutPassword) at \($1)" }
                throw ShardError.sourcesDiffer(
                    "they do not show one committed state (transaction snapshot) after \(Int(convergence)) s (\(each.joined(separator: ", "))): stop writes to the primary until the run is done and let the replicas catch up"
                )
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    /// Refuses when `source` no longer shows `state`, the plan's.
    /// - Parameter moment: when this is checked, for the message ("before the copy").
    static func check(_ source: PostgresAddress, shows state: String, _ moment: String) throws {
        let now = try PostgresSource(address: source).committedState()
        guard now == state else {
            throw ShardError.sourcesDiffer(
                "\(source.urlWithoutPassword) moved from the plan's transaction snapshot \(state) to \(now) \(moment): a transaction wrote to it, so the shards would not copy one state; plan again once no one writes to it"
            )
        }
    }
}
