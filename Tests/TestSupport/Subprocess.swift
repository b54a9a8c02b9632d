import Foundation

/// Runs programs for tests: the `cleanroom` binary (through `CommandLineRunner`) and tools found on
/// PATH (openssl, python3), reading standard output and standard error at the same time so a chatty
/// program never blocks on a full pipe.
public enum Subprocess {
    /// The exit status and output of one finished program.
    public struct Outcome: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Standard output followed by standard error.
        public var all: String { stdout + stderr }
        /// The same as `all`, for tools whose two streams are read as one.
        public var output: String { all }
    }

    /// A started program.
    public final class Running: @unchecked Sendable {
        // @unchecked: used by one test thread at a time.
        public let process: Process
        private let out = Pipe()
        /// Nil when standard error goes to a file the caller gave.
        private let err: Pipe?

        fileprivate init(process: Process, standardError file: FileHandle? = nil) {
            self.process = process
            err = file == nil ? Pipe() : nil
            process.standardOutput = out
            process.standardError = file ?? err
        }

        /// Reads both pipes to the end, concurrently, and waits for the exit.
        public func wait() -> Outcome {
            let group = DispatchGroup()
            nonisolated(unsafe) var errData = Data()
            if let errHandle = err?.fileHandleForReading {
                group.enter()
                DispatchQueue.global().async {
                    errData = errHandle.readDataToEndOfFile()
                    group.leave()
                }
            }
            let outData = out.fileHandleForReading.readDataToEndOfFile()
            group.wait()
            process.waitUntilExit()
            return Outcome(
                status: process.terminationStatus,
                stdout: String(decoding: outData, as: UTF8.self),
                stderr: String(decoding: errData, as: UTF8.self))
        }
    }

    /// Starts `executable ARGS` in `directory` with `environment` (nil: this process's); standard
    /// error goes to `standardError` when given (its outcome's `stderr` is then empty).
    public static func start(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
        in directory: URL? = nil, standardError: FileHandle? = nil
    ) throws -> Running {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        let running = Running(process: process, standardError: standardError)
        try process.run()
        return running
    }

    /// Runs `arguments`, the first naming a program on PATH, and waits for it.
    public static func run(_ arguments: [String], in directory: URL? = nil) throws -> Outcome {
        try start(locate(arguments[0]), Array(arguments.dropFirst()), in: directory).wait()
    }

    private static func locate(_ program: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(program)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: program])
    }
}
