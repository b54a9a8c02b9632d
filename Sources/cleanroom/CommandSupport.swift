import ArgumentParser
import CleanroomCore
import CleanroomMasking
import Foundation

/// Options shared by the commands that need the masking key.
struct KeyOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A file holding the masking key (hex or base64, mode 0600). Default: $CLEANROOM_MASKING_KEY.", valueName: "path"))
    var keyFile: String?

    func load() throws -> MaskingKey {
        try Keyring.load(keyFile: keyFile)
    }
}

/// Runs a command body, printing Cleanroom errors as one clear line and exiting with their status.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as CleanroomError {
        FileHandle.standardError.write(Data("cleanroom: error: \(error.description)\n".utf8))
        throw ExitCode(error.exitStatus.rawValue)
    } catch let error as ExitCode {
        throw error
    } catch {
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
