import CleanroomCrypto
import CleanroomEvidence
import Foundation
import Testing

@Suite("Audit report")
struct AuditReportTests {
    /// A ledger holding one run of every kind: a mask (record 1) whose kept `note` column held e-mail
    /// addresses and phone numbers, run by a GitHub Actions job; a provision (2) with a 2 h TTL; a
    /// failed mask (3) with hostile text; its environment's teardown an hour later (4); a refused run
    /// (5); a provision (6) that is never torn down; and a ledger repair (7) of a half line.
    static func mixedLedger(in directory: URL, key: Ed25519PrivateKey) throws -> Ledger {
        let ledger = Ledger(path: directory.appendingPathComponent("ledger.jsonl").path)
        let t = Fixtures.started
        var kept = Fixtures.maskStatement(1)
        kept.predicate.columns.append(
            .init(table: "public.customer", column: "note", transform: "keep", rowsProcessed: 599, valuesChanged: 0))
        kept.predicate.columns.append(
            .init(table: "public.store", column: "store_id", transform: "keep", rowsProcessed: 2, valuesChanged: 0))
        kept.predicate.leakProbe?.patternHits = 312
        kept.predicate.leakProbe?.patternHitColumns = [
            "public.customer.note:email": 300, "public.customer.note:phone": 12,
        ]
        kept.predicate.header.actor = RunActor(
            user: "runner",
            ci: CIIdentity(
                system: "github-actions", actor: "octocat", runID: "4242", repository: "acme/shop",
                url: "https://github.com/acme/shop/actions/runs/4242"))
        var provision = Fixtures.maskStatement(2)
        provision.predicate.header.kind = .provision
        provision.predicate.header.target.expiresAt = t.addingTimeInterval(125 + 7200)
        provision.predicate.access = .init(role: "ci_2_owner", grants: ["REVOKE CONNECT ON DATABASE ci_2 FROM PUBLIC"])
        provision.predicate.header.actor = RunActor(user: "alice")
        var failed = Fixtures.maskStatement(3)
        failed.predicate.header.outcome = .failed
        failed.predicate.header.failureMessage =
            "leak probe: 2 hits in public.customer.email <script>alert(1)</script>"
        let teardown = Statement(
            teardownOf: "ci-2",
            predicate: ErasurePredicate(
                header: RunHeader(
                    kind: .teardown, toolVersion: "0.1.0",
                    target: .init(endpoint: "postgres://ci@127.0.0.1:5432/ci_2", environment: "ci-2"),
                    startedAt: t.addingTimeInterval(3590), finishedAt: t.addingTimeInterval(3600), outcome: .succeeded),
                erasure: .init(dropped: ["database ci_2", "role ci_2_owner"], erasedAt: t.addingTimeInterval(3600))))
        var refused = Fixtures.maskStatement(5)
        refused.predicate.header = RunHeader(
            failed: .mask, toolVersion: "0.1.0", target: refused.predicate.header.target,
            startedAt: t.addingTimeInterval(3700), finishedAt: t.addingTimeInterval(3701),
            failure: RunFailure(
                message: "same server & database \"shop\"", refusedGuard: "separation: target is not the source"))
        refused.predicate.columns = []
        refused.predicate.leakProbe = nil
        var forgotten = Fixtures.maskStatement(6)
        forgotten.predicate.header.kind = .provision
        forgotten.predicate.header.target.expiresAt = t.addingTimeInterval(365 + 1800)
        for statement in [kept, provision, failed] {
            try ledger.append(
                EvidenceSigner.sign(statement, key: key), recordedAt: statement.predicate.header.finishedAt)
        }
        try ledger.append(EvidenceSigner.sign(teardown, key: key), recordedAt: teardown.predicate.header.finishedAt)
        for statement in [refused, forgotten] {
            try ledger.append(
                EvidenceSigner.sign(statement, key: key), recordedAt: statement.predicate.header.finishedAt)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: ledger.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"seq":7,"prev":"ab"#.utf8))
        try handle.close()
        try ledger.repair(key: key, toolVersion: "0.1.0", actor: RunActor(user: "bob"), at: t.addingTimeInterval(7300))
        return ledger
    }

    static func matches(_ pattern: String, in text: String) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    @Test("HTML: one section per control, every internal link resolves, nothing external, values escaped")
    func html() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Self.mixedLedger(in: directory, key: key)
        let report = try ledger.verify(publicKey: publicKey)
        #expect(report.isValid)
        let html = AuditReport.render(report, format: .html, generatedAt: Fixtures.started)

        let controlSections = try Self.matches(#"<h3 id="(control-[^"]+)">"#, in: html)
        #expect(
            controlSections == [
                "control-a-8-33", "control-a-8-11", "control-a-8-31", "control-a-8-10", "control-a-8-15-a-5-33",
            ])
        for control in ControlCatalogue.controls {
            #expect(html.contains(">\(control.id) "))
            #expect(html.contains(control.owner))
        }
        let ids = Set(try Self.matches(#"\sid="([^"]+)""#, in: html))
        let hrefs = try Self.matches(#"href="([^"]*)""#, in: html)
        #expect(hrefs.count > 20)
        for href in hrefs {
            #expect(href.hasPrefix("#") && ids.contains(String(href.dropFirst())), "unresolved link \(href)")
        }
        for record in report.records { #expect(ids.contains("run-\(record.seq)")) }
        #expect(
            !html.lowercased().contains("http:") && !html.contains("src=") && !html.contains("<script")
                && !html.contains("<link") && !html.contains("@import") && !html.contains("url("))
        #expect(html.contains("@media print"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("same server &amp; database &quot;shop&quot;"))
        #expect(html.contains(#"<p class="verdict passed">Verification: valid: 7 entries"#))

        // The evidence tables link the right records.
        #expect(
            try Self.matches(##"<h2 id="environments">[\s\S]*?href="#(run-\d+)"[\s\S]*?<h2"##, in: html) == ["run-2"])
        #expect(
            try Self.matches(##"<h2 id="environments">[\s\S]*?<tbody>([\s\S]*?)</tbody>"##, in: html).first?
                .contains("#6") == true)
        #expect(try Self.matches(##"<h2 id="erasures">[\s\S]*?href="#(run-\d+)"[\s\S]*?<h2"##, in: html) == ["run-4"])
        #expect(try Self.matches(##"<h2 id="failures">[\s\S]*?href="#(run-\d+)"[\s\S]*?<h2"##, in: html) == ["run-3"])
        #expect(try Self.matches(##"<h2 id="refusals">[\s\S]*?href="#(run-\d+)"[\s\S]*?<h2"##, in: html) == ["run-5"])
        #expect(try Self.matches(##"<h2 id="repairs">[\s\S]*?href="#(run-\d+)"[\s\S]*?<h2"##, in: html) == ["run-7"])
        #expect(html.contains(#"<h3 id="run-4">Record 4: teardown, succeeded</h3>"#))
    }

    @Test("Markdown has the same sections and headings, and its links resolve")
    func markdown() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try Self.mixedLedger(in: directory, key: key).verify(publicKey: publicKey)
        let html = AuditReport.render(report, format: .html, generatedAt: Fixtures.started)
        let markdown = AuditReport.render(report, format: .markdown, generatedAt: Fixtures.started)

        let htmlAnchors = try Self.matches(#"<h[1-6] id="([^"]+)""#, in: html)
        let markdownAnchors = try Self.matches(#"<a id="([^"]+)"></a>\n#"#, in: markdown)
        #expect(markdownAnchors == htmlAnchors)
        for level in 1...3 {
            let htmlCount = html.components(separatedBy: "<h\(level)").count - 1
            let markdownCount = markdown.split(separator: "\n").filter {
                $0.hasPrefix(String(repeating: "#", count: level) + " ")
            }.count
            #expect(htmlCount == markdownCount)
        }
        let ids = Set(markdownAnchors)
        for target in try Self.matches(#"\]\(([^)]*)\)"#, in: markdown) {
            #expect(target.hasPrefix("#") && ids.contains(String(target.dropFirst())), "unresolved link \(target)")
        }
        #expect(markdown.contains(#"\<script\>alert(1)\</script\>"#))
        #expect(!markdown.contains("http:"))
    }

    @Test("a tampered ledger's report says so, lists the problem, and withholds the unverified record")
    func tampered() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Fixtures.ledger(in: directory, count: 3, key: key)
        var lines = try Fixtures.lines(of: ledger)
        lines[1] = lines[1].replacingOccurrences(of: #""payload":"ey"#, with: #""payload":"eY"#)
        try Fixtures.write(lines, to: ledger)
        let report = try ledger.verify(publicKey: publicKey)
        let html = AuditReport.render(report, format: .html, generatedAt: Fixtures.started)
        #expect(html.contains(#"<p class="verdict failed">Verification: INVALID: 1 problem in 3 entries</p>"#))
        #expect(html.contains("entry 2 fails verification"))
        #expect(html.contains(#"<h3 id="run-2">Record 2</h3>"#))
        #expect(!html.contains("CHG-1002"))
        #expect(html.contains("CHG-1001") && html.contains("CHG-1003"))
        let ids = Set(try Self.matches(#"\sid="([^"]+)""#, in: html))
        for href in try Self.matches(##"href="#([^"]*)""##, in: html) { #expect(ids.contains(href)) }
    }

    /// The text of `html` between the opening of section `id` and the next level-2 heading.
    static func section(_ id: String, of html: String) throws -> String {
        try #require(try matches(#"<h2 id="\#(id)">([\s\S]*?)(?:<h2|</main>)"#, in: html).first)
    }

    @Test("who ran each record, refusals as refusals, warnings for kept pattern matches and late erasures, repairs")
    func findings() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try Self.mixedLedger(in: directory, key: key).verify(publicKey: publicKey)
        #expect(report.isValid, "\(report.problems)")
        let now = Fixtures.started.addingTimeInterval(86_400)
        let html = AuditReport.render(report, format: .html, generatedAt: now)

        let runs = try Self.section("runs", of: html)
        #expect(runs.contains("<th>Run by</th>"))
        #expect(runs.contains("runner (GitHub Actions: octocat, run 4242 of acme/shop)"))
        #expect(runs.contains("<td>alice</td>") && runs.contains("<td>bob</td>"))
        #expect(try Self.matches(#"<td>(refused|failed)</td>"#, in: runs) == ["failed", "refused"])
        #expect(html.contains("<code>https://github.com/acme/shop/actions/runs/4242</code>"))
        #expect(!html.contains("href=\"https:"), "a CI link is text: the report links nothing outside itself")

        let refusals = try Self.section("refusals", of: html)
        #expect(refusals.contains("<td>separation: target is not the source</td>"))
        #expect(refusals.contains("same server &amp; database &quot;shop&quot;"))
        #expect(!(try Self.section("failures", of: html)).contains("separation"), "a refusal is not a failure")
        #expect(html.contains(#"<h3 id="run-5">Record 5: mask, refused</h3>"#))
        #expect(html.contains(#"<h3 id="run-3">Record 3: mask, failed</h3>"#))

        let warnings = try Self.section("warnings", of: html)
        let items = try Self.matches(#"<li>([\s\S]*?)</li>"#, in: warnings)
        #expect(items.count == 2, "\(items)")
        #expect(
            items.first?.contains(
                "kept 312 personal-data pattern matches in text columns copied as they are: "
                    + "<code>public.customer.note</code> 300 × email, <code>public.customer.note</code> 12 × phone")
                == true, "\(items)")
        #expect(items.first?.contains(##"<a href="#run-1">#1</a>"##) == true)
        #expect(
            items.last?.contains("<code>ci-6</code>") == true
                && items.last?.contains("run <code>cleanroom gc</code>") == true)
        #expect(items.last?.contains("TTL 30 min") == true, "\(items)")
        #expect(!warnings.contains("ci-2"), "torn down within its TTL")
        #expect(html.contains("<th>Kept column</th><th>Pattern</th><th>Matches</th>"))

        let repairs = try Self.section("repairs", of: html)
        #expect(repairs.contains("\(report.path).damaged-20260101T020140Z"))
        #expect(repairs.contains("<td>bob</td>"))
        let ledgerBytes = try Data(contentsOf: URL(fileURLWithPath: report.path)).count
        #expect(!repairs.contains("damaged tail from byte offset"), "the ledger (\(ledgerBytes) bytes) is intact")

        // A half line at the end now: the repairs section says where, and what to do.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: report.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"seq\":8".utf8))
        try handle.close()
        let damaged = AuditReport.render(try Ledger(path: report.path).verify(publicKey: publicKey), format: .html)
        #expect(
            try Self.section("repairs", of: damaged).contains(
                "The ledger ends in a damaged tail from byte offset \(ledgerBytes)"))
    }

    @Test(
        "charts: columns and rows masked vs kept per run, lifetimes against the TTL, runs over time, as SVG and as tables"
    )
    func charts() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try Self.mixedLedger(in: directory, key: key).verify(publicKey: publicKey)
        let now = Fixtures.started.addingTimeInterval(86_400)
        let html = AuditReport.render(report, format: .html, generatedAt: now)
        let charts = try Self.section("charts", of: html)
        let figures = try Self.matches(#"<figure class="chart">([\s\S]*?)</figure>"#, in: charts)
        #expect(figures.count == 4)
        #expect(
            try Self.matches(#"<svg[^>]*aria-label="([^"]+)""#, in: charts) == [
                "Columns masked and kept, per run", "Rows masked and kept, per run",
                "Environment lifetimes against their TTL", "Runs over time",
            ])
        // Columns: the runs that copied columns (1, 2, 6; the failed and refused ones copied none).
        let columns = figures[0]
        #expect(
            try Self.matches(##"<a href="#(run-\d+)"><text"##, in: columns) == ["run-1", "run-2", "run-3", "run-6"])
        #expect(columns.contains("<text x=\"502\" y=\"35\">1 masked, 3 kept</text>"), "\(columns)")
        #expect(columns.contains("<title>masked: 1</title>") && columns.contains("<title>kept: 3</title>"))
        // Rows: customer's 599 rows masked (it has a masked column), store's 2 kept.
        #expect(figures[1].contains("599 masked, 2 kept"))
        // Lifetimes: ci-2 lived 58 min of its 2 h TTL (from the start of its provisioning); ci-6 is alive a day later, long past its 30 min.
        let lifetimes = figures[2]
        #expect(lifetimes.contains("lived 58 min of a 2 h TTL"), "\(lifetimes)")
        #expect(lifetimes.contains("alive 23 h 54 min of a 30 min TTL, 23 h 23 min past it"), "\(lifetimes)")
        #expect(lifetimes.contains("<title>past TTL: 23 h 23 min</title>"))
        #expect(lifetimes.contains("<title>TTL left unused: 1 h 2 min</title>"))
        // Runs over time: all within two hours, so by hour.
        let overTime = figures[3]
        #expect(overTime.contains(">2026-01-01 00:00 UTC</text>") && overTime.contains(">2026-01-01 01:00 UTC</text>"))
        #expect(overTime.contains("3 succeeded, 1 failed, 0 refused"), "\(overTime)")
        #expect(overTime.contains("1 succeeded, 0 failed, 1 refused"), "\(overTime)")
        #expect(overTime.contains(">2026-01-01 02:00 UTC</text>"))

        let markdown = AuditReport.render(report, format: .markdown, generatedAt: now)
        #expect(markdown.contains("**Runs over time** — "))
        #expect(markdown.contains("|  | masked | kept | note |"))
        #expect(
            markdown.contains("| [ci-2](#run-2) | 58 min | 1 h 2 min | 0 s | lived 58 min of a 2 h TTL |"),
            "\(markdown)")
    }
}
