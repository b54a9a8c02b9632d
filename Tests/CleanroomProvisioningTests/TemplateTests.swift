import CleanroomCore
import CleanroomProvisioning
import Foundation
import TestSupport
import Testing

@Suite("templates")
struct TemplateTests {
    @Test("the shipped templates parse, and their rules files exist")
    func shippedTemplates() throws {
        let catalog = TemplateCatalog(directory: TestPaths.repositoryRoot.appendingPathComponent("templates").path)
        let templates = try catalog.all()
        #expect(Set(templates.map(\.name)) == ["ci-ephemeral", "ci-sample", "dev-refresh", "demo-sqlite"])
        for template in templates {
            #expect(
                FileManager.default.fileExists(atPath: template.rulesPath), "\(template.name): \(template.rulesPath)")
        }
        let ci = try catalog.template(named: "ci-ephemeral")
        #expect(
            ci.golden && ci.classification == .test && ci.ttl.seconds == 7200 && ci.authorization.required
                && ci.keyScope == .shared)
        let dev = try catalog.template(named: "dev-refresh")
        #expect(!dev.golden && dev.classification == .development && dev.ttl.seconds == 7 * 86_400)
        let demo = try catalog.template(named: "demo-sqlite")
        #expect(demo.ttl.seconds == 86_400 && demo.classification == .test && demo.keyScope == .perEnvironment)
        #expect(try demo.source.resolve(["CLEANROOM_DEMO_DIR": "/d"]) == "sqlite:/d/prod-sample.sqlite")
        #expect(try demo.source.resolve([:]) == "sqlite:cleanroom-demo/prod-sample.sqlite")
    }

    @Test("templates are found in ./templates, else beside an installed binary, else in its checkout")
    func catalogLocation() throws {
        let root = try TestPaths.temporaryDirectory("cleanroom-catalog")
        defer { try? FileManager.default.removeItem(at: root) }
        let empty = root.appendingPathComponent("empty")
        let installed = root.appendingPathComponent("opt/cleanroom/share/cleanroom/templates")
        let executable = root.appendingPathComponent("opt/cleanroom/bin/cleanroom")
        for folder in [empty, installed, executable.deletingLastPathComponent()] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        try Data().write(to: executable)
        // A link on PATH to the installed binary finds the templates of the folder it points into.
        let link = root.appendingPathComponent("bin/cleanroom")
        try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: executable)
        #expect(
            TemplateCatalog.locate(explicit: nil, currentDirectory: empty.path, executable: link).directory
                == installed.path)
        #expect(
            TemplateCatalog.locate(explicit: "/x", currentDirectory: empty.path, executable: link).directory == "/x")
        let local = empty.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: local, withIntermediateDirectories: true)
        #expect(
            TemplateCatalog.locate(explicit: nil, currentDirectory: empty.path, executable: link).directory
                == local.path)
        // Built in a checkout (no share/ beside it): the checkout's own templates folder.
        let built = TestPaths.repositoryRoot.appendingPathComponent(".build/debug/cleanroom")
        #expect(
            TemplateCatalog.locate(explicit: nil, currentDirectory: root.path, executable: built).directory
                == TestPaths.repositoryRoot.appendingPathComponent("templates").path)
    }

    /// Parses `body` as `bad.yaml` and returns the error's message.
    func problem(_ body: String) -> String? {
        do {
            _ = try TemplateParser.parse(body, path: "templates/bad.yaml")
            return nil
        } catch let error as ProvisioningError {
            #expect(error.exitStatus == .usage)
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    static let valid = """
        version: 1
        name: bad
        source: ${SRC}
        rules: rules.yaml
        target: ${TGT}
        classification: test
        ttl: 2h

        """

    @Test("validation errors name the file and the line")
    func errorsNameFileAndLine() throws {
        #expect(try TemplateParser.parse(Self.valid, path: "templates/bad.yaml").name == "bad")
        #expect(
            problem(Self.valid + "colour: blue\n")
                == "templates/bad.yaml:8: unknown key 'colour'; expected one of version, name, description, source, rules, target, classification, ttl, authorization, golden, refresh, label_prefix, key_scope"
        )
        #expect(
            problem(Self.valid.replacingOccurrences(of: "ttl: 2h", with: "ttl: two hours"))?.hasPrefix(
                "templates/bad.yaml:7: ttl 'two hours' is not") == true)
        #expect(
            problem(Self.valid.replacingOccurrences(of: "classification: test", with: "classification: staging"))?
                .hasPrefix("templates/bad.yaml:6: classification 'staging' is not one of") == true)
        #expect(
            problem(Self.valid.replacingOccurrences(of: "name: bad", with: "name: other"))?.hasPrefix(
                "templates/bad.yaml:2: name 'other' differs") == true)
        #expect(
            problem(Self.valid + "golden: true\nkey_scope: per-environment\n")?.hasPrefix(
                "templates/bad.yaml:9: key_scope per-environment cannot go with golden") == true)
        #expect(problem(Self.valid + "refresh: nightly\n")?.hasPrefix("templates/bad.yaml:8: `refresh:`") == true)
        #expect(
            problem(
                Self.valid.replacingOccurrences(of: "target: ${TGT}", with: "target: sqlite:envs") + "golden: yes\n")?
                .hasPrefix("templates/bad.yaml:8: golden: true needs a PostgreSQL target") == true)
        #expect(
            problem(Self.valid + "authorization: { required: maybe }\n")?.hasPrefix(
                "templates/bad.yaml:8: `required:` is true or false") == true)
        #expect(problem(Self.valid + "label_prefix: Prod-\n")?.hasPrefix("templates/bad.yaml:8: label_prefix") == true)
        #expect(
            problem(Self.valid.replacingOccurrences(of: "rules: rules.yaml\n", with: ""))?.hasPrefix(
                "templates/bad.yaml:1: missing `rules:`") == true)
        #expect(problem("version: 1\nname: [unclosed\n")?.hasPrefix("templates/bad.yaml:") == true)
    }

    @Test("production parses, so that the guard can refuse it by name; the rules path follows the template's folder")
    func productionAndPaths() throws {
        let template = try TemplateParser.parse(
            Self.valid.replacingOccurrences(of: "classification: test", with: "classification: production"),
            path: "/srv/cleanroom/templates/bad.yaml")
        #expect(template.classification == .production)
        #expect(template.classificationLocation.description == "/srv/cleanroom/templates/bad.yaml:6")
        #expect(template.rulesPath == "/srv/cleanroom/templates/rules.yaml")
    }

    @Test("variables: ${NAME}, ${NAME:-default}, and a missing one named with file and line")
    func variables() throws {
        let template = try TemplateParser.parse(Self.valid, path: "templates/bad.yaml")
        #expect(try template.source.resolve(["SRC": "postgres://u@h/db"]) == "postgres://u@h/db")
        #expect(
            throws: ProvisioningError.undefinedVariable(
                SourceLocation(file: "templates/bad.yaml", line: 3), variable: "SRC")
        ) {
            try template.source.resolve([:])
        }
        let setting = TemplateSetting(
            text: "sqlite:${DIR:-demo}/x-${N}.sqlite", location: SourceLocation(file: "t.yaml", line: 1))
        #expect(try setting.resolve(["N": "1"]) == "sqlite:demo/x-1.sqlite")
        #expect(try setting.resolve(["N": "1", "DIR": "/d"]) == "sqlite:/d/x-1.sqlite")
    }

    @Test("time to live and names")
    func ttlAndNames() throws {
        #expect(TimeToLive("90s")?.seconds == 90)
        #expect(TimeToLive("30m")?.seconds == 1800)
        #expect(TimeToLive("2w")?.seconds == 1_209_600)
        for bad in ["", "2", "h", "-1h", "0d", "1.5h", "2 days"] { #expect(TimeToLive(bad) == nil, "\(bad)") }
        for good in ["ci-42", "a", "dev_alice", "0x"] { try EnvironmentName.validate(good) }
        for bad in ["", "CI", "-x", "a b", "a;b", "golden_x", String(repeating: "a", count: 41), "ä"] {
            #expect(throws: ProvisioningError.self, "\(bad)") { try EnvironmentName.validate(bad) }
        }
        #expect(EnvironmentName.ownerRole("ci-42", prefix: "cr_") == "cr_ci-42_owner")
        #expect(
            EnvironmentName.database(EnvironmentName.golden(of: "ci-ephemeral"), prefix: "cr_")
                == "cr_golden_ci-ephemeral")
    }
}
