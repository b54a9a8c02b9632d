/// The bundled dictionaries fake values are drawn from, written as Swift source so the module needs no
/// resource bundle.
///
/// Each list is a `static let` (built once, on first use, thread-safely) holding the UTF-8 bytes of one
/// entry per line of a multi-line string literal, packed (`PackedWords`); blank lines are ignored and
/// no entry repeats.
enum WordLists {
    /// The non-blank lines of `text` as UTF-8 bytes, surrounding spaces trimmed.
    static func lines(_ text: String) -> PackedWords {
        PackedWords(
            text.split(separator: "\n").compactMap { line in
                let trimmed = line.utf8.drop { $0 == UInt8(ascii: " ") }.reversed().drop { $0 == UInt8(ascii: " ") }
                    .reversed()
                return trimmed.isEmpty ? nil : Array(trimmed)
            })
    }
}
