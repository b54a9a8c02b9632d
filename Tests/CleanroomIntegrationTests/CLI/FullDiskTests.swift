import CleanroomConnectors
import Foundation
import TestSupport
import Testing

/// The ledger on a filesystem that really runs out of space: a 256 KiB tmpfs mounted for the test
/// (root only; scripts/test.sh and CI run as root), filled up by another file, under `mask` runs into
/// a real PostgreSQL server.
@Suite("a full disk under the ledger", .testCluster, .enabled(if: getuid() == 0, "mounting a tmpfs needs root"))
struct FullDiskTests {
    let server: PostgresTestServer

    init() throws { server = try PostgresTestServer() }

    /// Mounts a 256 KiB tmpfs on a new directory for `body`, unmounting it afterwards.
    func withSmallDisk<R>(_ body: (URL) throws -> R) throws -> R {
        let mountPoint = try TestPaths.temporaryDirectory("cleanroom-full-disk")
        defer { try? FileManager.default.removeItem(at: mountPoint) }
        let mounted = try Subprocess.run([
            "mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", mountPoint.path,
        ])
        try #require(mounted.status == 0, "cannot mount a tmpfs as root: \(mounted.all)")
        defer { _ = try? Subprocess.run(["umount", mountPoint.path]) }
        return try body(mountPoint)
    }

    /// Fills the filesystem of `directory` with `fill` until a write fails with ENOSPC.
    static func fill(_ directory: URL) throws -> URL {
        let filler = directory.appendingPathComponent("filler")
        let written = try Subprocess.run(["dd", "if=/dev/zero", "of=\(filler.path)", "bs=4096"])
        #expect(written.stderr.contains("No space left on device"), "\(written.stderr)")
        return filler
    }

    @Test(
        "ENOSPC on the append: the target never appears, the run fails saying so, no half line; a half line another writer left refuses the next run until evidence repair"
    )
    func fullDisk() throws {
        let runner = try CommandLineRunner()
        defer { runner.cleanUp() }
        let rules = try MaskCommandTests.bigRules()
        try withSmallDisk { disk in
            let ledger = disk.appendingPathComponent("ledger.jsonl").path
            func mask(_ source: PostgresAddress, into target: PostgresAddress) throws -> CommandLineRunner.Outcome {
                try runner.run([
                    "mask", "--source", source.description, "--target", target.description, "--rules", rules,
                    "--ledger", ledger, "--quiet",
                ])
            }
            try server.withDatabase("disk_src", setup: StaleStageTests.smallSetup) { source in
                let first = server.unusedAddress("disk_first")
                defer { server.drop(first) }
                let ok = try mask(source, into: first)
                try #require(ok.status == 0, "\(ok.all)")
                let filler = try Self.fill(disk)
                let before = try Data(contentsOf: URL(fileURLWithPath: ledger))
                #expect(before.count % 4096 != 0, "the ledger's last page has room for part of an entry")

                // The run checks the ledger (intact, writable), loads its stage, and then cannot append.
                let target = server.unusedAddress("disk_full")
                defer { server.drop(target) }
                let full = try mask(source, into: target)
                #expect(full.status == 1, "\(full.all)")
                #expect(full.stderr.contains("\(ledger): "), "\(full.stderr)")
                #expect(full.stderr.contains("cannot append an entry (No space left on device)"), "\(full.stderr)")
                #expect(full.stderr.contains("cut back to its last complete entry"), "\(full.stderr)")
                #expect(full.stderr.contains("the target was removed"), "\(full.stderr)")
                // The failure record hits the same full disk; the run's own error is the one reported.
                #expect(full.stderr.contains("could not be written either"), "\(full.stderr)")
                #expect(try !server.databaseExists(target.database), "a copy without its evidence was made visible")
                #expect(try server.stages(of: target.database).isEmpty, "the stage was not removed")
                #expect(
                    try Data(contentsOf: URL(fileURLWithPath: ledger)) == before, "the ledger changed: half a line?")
                let verified = try runner.run(["evidence", "verify", "--ledger", ledger])
                #expect(
                    verified.status == 0 && verified.stdout.contains(": 1 entries,")
                        && verified.stdout.contains("verdict: valid"), "\(verified.all)")

                // Another writer on the full disk leaves half a line: the next run is refused before it
                // creates anything, the damaged tail named by its byte offset.
                let half = try Subprocess.run([
                    "sh", "-c",
                    "head -c 20000 /dev/zero | tr '\\0' x | dd of=\"$1\" oflag=append conv=notrunc bs=20000",
                    "sh", ledger,
                ])
                #expect(half.stderr.contains("No space left on device"), "\(half.stderr)")
                let damaged = try Data(contentsOf: URL(fileURLWithPath: ledger))
                #expect(damaged.count > before.count && damaged.last != UInt8(ascii: "\n"))
                let refused = try mask(source, into: target)
                #expect(refused.status == 1, "\(refused.all)")
                #expect(refused.stderr.contains("from byte offset \(before.count)"), "\(refused.stderr)")
                #expect(refused.stderr.contains("cleanroom evidence repair"), "\(refused.stderr)")
                #expect(try !server.databaseExists(target.database) && server.stages(of: target.database).isEmpty)
                #expect(try Data(contentsOf: URL(fileURLWithPath: ledger)) == damaged, "appended after a half line")

                // Space again (the filler removed): repair moves the tail aside, signed; runs record again.
                try FileManager.default.removeItem(at: filler)
                let repaired = try runner.run(["evidence", "repair", "--ledger", ledger])
                #expect(repaired.status == 0, "\(repaired.all)")
                #expect(
                    repaired.stdout.contains(
                        "moved \(damaged.count - before.count) damaged byte(s) at offset \(before.count)"),
                    "\(repaired.stdout)")
                let again = try mask(source, into: target)
                #expect(again.status == 0, "\(again.all)")
                #expect(try server.databaseExists(target.database))
                let final = try runner.run(["evidence", "verify", "--ledger", ledger])
                #expect(
                    final.status == 0 && final.stdout.contains(": 3 entries,")
                        && final.stdout.contains("verdict: valid"), "\(final.all)")
            }
        }
    }
}
