import CleanroomConnectors
import CleanroomCore
import CleanroomDiscovery
import CleanroomMasking
import Foundation
import TestSupport
import Testing

/// Free text is about people: notes, tickets and biographies repeat the names of the people in the
/// other columns, including surnames no dictionary knows, so the draft replaces it whole.
@Suite("Drafting free text")
struct FreeTextDraftTests {
    /// Surnames made up for this test, so no name list can know them.
    static let surnames = ["Qwertyson", "Okonkwo-Baptiste", "Vandersnoot", "Pellegrazzi", "Thistlewaite", "Marchbanks"]
    static let givenNames = ["Jane", "Omar", "Ingrid", "Tomasz", "Priya", "Keanu"]

    /// people (full name, e-mail, biography), tickets about them (a body naming the person), and a
    /// catalogue of categories with descriptions that products reference.
    static func makeSource(at path: String) throws {
        let db = try SQLiteDatabase(path: path, mode: .readWriteCreate)
        var sql = """
            CREATE TABLE people (id INTEGER PRIMARY KEY, full_name TEXT NOT NULL, email TEXT, bio TEXT);
            CREATE TABLE tickets (id INTEGER PRIMARY KEY, person_id INTEGER REFERENCES people(id), body TEXT);
            CREATE TABLE categories (id INTEGER PRIMARY KEY, description TEXT);
            CREATE TABLE products (id INTEGER PRIMARY KEY, category_id INTEGER REFERENCES categories(id), title TEXT);
            """
        for i in 0..<60 {
            let given = givenNames[i % givenNames.count]
            let surname = surnames[i % surnames.count]
            let colleague = surnames[(i + 1) % surnames.count]
            sql +=
                "INSERT INTO people VALUES (\(i), '\(given) \(surname)', '\(given.lowercased()).\(i)@example.org', "
                + "'\(given) joined the northern team in spring and now works with \(colleague) on supplier audits.');\n"
            sql +=
                "INSERT INTO tickets VALUES (\(i), \(i), 'Customer \(given) \(surname) called about the late parcel; "
                + "handed to \(colleague) at the depot for a second delivery attempt.');\n"
        }
        for i in 0..<8 {
            sql +=
                "INSERT INTO categories VALUES (\(i), 'Soft drinks, coffees, teas and other beverages of range \(i) for the shop');\n"
            sql += "INSERT INTO products VALUES (\(i), \(i), 'Product \(i)');\n"
        }
        try db.execute(sql)
    }

    @Test("prose in people's and transactional tables is drafted filler, a catalogue's kept; no name token survives")
    func draftAndMask() throws {
        let directory = try TestPaths.temporaryDirectory("scan-free-text")
        defer { try? FileManager.default.removeItem(at: directory) }
        let sourcePath = directory.appendingPathComponent("source.sqlite").path
        try Self.makeSource(at: sourcePath)
        let source = Endpoint.sqlite(path: sourcePath)
        let (report, rules) = try Fixtures.draft(source, in: directory)

        let rule = { (table: String, column: String) in
            report.tables.first { $0.table.name.name == table }?.column(column)
        }
        #expect(rule("people", "bio")?.rule.transform == .filler)
        #expect(rule("tickets", "body")?.rule.transform == .filler)
        #expect(rule("tickets", "body")?.note.contains("prose") == true)
        #expect(rule("categories", "description")?.rule.transform == .keep, "catalogue descriptions are about things")

        let target = Endpoint.sqlite(path: directory.appendingPathComponent("masked.sqlite").path)
        try Fixtures.mask(source, target, rulesPath: rules)
        // An independent check, not the leak probe: no token of any source name is in the target.
        let tokens = { (texts: [String]) in
            Set(texts.flatMap { $0.split(whereSeparator: { !$0.isLetter && $0 != "-" }).map(String.init) })
        }
        let prose = try Fixtures.values(target, "people", "bio") + Fixtures.values(target, "tickets", "body")
        #expect(prose.count == 120)
        let leaked = Set(Self.surnames + Self.givenNames).intersection(tokens(prose))
        #expect(leaked.isEmpty, "source name tokens in the target's text: \(leaked.sorted())")
        // A fake full name may be a common given name by chance; the made-up surnames cannot come back.
        let names = try Fixtures.values(target, "people", "full_name")
        #expect(Set(Self.surnames).intersection(tokens(names)).isEmpty)
        #expect(
            try Fixtures.values(target, "categories", "description")
                == Fixtures.values(source, "categories", "description"))
    }
}
