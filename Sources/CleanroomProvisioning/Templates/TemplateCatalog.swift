import Foundation

/// The folder of templates a command works with: `--templates DIR` when given, else `templates/` in
/// the working directory, else the one installed beside the executable (`BIN/../share/cleanroom/templates`,
/// the layout of the release tarball and the container image), else the `templates/` folder of the
/// checkout the executable was built in. So `cleanroom demo` works from any directory.
public struct TemplateCatalog: Sendable {
    /// The folder searched for `NAME.yaml`.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The catalog to use, by the order above.
    public static func locate(
        explicit: String?, currentDirectory: String = FileManager.default.currentDirectoryPath,
        executable: URL? = Bundle.main.executableURL
    ) -> TemplateCatalog {
        if let explicit { return TemplateCatalog(directory: explicit) }
        let local = (currentDirectory as NSString).appendingPathComponent("templates")
        if isDirectory(local) { return TemplateCatalog(directory: local) }
        let binary = executable?.resolvingSymlinksInPath().deletingLastPathComponent()
        if let installed = binary?.deletingLastPathComponent().appendingPathComponent("share/cleanroom/templates").path,
            isDirectory(installed)
        {
            return TemplateCatalog(directory: installed)
        }
        var folder = binary
        while let current = folder, current.path != "/" {
            let candidate = current.appendingPathComponent("templates").path
            if isDirectory(candidate),
                FileManager.default.fileExists(atPath: current.appendingPathComponent("Package.swift").path)
            {
                return TemplateCatalog(directory: candidate)
            }
            folder = current.deletingLastPathComponent()
        }
        return TemplateCatalog(directory: local)
    }

    private static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    /// The template `nameOrPath`: a path when it has a `/` or ends in `.yaml`, else `DIR/NAME.yaml`.
    public func template(named nameOrPath: String) throws -> EnvironmentTemplate {
        let isPath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml")
        let path = isPath ? nameOrPath : (directory as NSString).appendingPathComponent(nameOrPath + ".yaml")
        guard FileManager.default.fileExists(atPath: path) else {
            throw ProvisioningError.templateNotFound(name: nameOrPath, searched: [path])
        }
        return try TemplateParser.load(path: path)
    }

    /// Every `*.yaml` template in the folder, by name.
    public func all() throws -> [EnvironmentTemplate] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return try names.filter { $0.hasSuffix(".yaml") }.sorted()
            .map { try TemplateParser.load(path: (directory as NSString).appendingPathComponent($0)) }
    }
}
