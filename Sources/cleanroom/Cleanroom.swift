import ArgumentParser

@main
struct Cleanroom: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanroom",
        abstract: "Masked, isolated test environments with signed evidence.",
        discussion: """
        Exit codes: 0 ok, 1 run failed, 2 usage or configuration error, 3 guard refused \
        (separation, coverage, authorisation).
        """,
        version: CleanroomVersion.current,
        subcommands: [MaskCommand.self, ProvisionCommand.self, EnvsCommand.self, TeardownCommand.self, GCCommand.self,
                      DemoCommand.self, EvidenceCommand.self, KeysCommand.self]
    )
}

/// The tool version recorded in evidence.
enum CleanroomVersion {
    static let current = "0.1.0"
}
