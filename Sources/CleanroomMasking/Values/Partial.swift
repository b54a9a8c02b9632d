/// Partial masking that keeps the ends of a value (DESIGN §4, `partial`).
public enum Partial {
    /// `value` (UTF-8) with all but its first `keepFirst` and last `keepLast` characters replaced by
    /// `mask`, one mask per character: `4111111111111111` with 0 and 4 kept → `************1111`.
    ///
    /// Characters here are Unicode scalars: a multi-byte sequence is kept or masked whole, never split.
    /// When the value has no more than `keepFirst + keepLast` characters, keeping both ends would reveal
    /// all of it; then only its first `keepFirst` characters are kept, and never all of a non-empty value
    /// (`ab` with 2 and 2 kept → `a*`).
    public static func apply(_ value: [UInt8], keepFirst: Int, keepLast: Int, mask: Character) -> [UInt8] {
        let starts = value.indices.filter { value[$0] & 0xC0 != 0x80 || $0 == 0 }
        let count = starts.count
        let first = max(0, keepFirst)
        let last = max(0, keepLast)
        let (kept, keptAtEnd) = count > first + last ? (first, last) : (min(first, max(count - 1, 0)), 0)
        let maskBytes = Array(String(mask).utf8)
        let maskedStart = kept < count ? starts[kept] : value.count
        let maskedEnd = keptAtEnd > 0 ? starts[count - keptAtEnd] : value.count
        var out = Array(value[..<maskedStart])
        out.reserveCapacity(value.count + (count - kept - keptAtEnd) * maskBytes.count)
        for _ in 0..<(count - kept - keptAtEnd) { out += maskBytes }
        out += value[maskedEnd...]
        return out
    }
}
