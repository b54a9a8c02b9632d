/// PostgreSQL COPY text format, the one row encoding used between every reader and writer.
///
/// A row is one line ending in `\n`; fields are separated by a tab; `\N` is NULL; backslash escapes
/// encode backslash, tab, newline, carriage return and the rest (see PostgreSQL's COPY docs). Raw tab and
/// newline bytes therefore always delimit, so fields can be found without unescaping them.
public enum CopyText {
    /// The bytes of a NULL field.
    public static let null: [UInt8] = [0x5C, 0x4E]
    static let backslash: UInt8 = 0x5C
    /// Field delimiter.
    public static let tab: UInt8 = 0x09
    /// Row terminator.
    public static let newline: UInt8 = 0x0A

    /// Whether an encoded field is the NULL marker `\N`.
    @inlinable
    public static func isNull(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        field.count == 2 && field[0] == 0x5C && field[1] == 0x4E
    }

    /// Appends the decoded value of an encoded (non-NULL) field to `out`.
    ///
    /// Runs without a backslash, nearly every field, are appended whole.
    public static func unescape(_ field: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let n = field.count
        var run = 0
        var i = 0
        while true {
            i = ByteScan.firstIndex(
                in: field, from: i, candidates: { ByteScan.lanes(equalTo: backslash, in: $0) },
                matches: { $0 == backslash })
            // A backslash ending the field stands for itself.
            guard i + 1 < n else { break }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: field[run..<i]))
            let e = field[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var v = Int(e - 0x30)
                var digits = 1
                while digits < 3, i < n, field[i] >= 0x30, field[i] <= 0x37 {
                    v = v * 8 + Int(field[i] - 0x30)
                    i += 1
                    digits += 1
                }
                out.append(UInt8(truncatingIfNeeded: v))
            case UInt8(ascii: "x"):
                var v = 0
                var digits = 0
                while digits < 2, i < n, let h = hexValue(field[i]) {
                    v = v * 16 + h
                    i += 1
                    digits += 1
                }
                if digits == 0 { out.append(UInt8(ascii: "x")) } else { out.append(UInt8(v)) }
            default:
                out.append(e)
            }
            run = i
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: field[run..<n]))
    }

    /// Replaces the contents of `out` with the decoded value of an encoded (non-NULL) field, in one
    /// copy when the field holds no escape (nearly every field).
    public static func unescape(_ field: UnsafeBufferPointer<UInt8>, replacing out: inout [UInt8]) {
        let escape = ByteScan.firstIndex(
            in: field, from: 0, candidates: { ByteScan.lanes(equalTo: backslash, in: $0) }, matches: { $0 == backslash }
        )
        if escape == field.count {
            out.replaceSubrange(out.startIndex..<out.endIndex, with: field)
        } else {
            out.removeAll(keepingCapacity: true)
            unescape(field, into: &out)
        }
    }

    /// Decodes a whole field; nil for NULL.
    public static func decode(_ field: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        if isNull(field) { return nil }
        var out: [UInt8] = []
        unescape(field, into: &out)
        return out
    }

    /// Appends the encoding of `value` (nil = NULL) to `out`.
    ///
    /// Inlinable so that callers in other modules get a specialised copy: contiguous collections (arrays,
    /// slices, buffers) go straight to the non-generic byte loop on their storage.
    @inlinable
    public static func escape<C: Collection>(_ value: C?, into out: inout [UInt8]) where C.Element == UInt8 {
        guard let value else {
            out.append(contentsOf: null)
            return
        }
        let done: Void? = value.withContiguousStorageIfAvailable { escape($0, into: &out) }
        if done == nil { Array(value).withUnsafeBufferPointer { escape($0, into: &out) } }
    }

    /// Appends the encoding of a non-NULL `value` to `out`; runs without a byte to escape, nearly
    /// every value, are appended whole.
    public static func escape(_ value: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var run = 0
        while true {
            let i = firstToEscape(in: value, from: run)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: value[run..<i]))
            guard i < value.count else { return }
            out.append(backslash)
            switch value[i] {
            case 0x09: out.append(UInt8(ascii: "t"))
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            default: out.append(backslash)
            }
            run = i + 1
        }
    }

    /// Encodes in place the bytes of `out` from `start` on, a non-NULL value appended decoded: one
    /// scan, when (nearly always) there is nothing to escape.
    public static func escape(_ out: inout [UInt8], from start: Int) {
        let first = out.withUnsafeBufferPointer { firstToEscape(in: $0, from: start) }
        guard first < out.count else { return }
        let rest = Array(out[first...])
        out.removeSubrange(first...)
        rest.withUnsafeBufferPointer { escape($0, into: &out) }
    }

    /// The index of the first byte of `value` from `start` on that its encoding escapes, or its count.
    @inline(__always)
    static func firstToEscape(in value: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        ByteScan.firstIndex(
            in: value, from: start,
            candidates: { ByteScan.lanes(equalTo: backslash, in: $0) | ByteScan.lanes(below: 0x0E, in: $0) },
            matches: { $0 == backslash || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
    }

    @inline(__always)
    static func hexValue(_ c: UInt8) -> Int? {
        switch c {
        case 0x30...0x39: return Int(c - 0x30)
        case 0x61...0x66: return Int(c - 0x61 + 10)
        case 0x41...0x46: return Int(c - 0x41 + 10)
        default: return nil
        }
    }
}
