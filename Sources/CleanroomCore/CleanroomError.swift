/// The process exit statuses Cleanroom uses, as documented in the README and DESIGN §8.
public enum ExitStatus: Int32, Sendable {
    /// Everything asked for was done.
    case ok = 0
    /// The run started and failed (I/O, database, leak probe hit).
    case runFailed = 1
    /// The command line or a configuration file is wrong.
    case usage = 2
    /// A guard refused: separation, coverage or authorisation.
    case guardRefused = 3
}

/// Every error type in Cleanroom conforms to this: a message a user can act on and the exit status
/// the command line returns for it.
///
/// Messages name the file, line, table or column concerned and never contain secret material.
public protocol CleanroomError: Error, CustomStringConvertible, Sendable {
    /// The exit status the CLI returns when this error ends a command.
    var exitStatus: ExitStatus { get }
}

/// A position in a configuration file, for messages such as `rules.yaml:12: …`.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file's path as the user gave it.
    public var file: String
    /// One-based line number, or nil when unknown.
    public var line: Int?

    public init(file: String, line: Int? = nil) {
        self.file = file
        self.line = line
    }

    public var description: String {
        if let line { return "\(file):\(line)" }
        return file
    }
}
