import ArgumentParser
import Foundation

@main
struct Cleanroom: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanroom",
        abstract: "Masked, isolated test environments with signed evidence.",
        discussion: """
            Exit codes: 0 ok, 1 run failed, 2 usage or configuration error, 3 refused: a guard \
            (separation, coverage, authorisation) or a target that exists (docs/architecture.md).
            """,
        version: CleanroomVersion.current,
        subcommands: [
            ScanCommand.self, CheckCommand.self, PreviewCommand.self, SubsetCommand.self, MaskCommand.self,
            ProvisionCommand.self,
            EnvsCommand.self,
            TeardownCommand.self,
            ShardCommand.self,
            GCCommand.self, DemoCommand.self, EvidenceCommand.self, KeysCommand.self, TransformsCommand.self,
        ]
    )
}

extension Cleanroom {
    /// Entry point: memory tuning first, then argument parsing and the command; whatever ends the
    /// command becomes the exit status in `exitStatus(reporting:)`, and only there.
    static func main() {
        #if os(Linux)
        // Row batches are ~256 KiB buffers allocated and freed continuously. Without a fixed mmap
        // threshold glibc raises it after the first free and keeps freed batches in per-thread heaps,
        // so resident memory grows with the number of batches (benchmarks/RESULTS.md: 1.39× from
        // scale 0.1 to 1; 1.12× with this setting).
        _ = glibcMallopt(glibcMmapThreshold, 128 * 1024)
        #endif
        do {
            var command = try parseAsRoot(nil)
            try command.run()
        } catch {
            Foundation.exit(exitStatus(reporting: error))
        }
    }
}

#if os(Linux)
/// glibc's `mallopt` and `M_MMAP_THRESHOLD` from <malloc.h>, which the Glibc module does not export.
@_silgen_name("mallopt") private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
private let glibcMmapThreshold: Int32 = -3
#endif

/// The tool version recorded in evidence.
enum CleanroomVersion {
    static let current = "0.1.0"
}
