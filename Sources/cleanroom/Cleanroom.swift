import ArgumentParser

@main
struct Cleanroom: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanroom",
        abstract: "Masked, isolated test environments with signed evidence."
    )
}
