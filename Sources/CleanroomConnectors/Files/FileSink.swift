import Foundation

/// A new file being written: owns the file descriptor and closes it when released.
///
/// Created with mode 0600 and never over an existing file. Callers hand it whole batches; `finish`
/// makes the content durable before the directory holding it is moved into place.
final class FileSink {
    /// The path, for messages.
    let path: String
    private var descriptor: Int32

    init(creating path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileSink.failure(path, "cannot create") }
        descriptor = fd
        self.path = path
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Writes all of `bytes`.
    func append(_ bytes: [UInt8]) throws {
        guard descriptor >= 0 else {
            throw ConnectorError.file(path: path, line: nil, message: "written after it was closed")
        }
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw FileSink.failure(path, "write failed")
                }
                offset += written
            }
        }
    }

    /// Syncs the content to stable storage and closes the file.
    func finish() throws {
        guard descriptor >= 0 else { return }
        defer { discard() }
        guard fsync(descriptor) == 0 else { throw FileSink.failure(path, "fsync failed") }
    }

    /// Closes the file without syncing (the load is being abandoned); safe to call twice.
    func discard() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }

    private static func failure(_ path: String, _ what: String) -> ConnectorError {
        .file(path: path, line: nil, message: "\(what): \(String(cString: strerror(errno)))")
    }
}
