import CleanroomConnectors
import CleanroomCore
import CleanroomDiscovery
import CleanroomMasking
import CleanroomPipeline
import Foundation
import TestSupport
import Testing

/// No personal token survives (issue 13): scan → mask with the untouched draft on a schema of made-up
/// people, then an independent check of the target — every text value of every table read back and
/// split into words — against the words of the source's names; and the leak probe catches the two
/// deliberate leaks.
@Suite("No name token survives: the untouched draft, the run vocabulary and the word-level probe")
struct NameTokenTests {
    /// Given names and surnames made up for this test: no name list, no fake dictionary knows them,
    /// so a word of them in the target can only have come from the source.
    static let givenNames = ["Zelphine", "Quorin", "Ambrilla", "Tovaric", "Sennet", "Ulvara", "Brisco"]
    static let surnames = ["Qwertyson", "Okonkwo-Baptiste", "Vrzalovka", "Pellegrazzi", "Thistlewaite", "Zbrowicki"]
    static let staff = ["Marivel Duskwater", "Orrin Vantablake", "Celisse Ombrecht"]

    /// customers (names, e-mail), tickets about them (a body repeating the customer's name and a
    /// colleague's surname; `handled_by` holding staff names under a name that says nothing; a short
    /// `memo`, too short to read as prose, naming the customer in half the rows) and
    /// shipments with a denormalised copy of the customer's name in `party`.
    static func makeSource(at path: String) throws {
        let db = try SQLiteDatabase(path: path, mode: .readWriteCreate)
        var sql = """
            CREATE TABLE customers (id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, email TEXT);
            CREATE TABLE tickets (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), body TEXT,
                                  handled_by TEXT, memo TEXT);
            CREATE TABLE shipments (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), party TEXT,
                                    depot TEXT);
            """
        for i in 0..<42 {
            let (given, surname) = (givenNames[i % givenNames.count], surnames[i % surnames.count])
            let colleague = surnames[(i + 1) % surnames.count]
            let local = "\(given.lowercased()).\(surname.lowercased().replacingOccurrences(of: "-", with: ""))"
            sql += "INSERT INTO customers VALUES (\(i), '\(given)', '\(surname)', '\(local)@mail.example');\n"
            let body = [
                "Customer \(given) \(surname) called about the late parcel; promised a callback before Friday.",
                "Handed to \(colleague) at the depot, then signed for by \(given) in person at the counter.",
                "\(given) asked to change the delivery address; \(surname.uppercased()) confirmed it by phone later.",
            ][i % 3]
            let memo = i % 2 == 0 ? "ring \(surname) back" : "parcel left at door"
            sql += "INSERT INTO tickets VALUES (\(i), \(i), '\(body)', '\(staff[i % staff.count])', '\(memo)');\n"
            sql += "INSERT INTO shipments VALUES (\(i), \(i), '\(given) \(surname)', 'Depot \(i % 4)');\n"
        }
        try db.execute(sql)
    }

