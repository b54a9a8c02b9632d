import CleanroomCore
import Foundation

/// `provision --github-env`: hands an environment to the later steps of a GitHub Actions job.
///
/// The variables are appended to the file `$GITHUB_ENV` names (GitHub exports its `NAME=value` lines
/// to every later step), and each secret is announced first with the `::add-mask::` workflow command
/// on standard output, so the runner replaces it with `***` wherever a later step prints it.
struct GitHubEnvironment {
    /// The variable GitHub Actions sets to the file later steps read their environment from.
    static let fileVariable = "GITHUB_ENV"

    /// The file named by `$GITHUB_ENV`.
    let path: String

    /// The file `environment` names; `nil` outside GitHub Actions.
    init?(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let path = environment[Self.fileVariable], !path.isEmpty else { return nil }
        self.path = path
    }

    /// Masks `secrets`, then appends `variables` in order. A value with a line break is refused (it
    /// would let the value set a second variable); nothing is written then.
    func export(_ variables: [(name: String, value: String)], masking secrets: [String]) throws {
        for variable in variables where variable.value.contains(where: \.isNewline) {
            throw GitHubEnvironmentError.lineBreak(variable: variable.name)
        }
        for secret in Set(secrets) where !secret.isEmpty {
            say("::add-mask::\(secret)")
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw GitHubEnvironmentError.unwritable(path: path)
        }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(variables.map { "\($0.name)=\($0.value)\n" }.joined().utf8))
        } catch {
            throw GitHubEnvironmentError.unwritable(path: path)
        }
    }

    /// The secrets inside `url` to mask: its password, as written and percent-decoded.
    static func secrets(in url: String) -> [String] {
        guard let components = URLComponents(string: url) else { return [] }
        return [components.password, components.percentEncodedPassword].compactMap { $0 }
    }
}

/// Failures of `--github-env`; the messages name the file or variable, never a value.
enum GitHubEnvironmentError: CleanroomError {
    case unwritable(path: String)
    case lineBreak(variable: String)

    /// Both happen after the environment was provisioned: the run failed to hand it over.
    var exitStatus: ExitStatus { .runFailed }

    var description: String {
        switch self {
        case .unwritable(let path):
            "cannot append to $GITHUB_ENV (\(path)); the environment was provisioned: tear it down by name"
        case .lineBreak(let variable):
            "\(variable) holds a line break, which $GITHUB_ENV cannot carry; nothing was written to it: "
                + "tear the environment down by name"
        }
    }
}
