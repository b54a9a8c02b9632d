/// Counting in UTF-8 text without decoding it.
public enum UTF8Text {
    /// The Unicode scalars in well-formed UTF-8 bytes: every byte that does not continue a
    /// sequence. PostgreSQL's `varchar(n)` limits count these.
    @inlinable
    public static func characterCount(_ bytes: some Collection<UInt8>) -> Int {
        bytes.reduce(0) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
    }
}
