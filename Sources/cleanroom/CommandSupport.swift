import ArgumentParser
import CleanroomCore
import CleanroomEvidence
import CleanroomMasking
import CleanroomPipeline
import Foundation

/// Options shared by the commands that need the masking key.
struct KeyOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A file holding the masking key (hex, or hex:/base64: prefixed; mode 0600). Default: $CLEANROOM_MASKING_KEY, else .cleanroom/keys/masking.key.",
            valueName: "path"))
    var keyFile: String?

    func load(workspace: Workspace = Workspace()) throws -> MaskingKey {
        let environment = ProcessInfo.processInfo.environment
        if keyFile == nil, environment[Keyring.environmentVariable] == nil,
            FileManager.default.fileExists(atPath: workspace.maskingKeyPath)
        {
            return try Keyring.load(keyFile: workspace.maskingKeyPath, environment: environment)
        }
        return try Keyring.load(keyFile: keyFile, environment: environment)
    }
}

/// Options of the commands that sign and append evidence.
struct EvidenceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The evidence ledger. Default: .cleanroom/evidence/ledger.jsonl.", valueName: "path"))
    var ledger: String?

    @Option(
        help: ArgumentHelp(
            "The Ed25519 signing key (PKCS#8 PEM, mode 0600). Default: $CLEANROOM_SIGNING_KEY_FILE, else .cleanroom/keys/signing.key.",
            valueName: "path")
    )
    var signingKey: String?

    /// The variable naming the signing key's file, for CI systems that hand secrets over as files.
    static let signingKeyFileVariable = "CLEANROOM_SIGNING_KEY_FILE"

    /// Where the signing key comes from: `--signing-key`, else `$CLEANROOM_SIGNING_KEY_FILE` (the
    /// caller's file), else the workspace's own.
    func signingKeySource(
        workspace: Workspace = Workspace(), environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> SigningKeySource {
        if let path = signingKey ?? environment[Self.signingKeyFileVariable].flatMap({ $0.isEmpty ? nil : $0 }) {
            return .caller(path: path)
        }
        return .workspace(path: workspace.signingKeyPath)
    }

    /// The signing key's file: `--signing-key`, else `$CLEANROOM_SIGNING_KEY_FILE`, else the workspace's.
    func signingKeyPath(
        workspace: Workspace = Workspace(), environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        signingKeySource(workspace: workspace, environment: environment).path
    }

    func recorder(workspace: Workspace = Workspace()) throws -> EvidenceRecorder {
        let key = try SigningKeys.loadPrivate(path: signingKeyPath(workspace: workspace))
        var recorder = try EvidenceRecorder(
            ledgerPath: ledger ?? workspace.ledgerPath, signingKey: key, toolVersion: CleanroomVersion.current)
        recorder.actor = .current()
        return recorder
    }
}

/// Whose file the signing key is read from (`EvidenceOptions.signingKeySource`).
enum SigningKeySource: Equatable {
    /// The caller's file, named by `--signing-key` or `$CLEANROOM_SIGNING_KEY_FILE`: perhaps a mounted
    /// secret, which Cleanroom reads and never replaces or deletes.
    case caller(path: String)
    /// The workspace's `keys/signing.key`, which `keys init` wrote and `keys rotate` replaces in place.
    case workspace(path: String)

    /// The key's file.
    var path: String {
        switch self {
        case .caller(let path), .workspace(let path): path
        }
    }
}

/// The one place an error that ends a command becomes the process's exit status (docs/architecture.md,
/// "Exit statuses"): a Cleanroom error prints one line and exits with its own status (1 run failed,
/// 2 usage or configuration, 3 refused); a command line ArgumentParser rejects exits 2 (its own
/// default is 64); `--help` and `--version` exit 0; an `ExitCode` a command threw after printing
/// its verdict keeps its value; any other error exits 1.
func exitStatus(reporting error: any Error) -> Int32 {
    switch error {
    case let error as CleanroomError:
        Interrupts.shared.holdIfInterrupted()
        FileHandle.standardError.write(Data("cleanroom: error: \(error.description)\n".utf8))
        return error.exitStatus.rawValue
    case let code as ExitCode:
        return code.rawValue
    default:
        break
    }
    let parserStatus = Cleanroom.exitCode(for: error)
    if parserStatus == .success { Cleanroom.exit(withError: error) }  // help and version, printed to stdout
    if parserStatus == .validationFailure {
        FileHandle.standardError.write(Data((Cleanroom.fullMessage(for: error) + "\n").utf8))
        return ExitStatus.usage.rawValue
    }
    Interrupts.shared.holdIfInterrupted()
    FileHandle.standardError.write(Data("cleanroom: error: \(error)\n".utf8))
    return ExitStatus.runFailed.rawValue
}

/// Writes a line to standard output.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// Writes a line to standard error (progress and notes, so stdout stays machine-readable).
/// Says on standard error which stages of killed runs a sweep removed or could not remove.
func noteSweep(_ sweep: StageSweepOutcome) {
    for stage in sweep.removed {
        note("removed \(stage.stage), left by \(stage.owner) (ledger entry \(stage.evidenceSeq))")
    }
    for failure in sweep.failures { note("could not remove \(failure.stage): \(failure.message)") }
}

func note(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Encodes a value as pretty, key-sorted JSON for `--json` output.
func jsonText<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
