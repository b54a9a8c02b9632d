import CleanroomCore
import Foundation

/// A directory holding one `TABLE.EXT` file a table, as CSV and JSONL sources read it. Tables are in
/// the schema `main`.
struct TableFileDirectory: Sendable {
    /// The directory as given.
    let path: String
    /// `csv` or `jsonl`: the file extension and the endpoint kind.
    let format: String

    /// Fails unless `path` is an existing directory.
    init(path: String, format: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ConnectorError.file(
                path: path, line: nil,
                message: "no such directory (a \(format) source is a directory of TABLE.\(format) files)")
        }
        self.path = path
        self.format = format
    }

    func identity() throws -> EndpointIdentity {
        EndpointIdentity(kind: format, server: try FileSystem.realPath(path), database: "")
    }

    /// Every `*.EXT` file in the directory as (table name, file path), sorted by table name.
    func tableFiles() throws -> [(table: QualifiedName, file: String)] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw ConnectorError.file(
                path: path, line: nil, message: "cannot list the directory: \(error.localizedDescription)")
        }
        let suffix = "." + format
        return names.filter { $0.hasSuffix(suffix) && $0.count > suffix.count && !$0.hasPrefix(".") }.sorted().map {
            name in
            (QualifiedName(schema: "main", name: String(name.dropLast(suffix.count))), file(named: name))
        }
    }

    /// The file holding `table`.
    func file(for table: Table) -> String {
        file(named: table.name.name + "." + format)
    }

    /// Files can only be read whole: a `where:` filter (or a subset's selection) and read expressions
    /// are refused.
    func refuse(filter: String?, columns: [Column]) throws {
        if filter != nil {
            throw ConnectorError.unsupported(
                "row filters (where:, subset:) on \(format) sources; they read whole files")
        }
        if let column = columns.first(where: { $0.readExpression != nil }) {
            throw ConnectorError.unsupported(
                "SQL read expressions (for \(column.name)) on \(format) sources; they read whole files")
        }
    }

    private func file(named name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }
}
