import Foundation
import TestSupport
import Testing

/// Evidence stays below the pipeline: a verifier built on it links neither libpq nor masking code,
/// and the layering is written once, in Package.swift's header and docs/architecture.md alike.
@Suite("Evidence layering")
struct LayeringTests {
    static func text(_ path: String) throws -> String {
        try String(contentsOf: TestPaths.repositoryRoot.appendingPathComponent(path), encoding: .utf8)
    }

    @Test("CleanroomEvidence imports only Foundation, CleanroomCore and CleanroomCrypto")
    func evidenceImports() throws {
        let folder = TestPaths.repositoryRoot.appendingPathComponent("Sources/CleanroomEvidence")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(files.count > 10)
        var imports: Set<String> = []
        for file in files {
            let source = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in source.split(separator: "\n") where line.hasPrefix("import ") {
                imports.insert(String(line.dropFirst("import ".count)))
            }
        }
        #expect(imports.isSubset(of: ["Foundation", "CleanroomCore", "CleanroomCrypto"]), "\(imports.sorted())")
    }

    @Test("Package.swift declares CleanroomEvidence on CleanroomCore and CleanroomCrypto only")
    func evidenceDependencies() throws {
        let manifest = try Self.text("Package.swift")
        let declaration = try #require(
            manifest.firstMatch(of: #/\.target\(\s*name: "CleanroomEvidence",\s*dependencies: \[([^\]]*)\]/#))
        let dependencies = declaration.1.split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\"")))
        }
        #expect(dependencies == ["CleanroomCore", "CleanroomCrypto"])
    }

    @Test("Package.swift's header and docs/architecture.md state the layering in the same words")
    func layeringWrittenOnce() throws {
        func words(_ lines: some Sequence<Substring>) -> String {
            lines.joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        let opening = "Modules depend only downward."
        let manifest = try Self.text("Package.swift").split(separator: "\n", omittingEmptySubsequences: false)
        let header = manifest.drop { !$0.hasPrefix("/// \(opening)") }.prefix { $0.hasPrefix("/// ") }
            .map { $0.dropFirst(4) }
        let document = try Self.text("docs/architecture.md").split(separator: "\n", omittingEmptySubsequences: false)
        let paragraph = document.drop { !$0.hasPrefix(opening) }.prefix { !$0.isEmpty }
        #expect(!header.isEmpty && !paragraph.isEmpty)
        #expect(words(header) == words(paragraph))
    }
}
