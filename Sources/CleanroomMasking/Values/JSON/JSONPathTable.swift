/// The steps of a list of JSON paths laid out in flat arrays of plain values, which the rewriter reads
/// for every object member and array element without copying paths or touching reference counts.
struct JSONPathTable: Sendable {
    enum Kind: Sendable {
        case member, index, wildcard
    }

    /// Per path: its number of steps and where they start in the per-step arrays.
    private let lengths: [Int]
    private let starts: [Int]
    /// Per step: its kind, the element index of an `.index` step, and where the name of a `.member`
    /// step lies in `names`.
    private let kinds: [Kind]
    private let indices: [Int]
    private let nameRanges: [Range<Int>]
    private let names: [UInt8]

    init(_ paths: [JSONPath]) {
        var lengths: [Int] = [], starts: [Int] = [], kinds: [Kind] = [], indices: [Int] = []
        var nameRanges: [Range<Int>] = [], names: [UInt8] = []
        for path in paths {
            lengths.append(path.steps.count)
            starts.append(kinds.count)
            for step in path.steps {
                var kind = Kind.wildcard, index = 0, name = names.count..<names.count
                switch step {
                case .member(let bytes):
                    kind = .member
                    names += bytes
                    name = name.lowerBound..<names.count
                case .index(let i):
                    kind = .index
                    index = i
                case .wildcard:
                    break
                }
                kinds.append(kind)
                indices.append(index)
                nameRanges.append(name)
            }
        }
        (self.lengths, self.starts, self.kinds, self.indices, self.nameRanges, self.names) = (
            lengths, starts, kinds, indices, nameRanges, names
        )
    }

    /// How many paths the table holds.
    var count: Int { lengths.count }

    /// The number of steps of `path`.
    func length(of path: Int) -> Int { lengths[path] }

    /// The kind of step `depth` of `path` (which must have more steps).
    func kind(of path: Int, at depth: Int) -> Kind { kinds[starts[path] + depth] }

    /// Whether step `depth` of `path` is the array index `index` or a wildcard.
    func matchesIndex(_ index: Int, path: Int, at depth: Int) -> Bool {
        let step = starts[path] + depth
        return kinds[step] == .wildcard || (kinds[step] == .index && indices[step] == index)
    }

    /// Whether step `depth` of `path` is the member named `key` (decoded UTF-8) or a wildcard.
    func matchesMember(_ key: UnsafeBufferPointer<UInt8>, path: Int, at depth: Int) -> Bool {
        let step = starts[path] + depth
        switch kinds[step] {
        case .wildcard: return true
        case .index: return false
        case .member:
            let range = nameRanges[step]
            return range.count == key.count && names.withUnsafeBufferPointer { key.elementsEqual($0[range]) }
        }
    }
}
