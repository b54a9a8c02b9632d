import Foundation

/// An open file read in large chunks: owns the file descriptor and closes it when released.
///
/// Parsers take bytes one at a time (`nextByte`, `peekByte`) or a line at a time (`readLine`); only
/// one chunk is held, so memory stays flat whatever the file's size.
final class ByteFileReader {
    /// The path as given, for messages.
    let path: String
    private let descriptor: Int32
    private var chunk: [UInt8]
    private var position = 0
    private var filled = 0
    private var atEnd = false

    init(path: String, chunkSize: Int = 256 * 1024) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw ConnectorError.file(
                path: path, line: nil, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        descriptor = fd
        self.path = path
        chunk = [UInt8](repeating: 0, count: chunkSize)
    }

    deinit {
        close(descriptor)
    }

    /// The next byte, or nil at the end of the file.
    @inline(__always)
    func nextByte() throws -> UInt8? {
        if position == filled, try !refill() { return nil }
        defer { position += 1 }
        return chunk[position]
    }

    /// The byte `nextByte` would return, without consuming it.
    @inline(__always)
    func peekByte() throws -> UInt8? {
        if position == filled, try !refill() { return nil }
        return chunk[position]
    }

    /// Consumes `prefix` when the unread bytes start with it (e.g. a byte-order mark). Only for
    /// prefixes at the start of the file, shorter than a chunk.
    func skip(prefix: [UInt8]) throws {
        if position == filled { _ = try refill() }
        while filled - position < prefix.count, !atEnd {
            filled += try readMore(at: filled)
        }
        if filled - position >= prefix.count, chunk[position..<position + prefix.count].elementsEqual(prefix) {
            position += prefix.count
        }
    }

    /// Replaces `line` with the next line's bytes, without its `\n`; false at the end of the file.
    func readLine(into line: inout [UInt8]) throws -> Bool {
        line.removeAll(keepingCapacity: true)
        while true {
            if position == filled, try !refill() { return !line.isEmpty }
            if let newline = chunk[position..<filled].firstIndex(of: 0x0A) {
                line.append(contentsOf: chunk[position..<newline])
                position = newline + 1
                return true
            }
            line.append(contentsOf: chunk[position..<filled])
            position = filled
        }
    }

    /// Reads the next chunk; false at the end of the file.
    private func refill() throws -> Bool {
        guard !atEnd else { return false }
        position = 0
        filled = try readMore(at: 0)
        return filled > 0
    }

    /// Reads into `chunk[offset...]`, retrying on interruption; 0 marks the end of the file.
    private func readMore(at offset: Int) throws -> Int {
        while true {
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if got >= 0 {
                if got == 0 { atEnd = true }
                return got
            }
            guard errno == EINTR else {
                throw ConnectorError.file(
                    path: path, line: nil, message: "read failed: \(String(cString: strerror(errno)))")
            }
        }
    }
}
