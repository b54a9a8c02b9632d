import CleanroomCore
import Foundation

/// `pg_dump --schema-only`, one section at a time, as SQL that a libpq connection can execute.
enum PgDump {
    /// A section of the schema dump: `pre-data` (types, tables, functions, views) or `post-data`
    /// (indexes, constraints, triggers, rules).
    enum Section: String {
        case preData = "pre-data"
        case postData = "post-data"
    }

    /// The DDL of `section` for the whole database at `address`, without owners or privileges (the
    /// target's roles differ from the source's), in UTF-8 and without psql meta-commands.
    /// - Parameter serverMajor: the server's major version, when known, to run the matching pg_dump.
    static func schema(_ section: Section, of address: PostgresAddress, serverMajor: Int? = nil) throws -> String {
        let data = try PostgresClientTool.run(
            "pg_dump",
            arguments: [
                "--schema-only", "--no-owner", "--no-privileges", "--encoding=UTF8", "--section=\(section.rawValue)",
            ],
            address: address, serverMajor: serverMajor, context: "pg_dump --section=\(section.rawValue) of \(address)")
        return removingMetaCommands(String(decoding: data, as: UTF8.self))
    }

    /// `script` without the psql meta-commands that pg_dump writes (`\restrict KEY` and
    /// `\unrestrict KEY` since 15.14, `\connect` with `--create`): the server does not understand them.
    ///
    /// Only those commands are removed, not every line starting with a backslash, because such a
    /// line may be part of a dollar-quoted function body.
    static func removingMetaCommands(_ script: String) -> String {
        script.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { line in !metaCommands.contains { line == $0 || line.hasPrefix($0 + " ") } }
            .joined(separator: "\n")
    }

    private static let metaCommands = ["\\restrict", "\\unrestrict", "\\connect"]
}
