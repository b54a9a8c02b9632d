/// A word list laid out in one allocation that lives as long as the process, its words handed out as
/// buffers into it.
///
/// Fakes pick several words per value. From an array of arrays each pick is a copy of the word's
/// array: a retain and a release, atomic operations that cost more than the pick itself. A
/// `PackedWords` is a pair of pointers, so a pick touches no reference count.
///
/// The storage is never freed: build one only for a list held by a `static let` (the bundled
/// dictionaries and the lists derived from them, built once per process).
struct PackedWords: RandomAccessCollection, @unchecked Sendable {
    // @unchecked: the storage is written once, in `init`, and only read afterwards.
    private let bytes: UnsafePointer<UInt8>
    /// `ends[i]` is the offset just past word `i`; word `i` starts at `ends[i - 1]` (0 for the first).
    private let ends: UnsafePointer<Int>

    let startIndex = 0
    let endIndex: Int

    /// Packs `words`, in order.
    init(_ words: [[UInt8]]) {
        let total = words.reduce(0) { $0 + $1.count }
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: Swift.max(1, total))
        let ends = UnsafeMutablePointer<Int>.allocate(capacity: Swift.max(1, words.count))
        var offset = 0
        for (i, word) in words.enumerated() {
            (bytes + offset).initialize(from: word, count: word.count)
            offset += word.count
            ends[i] = offset
        }
        self.bytes = UnsafePointer(bytes)
        self.ends = UnsafePointer(ends)
        endIndex = words.count
    }

    /// The `i`th word, valid for the life of the process.
    subscript(i: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(i >= 0 && i < endIndex, "word \(i) of a list of \(endIndex)")
        let start = i == 0 ? 0 : ends[i - 1]
        return UnsafeBufferPointer(start: bytes + start, count: ends[i] - start)
    }
}
