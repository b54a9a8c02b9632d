import Foundation

/// Runs the built `cleanroom` binary as a user would, for exit codes and output.
public struct CommandLineRunner: Sendable {
    /// The result of one invocation.
    public struct Outcome: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var all: String { stdout + stderr }
    }

    /// A workspace (`CLEANROOM_HOME`) with fresh keys, in its own temporary directory.
    public let home: URL
    /// `XDG_CONFIG_HOME` of every run, beside `home`: `keys init` pins the signing key in its
    /// `cleanroom/trusted-keys`, outside the workspace, and never in the real user's config.
    public var configHome: URL { home.deletingLastPathComponent().appendingPathComponent("config") }
    /// The trust file `keys init` pins keys in.
    public var trustFile: URL { configHome.appendingPathComponent("cleanroom/trusted-keys") }
    /// Extra environment for every run.
    public var environment: [String: String]

    /// The binary next to the test bundle (`swift build --build-tests` builds both).
    public static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("cleanroom")
    }

    /// Creates a workspace and runs `cleanroom keys init` in it.
    public init(environment: [String: String] = [:]) throws {
        home = try TestPaths.temporaryDirectory("cleanroom-cli").appendingPathComponent(".cleanroom")
        self.environment = environment
        let created = try run(["keys", "init"])
        guard created.status == 0 else { throw RunnerError(description: "keys init failed: \(created.all)") }
    }

    /// Runs `cleanroom ARGS` in the workspace's parent directory and waits for it.
    @discardableResult
    public func run(_ arguments: [String], extraEnvironment: [String: String] = [:]) throws -> Outcome {
        try start(arguments, extraEnvironment: extraEnvironment).wait()
    }

    /// Starts `cleanroom ARGS` without waiting (for tests that interrupt it).
    public func start(_ arguments: [String], extraEnvironment: [String: String] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = home.deletingLastPathComponent()
        var env = ProcessInfo.processInfo.environment
        env["CLEANROOM_HOME"] = home.path
        env["XDG_CONFIG_HOME"] = configHome.path
        env.removeValue(forKey: "CLEANROOM_MASKING_KEY")
        for (k, v) in environment.merging(extraEnvironment, uniquingKeysWith: { $1 }) { env[k] = v }
        process.environment = env
        let running = Running(process: process)
        process.standardOutput = running.out
        process.standardError = running.err
        try process.run()
        return running
    }

    /// A started command.
    public final class Running: @unchecked Sendable {
        // @unchecked: used by one test thread at a time.
        public let process: Process
        let out = Pipe()
        let err = Pipe()

        init(process: Process) { self.process = process }

        /// Reads both pipes to the end (so a chatty process never blocks on a full pipe) and waits.
        public func wait() -> Outcome {
            let group = DispatchGroup()
            nonisolated(unsafe) var errData = Data()
            let errHandle = err.fileHandleForReading
            group.enter()
            DispatchQueue.global().async {
                errData = errHandle.readDataToEndOfFile()
                group.leave()
            }
            let outData = out.fileHandleForReading.readDataToEndOfFile()
            group.wait()
            process.waitUntilExit()
            return Outcome(status: process.terminationStatus,
                           stdout: String(decoding: outData, as: UTF8.self),
                           stderr: String(decoding: errData, as: UTF8.self))
        }
    }

    /// Removes the workspace.
    public func cleanUp() {
        try? FileManager.default.removeItem(at: home.deletingLastPathComponent())
    }

    /// The ledger of this workspace.
    public var ledgerPath: String { home.appendingPathComponent("evidence/ledger.jsonl").path }
    /// The masking key file of this workspace (a secret: tests grep output for its contents).
    public var maskingKeyPath: String { home.appendingPathComponent("keys/masking.key").path }
}

struct RunnerError: Error, CustomStringConvertible {
    var description: String
}
