import ArgumentParser
import CleanroomProvisioning

extension TemplateOptions {
    /// Calls `body` with the registry of each host of the templates `names` (of every template when
    /// none is named). A registry that cannot be opened or worked in (its server down, a wrong
    /// login) is reported on standard error once per template it serves, and the others go on.
    /// - Returns: whether every registry was opened and `body` succeeded on it; the commands exit 1
    ///   at the end when not (docs/environments.md, "Unreachable servers").
    func eachRegistry(
        _ names: [String], _ body: (EnvironmentHost, [String], any EnvironmentRegistry) throws -> Void
    ) throws -> Bool {
        var complete = true
        for (host, templates) in try hosts(names) {
            do {
                try body(host, templates, try host.openRegistry())
            } catch {
                complete = false
                for template in templates {
                    note("cleanroom: error: template \(template): registry on \(host) not used: \(error)")
                }
            }
        }
        return complete
    }
}