    /// The words of the source's names (three letters or more), lower-cased.
    static var nameWords: Set<String> {
        Set((givenNames + surnames + staff).flatMap(words))
    }

    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { !$0.isLetter }).map { $0.lowercased() }.filter { $0.count >= 3 }
    }

    /// Every source name word found in any text value of the target, with where.
    static func survivors(in target: Endpoint) throws -> [String] {
        let connection = try ConnectorFactory.source(target)
        var found: [String] = []
        for table in try connection.introspect().tables {
            for row in try SourceRows.rows(of: table, in: connection) {
                for (column, value) in row {
                    for word in words(value ?? "") where nameWords.contains(word) {
                        found.append("\(table.name.name).\(column): \(word)")
                    }
                }
            }
        }
        return found
    }

    /// A scratch folder with the source and its untouched draft.
    struct Scene {
        let directory: URL
        let source: Endpoint
        let report: ScanReport
        let rulesPath: String

        init() throws {
            directory = try TestPaths.temporaryDirectory("name-tokens")
            let path = directory.appendingPathComponent("source.sqlite").path
            try NameTokenTests.makeSource(at: path)
            source = Endpoint.sqlite(path: path)
            (report, rulesPath) = try Fixtures.draft(source, in: directory)
        }

        func target(_ name: String) -> Endpoint { .sqlite(path: directory.appendingPathComponent(name).path) }

        /// The draft with `replace` applied, written beside it.
        func rules(replacing old: String, with new: String) throws -> String {
            let text = try String(contentsOfFile: rulesPath, encoding: .utf8)
            #expect(text.contains(old), "the draft holds \(old)")
            let path = directory.appendingPathComponent("edited.yaml").path
            try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    @Test("the untouched draft masks every name column and leaves no source name word anywhere in the target")
    func untouchedDraft() throws {
        let scene = try Scene()
        defer { scene.remove() }
        let column = { (table: String, name: String) in
            scene.report.tables.first { $0.table.name.name == table }?.column(name)
        }
        for (table, name) in [
            ("customers", "first_name"), ("customers", "last_name"), ("customers", "email"), ("tickets", "body"),
            ("tickets", "handled_by"), ("tickets", "memo"), ("shipments", "party"),
        ] {
            #expect(column(table, name)?.rule.transform != .keep, "\(table).\(name) is drafted masked")
        }
        let target = scene.target("masked.sqlite")
        let result = try Fixtures.mask(scene.source, target, rulesPath: scene.rulesPath)
        #expect(try Self.survivors(in: target).isEmpty)
        #expect(result.leakProbe.wordHits == 0)
    }

    @Test("redact with its name class replaces every source name in the notes, the rest of the text kept")
    func redactNames() throws {
        let scene = try Scene()
        defer { scene.remove() }
        let rules = try scene.rules(replacing: "body: filler", with: "body: redact")
        let target = scene.target("redacted.sqlite")
        let result = try Fixtures.mask(scene.source, target, rulesPath: rules)
        #expect(try Self.survivors(in: target).isEmpty)
        #expect(result.leakProbe.checkedWords > 0 && result.leakProbe.wordHits == 0)
        let bodies = try Fixtures.values(target, "tickets", "body")
        #expect(
            bodies.filter { $0.hasSuffix("called about the late parcel; promised a callback before Friday.") }.count
                == 14)
    }

    @Test("notes repeating names under redact: [email] fail the run through the word-level probe; nothing is written")
    func redactWithoutNames() throws {
        let scene = try Scene()
        defer { scene.remove() }
        let rules = try scene.rules(replacing: "body: filler", with: "body: { redact: [email] }")
        let target = scene.target("leaky.sqlite")
        #expect {
            try Fixtures.mask(scene.source, target, rulesPath: rules)
        } throws: { error in
            guard case PipelineError.wordsLeaked(let hits, let columns, let sources) = error else { return false }
            return hits > 0 && columns == ["main.tickets.body"]
                && sources["main.tickets.body"]?.contains("main.customers.last_name") == true
                && !"\(error)".contains("Qwertyson")
        }
        #expect(!FileManager.default.fileExists(atPath: scene.directory.appendingPathComponent("leaky.sqlite").path))
    }

    @Test("a kept copy of the customers' names fails the run through the probe")
    func keptCopy() throws {
        let scene = try Scene()
        defer { scene.remove() }
        let rules = try scene.rules(replacing: "party: { fake: full_name }", with: "party: keep")
        #expect {
            try Fixtures.mask(scene.source, scene.target("kept.sqlite"), rulesPath: rules)
        } throws: { error in
            switch error {
            case PipelineError.leakDetected(_, let columns, _), PipelineError.wordsLeaked(_, let columns, _):
                return columns.contains("main.shipments.party")
            default: return false
            }
        }
    }
}
