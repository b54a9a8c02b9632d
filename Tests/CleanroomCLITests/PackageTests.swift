import Foundation
import TestSupport
import Testing

/// The release tarball as an operator gets it: a copy of the tree with no build in it, packaged by
/// scripts/package.sh, unpacked elsewhere, its binary run with the Swift toolchain neither on PATH nor
/// on LD_LIBRARY_PATH. Built in debug here, the same script and layout as a release: a release build
/// with the static stdlib takes about twice as long on CI's two cores (docs/install.md has the
/// numbers); `CLEANROOM_TEST_PACKAGE_CONFIGURATION=release` checks the release build instead.
@Suite("the release tarball")
struct PackageTests {
    static let configuration = ProcessInfo.processInfo.environment["CLEANROOM_TEST_PACKAGE_CONFIGURATION"] ?? "debug"
    /// What a machine without the toolchain has on PATH.
    static let systemPath = "/usr/local/bin:/usr/bin:/bin"

    /// Copies the files git would commit (tracked, and new ones not ignored) to `destination`.
    func copyTree(to destination: URL) throws {
        let root = TestPaths.repositoryRoot
        let listed = try Subprocess.run(["git", "-C", root.path, "ls-files", "-z", "-co", "--exclude-standard"])
        #expect(listed.status == 0, "\(listed.all)")
        for path in listed.stdout.split(separator: "\0").map(String.init) {
            let source = root.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: source.path) else { continue }  // deleted, not committed yet
            let target = destination.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: source, to: target)
        }
    }

    /// Runs `executable ARGS` in `directory` with only the system's PATH and a home of its own.
    func runWithoutToolchain(
        _ executable: URL, _ arguments: [String], in directory: URL, home: URL
    ) throws
        -> Subprocess.Outcome
    {
        try Subprocess.start(
            executable, arguments,
            environment: [
                "PATH": Self.systemPath, "HOME": home.path,
                "XDG_CONFIG_HOME": home.appendingPathComponent(".config").path,
                "LANG": "C.UTF-8",
            ], in: directory
        ).wait()
    }

    @Test(
        "fresh tree → scripts/package.sh → the unpacked binary runs `cleanroom demo` in an empty folder without the toolchain"
    )
    func packageAndRunDemo() throws {
        let work = try TestPaths.temporaryDirectory("cleanroom-package")
        defer { try? FileManager.default.removeItem(at: work) }
        let tree = work.appendingPathComponent("tree")
        try copyTree(to: tree)
        #expect(!FileManager.default.fileExists(atPath: tree.appendingPathComponent(".build").path))

        let packaged = try Subprocess.start(
            URL(fileURLWithPath: "/bin/bash"),
            [
                tree.appendingPathComponent("scripts/package.sh").path, "--configuration", Self.configuration, "--out",
                work.appendingPathComponent("dist").path,
            ]
        ).wait()
        #expect(packaged.status == 0, "\(packaged.stderr.suffix(3000))")
        let tarball = packaged.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(tarball.hasSuffix(".tar.gz") && FileManager.default.fileExists(atPath: tarball), "\(packaged.stdout)")
        let checksum = try Subprocess.run(
            ["sha256sum", "-c", URL(fileURLWithPath: tarball).lastPathComponent + ".sha256"],
            in: URL(fileURLWithPath: tarball).deletingLastPathComponent())
        #expect(checksum.status == 0, "\(checksum.all)")

        // Unpacked somewhere else, reached through a link on PATH, as `ln -s …/bin/cleanroom` installs it.
        let opt = work.appendingPathComponent("opt")
        try FileManager.default.createDirectory(at: opt, withIntermediateDirectories: true)
        let unpacked = try Subprocess.run(["tar", "-xzf", tarball, "-C", opt.path, "--strip-components=1"])
        #expect(unpacked.status == 0, "\(unpacked.all)")
        for file in [
            "bin/cleanroom", "share/man/man1/cleanroom.1", "share/cleanroom/templates/demo-sqlite.yaml",
            "share/cleanroom/templates/gitlab-ci.yml", "share/cleanroom/masking-rules/demo-sample.yaml", "LICENSE",
            "README",
        ] {
            #expect(FileManager.default.fileExists(atPath: opt.appendingPathComponent(file).path), "\(file)")
        }
        let link = work.appendingPathComponent("bin/cleanroom")
        try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: link, withDestinationURL: opt.appendingPathComponent("bin/cleanroom"))

        // Nothing it loads comes from the toolchain: no Swift runtime, Foundation or Dispatch library.
        let libraries = try runWithoutToolchain(
            URL(fileURLWithPath: "/usr/bin/ldd"), [opt.appendingPathComponent("bin/cleanroom").path], in: work,
            home: work)
        #expect(libraries.status == 0 && !libraries.stdout.contains("not found"), "\(libraries.all)")
        for runtime in ["libswift", "libFoundation", "libdispatch", "libBlocksRuntime"] {
            #expect(!libraries.stdout.contains(runtime), "\(libraries.stdout)")
        }
        let readme = try String(contentsOf: opt.appendingPathComponent("README"), encoding: .utf8)
        for library in ["libpq.so.5", "libsqlite3.so.0", "libcrypto.so.3"] {
            #expect(readme.contains(library) && libraries.stdout.contains(library), "\(library)")
        }

        // The man page, generated from the argument parser's definitions, renders without warnings and
        // documents the subcommands with their own help text.
        let page = opt.appendingPathComponent("share/man/man1/cleanroom.1").path
        let warnings = try Subprocess.run(["groff", "-mandoc", "-Tutf8", "-ww", "-z", page])
        #expect(warnings.status == 0 && warnings.stderr.isEmpty, "\(warnings.all)")
        let rendered = try Subprocess.run(["groff", "-mandoc", "-Tutf8", "-P", "-cbou", page])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let text = rendered.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for expected in [
            "cleanroom — Masked, isolated test environments with signed evidence.",
            "Create a masked, isolated environment from a template", "--github-env", "--if-exists", "--progress",
        ] {
            #expect(text.contains(expected), "\(expected) not in the man page")
        }

        let empty = work.appendingPathComponent("empty")
        let home = work.appendingPathComponent("home")
        for folder in [empty, home] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let demo = try runWithoutToolchain(link, ["demo"], in: empty, home: home)
        #expect(demo.status == 0, "\(demo.all)")
        #expect(demo.stdout.contains("ledger valid"), "\(demo.stdout)")
        for file in [
            "prod-sample.sqlite", "environments/cr_demo-1.sqlite", "report.html", ".cleanroom/evidence/ledger.jsonl",
        ] {
            #expect(
                FileManager.default.fileExists(atPath: empty.appendingPathComponent("cleanroom-demo/\(file)").path),
                "\(file)")
        }
        let verify = try runWithoutToolchain(
            link, ["evidence", "verify"], in: empty.appendingPathComponent("cleanroom-demo"), home: home)
        #expect(verify.status == 0 && verify.stdout.contains("verdict: valid"), "\(verify.all)")
    }
}
