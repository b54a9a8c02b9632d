import ArgumentParser
import CleanroomCore
import CleanroomEvidence
import CleanroomMasking
import CleanroomPipeline
import Foundation

/// Options shared by the commands that need the masking key.
struct KeyOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A file holding the masking key (hex or base64, mode 0600). Default: $CLEANROOM_MASKING_KEY, else .cleanroom/keys/masking.key.", valueName: "path"))
    var keyFile: String?

    func load(workspace: Workspace = Workspace()) throws -> MaskingKey {
        let environment = ProcessInfo.processInfo.environment
        if keyFile == nil, environment[Keyring.environmentVariable] == nil,
           FileManager.default.fileExists(atPath: workspace.maskingKeyPath) {
            return try Keyring.load(keyFile: workspace.maskingKeyPath, environment: environment)
        }
        return try Keyring.load(keyFile: keyFile, environment: environment)
    }
}

/// Options of the commands that sign and append evidence.
struct EvidenceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The evidence ledger. Default: .cleanroom/evidence/ledger.jsonl.", valueName: "path"))
    var ledger: String?

    @Option(help: ArgumentHelp("The Ed25519 signing key (PKCS#8 PEM, mode 0600). Default: .cleanroom/keys/signing.key.", valueName: "path"))
    var signingKey: String?

    func recorder(workspace: Workspace = Workspace()) throws -> EvidenceRecorder {
        let key = try SigningKeys.loadPrivate(path: signingKey ?? workspace.signingKeyPath)
        return try EvidenceRecorder(ledgerPath: ledger ?? workspace.ledgerPath, signingKey: key, toolVersion: CleanroomVersion.current)
    }
}

/// Runs a command body, printing Cleanroom errors as one clear line and exiting with their status.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as CleanroomError {
        Interrupts.shared.holdIfInterrupted()
        FileHandle.standardError.write(Data("cleanroom: error: \(error.description)\n".utf8))
        throw ExitCode(error.exitStatus.rawValue)
    } catch let error as ExitCode {
        throw error
    } catch {
        Interrupts.shared.holdIfInterrupted()
        FileHandle.standardError.write(Data("cleanroom: error: \(error)\n".utf8))
        throw ExitCode(ExitStatus.runFailed.rawValue)
    }
}

/// Writes a line to standard output.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// Writes a line to standard error (progress and notes, so stdout stays machine-readable).
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
