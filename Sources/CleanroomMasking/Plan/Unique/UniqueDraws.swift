/// Keeps `unique: true` columns free of collisions, whatever the order in which their values are masked.
///
/// Keyed draws (`hash`, `fake`) of distinct inputs can collide. Every input of a unique column writes
/// its first draw (`KeyedDraw`) except the inputs listed here, which start at a later attempt. The
/// list is made before the copy from the set of the domain's source values (`UniqueDomains`; in a
/// run, the pipeline's `UniquePass`), so an input's output depends on that set alone: not on row
/// order, on how a table is split between workers, or on which table of a domain is copied first.
/// The rule, over the whole domain:
///
/// 1. Of the inputs whose first draws are one output, the one with the smallest fingerprint keeps it.
/// 2. First draws are reserved for their owners. The other inputs re-draw in rounds: in each round,
///    in the order of their fingerprints, each takes the first of its next four acceptable attempts
///    whose output is nobody's first draw and not taken yet; those that find none go on in the next
///    round, until `KeyedDraw.maximumAttempts`.
///
/// Without collisions every output is the first draw, as it always was. Inputs are told apart by a
/// 64-bit fingerprint (FNV-1a, the same on every machine) and outputs too; the list holds only the
/// re-drawn inputs, about a dozen per million values of a `fake: email` domain.
public struct UniqueDraws: Sendable {
    /// The columns whose inputs re-draw alike: one keying domain (a foreign key's columns share the
    /// referenced column's) and one length limit, as each limit gives its own first draws.
    public struct Group: Hashable, Sendable {
        public let domain: String
        public let maximumLength: Int?

        public init(domain: String, maximumLength: Int?) {
            self.domain = domain
            self.maximumLength = maximumLength
        }
    }

    /// By group: the re-drawn inputs' fingerprints and the attempt each starts from.
    private var starts: [Group: [UInt64: UInt16]] = [:]

    /// No re-drawn input: every input writes its first draw.
    public init() {}

    /// Whether no input is re-drawn.
    public var isEmpty: Bool { starts.isEmpty }

    /// The number of re-drawn inputs.
    public var count: Int { starts.values.reduce(0) { $0 + $1.count } }

    /// Sends the input with `fingerprint` in `group` to `attempt`.
    public mutating func redraw(_ fingerprint: UInt64, in group: Group, from attempt: Int) {
        precondition(attempt > 0 && attempt < KeyedDraw.maximumAttempts, "a re-draw starts after the first draw")
        starts[group, default: [:]][fingerprint] = UInt16(attempt)
    }

    /// Every re-drawn input, by group: what `redraw(_:in:from:)` was told, to store it.
    public var entries: [(group: Group, fingerprint: UInt64, attempt: Int)] {
        starts.flatMap { group, inputs in inputs.map { (group, $0.key, Int($0.value)) } }
    }

    /// The re-drawn inputs of `group`, nil when there are none.
    func starts(in group: Group) -> [UInt64: UInt16]? { starts[group] }

    /// FNV-1a 64 of `bytes`: stable across processes, so the resolution does not depend on a random seed.
    public static func fingerprint(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }
}
