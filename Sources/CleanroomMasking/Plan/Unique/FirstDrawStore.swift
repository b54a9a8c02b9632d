/// One source value's first draw under a unique column's `KeyedDraw`, as `UniqueResolver` reads it.
public struct FirstDraw: Sendable {
    /// Fingerprints (`UniqueDraws.fingerprint`) of the first draw and of the value.
    public var output: UInt64
    public var input: UInt64
    /// Where the value is among the store's values, and its length in bytes.
    public var offset: UInt64
    public var length: UInt32
    /// The domain's draw that made it (`UniqueDomains.Domain.draws`), and its first acceptable attempt.
    public var draw: UInt16
    public var attempt: UInt16

    public static let blank = FirstDraw(output: 0, input: 0, offset: 0, length: 0, draw: 0, attempt: 0)

    /// Whether two first draws are of one input under one draw.
    func isSameInput(_ other: FirstDraw) -> Bool { input == other.input && draw == other.draw }
}

/// Where the first draws of one domain's values are kept until `UniqueResolver` has looked for their
/// collisions: in buckets by the output's fingerprint, so that one bucket at a time finds them, with
/// the values beside, read back only for the inputs that re-draw. The pipeline keeps them on disk
/// (`DrawSpill`), so memory stays flat; `FirstDrawsInMemory` holds a sample's.
public protocol FirstDrawStore: AnyObject, Sendable {
    /// Adds first draws whose `offset`s count from the start of `values`, the bytes they were drawn from.
    func append(_ draws: [FirstDraw], values: [UInt8]) throws
    /// Called once after the last `append`.
    func finish() throws
    var bucketCount: Int { get }
    /// The bucket of a first draw whose output's fingerprint is `output`.
    func bucket(of output: UInt64) -> Int
    /// The first draws in bucket `b`, in no particular order.
    func draws(inBucket b: Int) throws -> [FirstDraw]
    /// The value `draw` was drawn from.
    func value(of draw: FirstDraw) throws -> [UInt8]
}

/// First draws held in memory, in one bucket: for values already in memory (a sample, a test).
public final class FirstDrawsInMemory: FirstDrawStore, @unchecked Sendable {
    // @unchecked: used by one thread at a time.
    private var held: [FirstDraw] = []
    private var values: [UInt8] = []

    public init() {}

    public func append(_ draws: [FirstDraw], values bytes: [UInt8]) throws {
        let base = UInt64(values.count)
        values += bytes
        held += draws.map { draw in
            var draw = draw
            draw.offset += base
            return draw
        }
    }

    public func finish() throws {}
    public var bucketCount: Int { 1 }
    public func bucket(of output: UInt64) -> Int { 0 }
    public func draws(inBucket b: Int) throws -> [FirstDraw] { held }

    public func value(of draw: FirstDraw) throws -> [UInt8] {
        Array(values[Int(draw.offset)..<Int(draw.offset) + Int(draw.length)])
    }
}
