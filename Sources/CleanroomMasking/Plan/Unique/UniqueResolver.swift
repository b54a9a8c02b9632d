/// Finds the collisions among one domain's first draws and re-draws the inputs that lose them, by
/// the rule `UniqueDraws` states. Reads the store one bucket at a time: a pass to find the
/// collisions, then a pass per round of re-draws to check the candidates against every first draw.
enum UniqueResolver {
    /// An input whose first draw another input owns.
    private struct Loser {
        var input: UInt64
        var draw: Int
        /// The last attempt tried.
        var attempt: Int
        var value: [UInt8]
    }

    /// Candidates tried per re-drawing input and round.
    private static let candidatesPerRound = 4

    static func resolve(
        _ store: any FirstDrawStore, draws keyed: [KeyedDraw], into draws: inout UniqueDraws, exhausted: MaskingError
    ) throws {
        var losers: [Loser] = []
        for b in 0..<store.bucketCount {
            var records = try store.draws(inBucket: b)
            records.sort { ($0.output, $0.input, $0.draw) < ($1.output, $1.input, $1.draw) }
            var i = 0
            while i < records.count {
                // The first of the draws of one output, in fingerprint order, owns it.
                var previous = records[i]
                i += 1
                while i < records.count, records[i].output == previous.output {
                    let record = records[i]
                    i += 1
                    if record.isSameInput(previous) { continue }  // another row of the same input
                    losers.append(
                        Loser(
                            input: record.input, draw: Int(record.draw), attempt: Int(record.attempt),
                            value: try store.value(of: record)))
                    previous = record
                }
            }
        }
        losers.sort { ($0.input, $0.draw) < ($1.input, $1.draw) }
        var taken = Set<UInt64>()
        var output: [UInt8] = []
        while !losers.isEmpty {
            let candidates = try losers.map { loser -> [(attempt: Int, output: UInt64)] in
                var found: [(attempt: Int, output: UInt64)] = []
                var attempt = loser.attempt
                while found.count < candidatesPerRound {
                    output.removeAll(keepingCapacity: true)
                    guard let next = keyed[loser.draw].append(loser.value, from: attempt + 1, to: &output) else {
                        break
                    }
                    found.append((next, UniqueDraws.fingerprint(output)))
                    attempt = next
                }
                guard !found.isEmpty else { throw exhausted }
                return found
            }
            let reserved = try firstDraws(among: Set(candidates.flatMap { $0.map(\.output) }), in: store)
            var unresolved: [Loser] = []
            for (loser, tries) in zip(losers, candidates) {
                if let pick = tries.first(where: { !reserved.contains($0.output) && !taken.contains($0.output) }) {
                    taken.insert(pick.output)
                    draws.redraw(loser.input, in: keyed[loser.draw].group, from: pick.attempt)
                } else {
                    var next = loser
                    next.attempt = tries.last!.attempt
                    unresolved.append(next)
                }
            }
            losers = unresolved
        }
    }

    /// Those of `outputs` that are some input's first draw.
    private static func firstDraws(among outputs: Set<UInt64>, in store: any FirstDrawStore) throws -> Set<UInt64> {
        var found = Set<UInt64>()
        for (b, wanted) in Dictionary(grouping: outputs, by: store.bucket(of:)) {
            let wanted = Set(wanted)
            for record in try store.draws(inBucket: b) where wanted.contains(record.output) {
                found.insert(record.output)
            }
        }
        return found
    }
}
