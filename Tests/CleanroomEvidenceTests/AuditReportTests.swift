import CleanroomCrypto
import CleanroomEvidence
import Foundation
import Testing

@Suite("Audit report")
struct AuditReportTests {
    /// A ledger holding one run of every kind, a failed run with a refused guard, and hostile text.
    static func mixedLedger(in directory: URL, key: Ed25519PrivateKey) throws -> Ledger {
        let ledger = Ledger(path: directory.appendingPathComponent("ledger.jsonl").path)
        let t = Fixtures.started
        var provision = Fixtures.maskStatement(2)
        provision.predicate.header.kind = .provision
        provision.predicate.header.target.expiresAt = t.addingTimeInterval(7200)
        provision.predicate.access = .init(role: "ci_2_owner", grants: ["REVOKE CONNECT ON DATABASE ci_2 FROM PUBLIC"])
        var failed = Fixtures.maskStatement(3)
        failed.predicate.header.outcome = .failed
        failed.predicate.header.failureMessage =
            "leak probe: 2 hits in public.customer.email <script>alert(1)</script>"
        failed.predicate.header.guards.append(
            .init(name: "target-not-source", decision: .refused, detail: "same server & database \"shop\""))
        let teardown = Statement(
            subject: [],
            predicate: ErasurePredicate(
                header: RunHeader(
                    kind: .teardown, toolVersion: "0.1.0",
                    target: .init(endpoint: "postgres://ci@127.0.0.1:5432/ci_2", environment: "ci-2"),
                    startedAt: t.addingTimeInterval(3590), finishedAt: t.addingTimeInterval(3600), outcome: .succeeded),
                erasure: .init(dropped: ["database ci_2", "role ci_2_owner"], erasedAt: t.addingTimeInterval(3600))))
        for statement in [Fixtures.maskStatement(1), provision, failed] {
            try ledger.append(
                EvidenceSigner.sign(statement, key: key), recordedAt: statement.predicate.header.finishedAt)
        }
        try ledger.append(
            EvidenceSigner.sign(teardown, key: key), recordedAt: teardown.predicate.header.finishedAt)
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
        #expect(html.contains(#"<p class="verdict passed">Verification: valid: 4 entries"#))

        // The evidence tables link the right records.
        #expect(
            try Self.matches(##"<h2 id="environments">[\s\S]*?href="#(run-\d+)"[\s\S]*?<h2"##, in: html) == ["run-2"])
        #expect(try Self.matches(##"<h2 id="erasures">[\s\S]*?href="#(run-\d+)"[\s\S]*?<h2"##, in: html) == ["run-4"])
        #expect(try Self.matches(##"<h2 id="failures">[\s\S]*?href="#(run-\d+)"[\s\S]*?<h2"##, in: html) == ["run-3"])
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
}
