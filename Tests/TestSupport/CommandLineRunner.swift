import Foundation

/// Runs the built `cleanroom` binary as a user would, for exit codes and output.
public struct CommandLineRunner: Sendable {
    /// The result of one invocation.
    public typealias Outcome = Subprocess.Outcome
    /// A started invocation.
    public typealias Running = Subprocess.Running

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
        guard created.status == 0 else { throw TestFailure("keys init failed: \(created.all)") }
    }

    /// Runs `cleanroom ARGS` in the workspace's parent directory and waits for it.
    @discardableResult
    public func run(_ arguments: [String], extraEnvironment: [String: String] = [:]) throws -> Outcome {
        try start(arguments, extraEnvironment: extraEnvironment).wait()
    }

    /// Starts `cleanroom ARGS` without waiting (for tests that interrupt it, or that read the standard
    /// error it writes to the file `standardError` while it runs).
    public func start(
        _ arguments: [String], extraEnvironment: [String: String] = [:], standardError: FileHandle? = nil
    ) throws -> Running {
        var env = ProcessInfo.processInfo.environment
        env["CLEANROOM_HOME"] = home.path
        env["XDG_CONFIG_HOME"] = configHome.path
        env.removeValue(forKey: "CLEANROOM_MASKING_KEY")
        for (k, v) in environment.merging(extraEnvironment, uniquingKeysWith: { $1 }) { env[k] = v }
        return try Subprocess.start(
            Self.binary, arguments, environment: env, in: home.deletingLastPathComponent(), standardError: standardError
        )
    }

    /// Runs `cleanroom ARGS` with no workspace of its own, in this process's environment and folder
    /// (for commands that need no keys, such as `scan` and `check`).
    public static func runWithoutWorkspace(_ arguments: [String]) throws -> Outcome {
        try Subprocess.start(binary, arguments).wait()
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
