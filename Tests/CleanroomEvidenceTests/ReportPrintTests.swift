import CleanroomEvidence
import Foundation
import TestSupport
import Testing

/// The HTML report printed by a real browser: headless Chromium (Debian's `chromium`) prints it to
/// PDF on A4 and on US Letter, and poppler's `pdfinfo` and `pdftotext` read the PDF back. scripts/test.sh
/// installs both and sets `CLEANROOM_TEST_REQUIRE_CHROMIUM=1`, under which their absence fails these
/// tests instead of skipping them.
@Suite("Audit report printed by headless Chromium")
struct ReportPrintTests {
    static let toolsInstalled = ["chromium", "pdftotext", "pdfinfo"].allSatisfy { tool in
        (try? Subprocess.run(["sh", "-c", "command -v \(tool)"]))?.status == 0
    }
    static let required = ProcessInfo.processInfo.environment["CLEANROOM_TEST_REQUIRE_CHROMIUM"] == "1"

    /// Prints `html` to a PDF in `directory`; its page size line (`pdfinfo`) and text (`pdftotext`).
    func print(_ html: String, in directory: URL, name: String) throws -> (pageSize: String, pages: Int, text: String) {
        #expect(
            Self.toolsInstalled, "chromium, pdftotext or pdfinfo is missing (apt-get install chromium poppler-utils)")
        let page = directory.appendingPathComponent("\(name).html")
        let pdf = directory.appendingPathComponent("\(name).pdf")
        try Data(html.utf8).write(to: page)
        let printed = try Subprocess.run([
            "timeout", "120", "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
            "--user-data-dir=\(directory.appendingPathComponent("profile-\(name)").path)",
            "--print-to-pdf=\(pdf.path)", page.absoluteString,
        ])
        try #require(FileManager.default.fileExists(atPath: pdf.path), "chromium printed nothing: \(printed.stderr)")
        let info = try Subprocess.run(["pdfinfo", pdf.path])
        let size = info.stdout.split(separator: "\n").first { $0.hasPrefix("Page size:") }.map(String.init) ?? ""
        let pages =
            info.stdout.split(separator: "\n").first { $0.hasPrefix("Pages:") }
            .flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
        let text = try Subprocess.run(["pdftotext", "-enc", "UTF-8", pdf.path, "-"])
        #expect(text.status == 0, "\(text.stderr)")
        try checkMargins(pdf, paper: name)
        return (size, pages, text.stdout)
    }

    /// Every word of every page lies inside the page's side margins (14 mm each): nothing runs off
    /// the paper or is cut at its edge. Word boxes from `pdftotext -bbox`, which include the glyphs'
    /// side bearings: a word set flush with the text's edge (a line the random key ids and digests
    /// happen to fill) reaches about 1 pt past it, so 3 pt (about 1 mm) of the margin are allowed.
    func checkMargins(_ pdf: URL, paper: String) throws {
        let boxes = try Subprocess.run(["pdftotext", "-bbox", pdf.path, "-"]).stdout
        let margin = 14 / 25.4 * 72 - 3
        let pages = try AuditReportTests.matches(#"<page width="([\d.]+)""#, in: boxes).compactMap(Double.init)
        let pageBodies = boxes.components(separatedBy: "<page ").dropFirst()
        #expect(pages.count == pageBodies.count && !pages.isEmpty)
        for (number, (width, body)) in zip(pages, pageBodies).enumerated() {
            let regex = try NSRegularExpression(pattern: #"<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)""#)
            for match in regex.matches(in: body, range: NSRange(body.startIndex..., in: body)) {
                let xMin = Double(body[Range(match.range(at: 1), in: body)!]) ?? 0
                let xMax = Double(body[Range(match.range(at: 2), in: body)!]) ?? 0
                #expect(
                    xMin >= margin && xMax <= width - margin,
                    "\(paper) page \(number + 1): a word at x \(xMin)–\(xMax) of \(width) pt runs into the margin")
            }
        }
    }

    /// The words a reader sees in `html`: no style, head, SVG titles or descriptions (which are not
    /// drawn), entities decoded.
    static func visibleText(_ html: String) -> String {
        var text = html
        for element in ["head", "title", "desc"] {
            text = text.replacingOccurrences(
                of: "<\(element)[^>]*>[\\s\\S]*?</\(element)>", with: " ", options: .regularExpression)
        }
        text = text.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    /// How often `word` stands as a whole word in `text`.
    static func count(_ word: String, in text: String) throws -> Int {
        let regex = try NSRegularExpression(pattern: "(?<![\\p{L}\\p{N}])\(word)(?![\\p{L}\\p{N}])")
        return regex.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
    }

    @Test(
        "prints on A4 and on US Letter: page size, running header and page numbers, charts as text, no header broken inside a word",
        .enabled(
            if: toolsInstalled || required,
            "needs chromium and poppler-utils (CLEANROOM_TEST_REQUIRE_CHROMIUM=1 requires them)"))
    func printed() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try AuditReportTests.mixedLedger(in: directory, key: key).verify(publicKey: publicKey)
        let now = Fixtures.started.addingTimeInterval(86_400)
        for (paper, expected) in [(ReportPaper.a4, "(A4)"), (.letter, "(letter)")] {
            let html = AuditReport.render(report, format: .html, paper: paper, generatedAt: now)
            let pdf = try print(html, in: directory, name: paper.rawValue)
            #expect(pdf.pageSize.hasSuffix(expected), "\(paper): \(pdf.pageSize)")
            #expect(pdf.pages >= 3, "\(paper): \(pdf.pages) pages")
            let text = pdf.text
            // Every page carries the title, the verdict and its number.
            #expect(try Self.count("Cleanroom evidence report ·", in: text) == pdf.pages, "\(paper)")
            #expect(text.contains("page 1 of \(pdf.pages)") && text.contains("page \(pdf.pages) of \(pdf.pages)"))
            #expect(text.contains("ledger valid · generated 2026-01-02 00:00:00Z"))
            // The charts are drawn with real text, so their labels and legends print.
            for words in [
                "Columns masked and kept, per run", "Environment lifetimes against their TTL", "Runs over time",
                "within TTL", "past TTL", "1 masked, 3 kept", "lived 58 min of a 2 h TTL",
                "2026-01-01 01:00 UTC", "1 succeeded, 0 failed, 1 refused",
            ] {
                #expect(text.contains(words), "\(paper): \(words)")
            }
            #expect(text.contains("Warning: Record #1"), "\(paper)")
            #expect(text.contains("Record 5: mask, refused"))
            #expect(text.contains("runner (GitHub Actions: octocat, run 4242 of acme/shop)"))
            // A header word cut across lines would leave fewer whole copies in print than on screen.
            let visible = Self.visibleText(html)
            let headers = try AuditReportTests.matches(#"<th>([^<]+)</th>"#, in: html)
            let words = Set(headers.flatMap { $0.split(separator: " ").map(String.init) }).filter { $0.count >= 5 }
            #expect(words.count > 20)
            for word in words.sorted() {
                let onScreen = try Self.count(NSRegularExpression.escapedPattern(for: word), in: visible)
                let inPrint = try Self.count(NSRegularExpression.escapedPattern(for: word), in: text)
                #expect(
                    inPrint >= onScreen, "\(paper): '\(word)' \(onScreen) times in the page, \(inPrint) whole in print")
            }
        }
    }
}
