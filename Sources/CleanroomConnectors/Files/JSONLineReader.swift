/// The lines of a JSONL file that hold something, one at a time, with their line numbers.
///
/// Blank lines are skipped (they still count for line numbers). Syntax errors name the file, the
/// line and the column.
final class JSONLineReader {
    private let file: ByteFileReader
    /// The current line's bytes.
    private(set) var line: [UInt8] = []
    /// The current line's number (1-based).
    private(set) var number = 0

    init(path: String) throws {
        file = try ByteFileReader(path: path)
    }

    var path: String { file.path }

    /// Moves to the next non-blank line; false at the end of the file.
    func next() throws -> Bool {
        while try file.readLine(into: &line) {
            number += 1
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) { return true }
        }
        return false
    }

    /// Calls `body` with each member of the current line's object and the line's bytes.
    func members(_ body: (JSONScanner.Member, UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try line.withUnsafeBufferPointer { text in
            do {
                try JSONScanner.members(of: text) { try body($0, text) }
            } catch let error as JSONScanner.SyntaxError {
                throw self.error("invalid JSON at column \(error.offset + 1): \(error.message)")
            }
        }
    }

    /// The decoded key of `member` into `out` (replacing its content).
    static func key(of member: JSONScanner.Member, in text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        let raw = UnsafeBufferPointer(rebasing: text[member.key])
        if member.keyHasEscapes { JSONText.appendUnescaped(raw, to: &out) } else { out.append(contentsOf: raw) }
    }

    /// An error at the current line.
    func error(_ message: String) -> ConnectorError {
        .file(path: file.path, line: number, message: message)
    }
}
