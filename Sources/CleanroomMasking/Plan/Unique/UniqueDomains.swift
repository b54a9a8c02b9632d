/// The `unique: true` columns of a plan's copied tables, by keying domain (a column and the foreign
/// keys that share its domain), and how their source values become first draws (`UniqueFeed`) and
/// then the inputs that re-draw (`UniqueResolver`, by the rule `UniqueDraws` states).
///
/// ```swift
/// let unique = try UniqueDomains(plan)
/// let stores = unique.domains.map { _ in FirstDrawsInMemory() }   // the pipeline spills to disk
/// var feed = unique.feed(table: t, into: stores)                  // per table read, any thread
/// for each value of feed.columns[i]: feed.add(i, value); after each batch: try feed.flush()
/// let plan = try MaskingPlan(rules: …, key: …, uniqueDraws: unique.resolve(stores))
/// ```
public struct UniqueDomains: Sendable {
    /// One keying domain's unique columns across the copied tables.
    public struct Domain: Sendable {
        /// The draws of the domain's columns, one per length limit (`UniqueDraws.Group`).
        public internal(set) var draws: [KeyedDraw] = []
        /// The columns: table index in the plan, column index in the table, index in `draws`.
        public internal(set) var columns: [(table: Int, column: Int, draw: Int)] = []
        /// The first column, which errors name.
        let table: String
        let column: String
    }

    /// In the plan's order of their first column.
    public let domains: [Domain]
    private let plan: MaskingPlan

    public init(_ plan: MaskingPlan) throws {
        self.plan = plan
        var domains: [Domain] = []
        var byName: [String: Int] = [:]
        for (t, table) in plan.validated.tables.enumerated() where table.rule.copyRows {
            for (column, draw) in try plan.uniqueDraws(for: table) {
                let d =
                    byName[draw.group.domain]
                    ?? {
                        domains.append(
                            Domain(table: table.table.name.description, column: table.columns[column].column.name))
                        byName[draw.group.domain] = domains.count - 1
                        return domains.count - 1
                    }()
                let index =
                    domains[d].draws.firstIndex { $0.group == draw.group }
                    ?? {
                        domains[d].draws.append(draw)
                        return domains[d].draws.count - 1
                    }()
                domains[d].columns.append((t, column, index))
            }
        }
        self.domains = domains
    }

    /// The indices of the tables with unique columns, ascending.
    public var tables: [Int] { Array(Set(domains.flatMap { $0.columns.map(\.table) })).sorted() }

    /// What turns table `t`'s values into first draws in `stores` (one per domain, in `domains`' order).
    public func feed(table t: Int, into stores: [any FirstDrawStore]) -> UniqueFeed {
        let table = plan.validated.tables[t]
        let read = domains.enumerated().flatMap { d, domain in
            domain.columns.filter { $0.table == t }.map { column in
                UniqueFeed.Column(
                    index: column.column, domain: d, draw: domain.draws[column.draw], drawIndex: UInt16(column.draw),
                    keepsEmpty: table.columns[column.column].rule.transform.transform.keepsEmpty)
            }
        }
        return UniqueFeed(columns: read, stores: stores)
    }

    /// The inputs that re-draw, once every table was fed and flushed into `stores`.
    /// - Throws: `MaskingError.uniqueExhausted` when a domain has more distinct values than its
    ///   transform can produce; the stores' errors.
    public func resolve(_ stores: [any FirstDrawStore]) throws -> UniqueDraws {
        var draws = UniqueDraws()
        for (domain, store) in zip(domains, stores) {
            try store.finish()
            try UniqueResolver.resolve(
                store, draws: domain.draws, into: &draws,
                exhausted: MaskingError.uniqueExhausted(table: domain.table, column: domain.column))
        }
        return draws
    }
}

/// Turns one table's source values of unique columns into first draws, and hands them to their
/// domains' stores batch by batch. One per table and thread.
public struct UniqueFeed {
    struct Column {
        /// The column's index in the table's planned columns.
        let index: Int
        let domain: Int
        let draw: KeyedDraw
        let drawIndex: UInt16
        let keepsEmpty: Bool
    }

    private let read: [Column]
    private let stores: [any FirstDrawStore]
    private var draws: [[FirstDraw]]
    private var values: [[UInt8]]
    private var input: [UInt8] = []
    private var output: [UInt8] = []

    init(columns: [Column], stores: [any FirstDrawStore]) {
        read = columns
        self.stores = stores
        draws = Array(repeating: [], count: stores.count)
        values = Array(repeating: [], count: stores.count)
    }

    /// The columns to read, as indices into the table's planned columns; `add` takes a position in this list.
    public var columns: [Int] { read.map(\.index) }

    /// Adds a non-NULL value (decoded) of `columns[i]`.
    public mutating func add(_ i: Int, _ value: UnsafeBufferPointer<UInt8>) {
        let column = read[i]
        // An empty value stays empty (where the transform keeps it so) and takes no draw.
        if value.isEmpty && column.keepsEmpty { return }
        input.removeAll(keepingCapacity: true)
        input.append(contentsOf: value)
        output.removeAll(keepingCapacity: true)
        // A value without an acceptable draw is rejected by the copy, which names its row.
        guard let attempt = column.draw.append(input, to: &output) else { return }
        draws[column.domain].append(
            FirstDraw(
                output: UniqueDraws.fingerprint(output), input: UniqueDraws.fingerprint(input),
                offset: UInt64(values[column.domain].count), length: UInt32(input.count), draw: column.drawIndex,
                attempt: UInt16(attempt)))
        values[column.domain] += input
    }

    /// Hands the first draws added so far to the stores.
    public mutating func flush() throws {
        for d in draws.indices where !draws[d].isEmpty {
            try stores[d].append(draws[d], values: values[d])
            draws[d].removeAll(keepingCapacity: true)
            values[d].removeAll(keepingCapacity: true)
        }
    }
}
