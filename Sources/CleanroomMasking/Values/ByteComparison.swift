import Foundation

/// Equality of byte strings by `memcmp`: the standard library compares arrays element by element,
/// after an identity check that values in reused buffers never pass.
enum ByteComparison {
    /// Whether `a` and `b` hold the same bytes.
    static func equal(_ a: some ContiguousBytes, _ b: some ContiguousBytes) -> Bool {
        a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in
                x.count == y.count && (x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
            }
        }
    }
}
