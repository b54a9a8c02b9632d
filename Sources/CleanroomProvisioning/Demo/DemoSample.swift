import CleanroomConnectors
import CleanroomMasking
import Foundation

/// A production-shaped sample shop database for `cleanroom demo`, generated deterministically (the
/// same bytes of data on every machine): customers with names, e-mails, phones, dates of birth and a
/// JSON profile with nested personal fields; orders; payments with card numbers; and free-text
/// support notes with e-mail addresses, phone and card numbers in them.
///
/// Every personal value is synthetic. Names are invented so that none of them is in the masking
/// dictionaries: a masked copy can then be searched for every sample name without chance matches.
/// `masking-rules/demo-sample.yaml` names every column.
public enum DemoSample {
    /// Rows of `customers`.
    public static let customers = 200
    /// Rows of `orders`, and of `payments` (one each).
    public static let orders = 600
    /// Rows of `support_notes`.
    public static let notes = 240

    /// Writes the sample to a new SQLite file at `path` (which must not exist).
    public static func write(to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { throw ConnectorError.targetExists(path) }
        let database = try SQLiteDatabase(path: path, mode: .readWriteCreate)
        try database.execute(
            """
            BEGIN;
            CREATE TABLE customers (
                id INTEGER PRIMARY KEY,
                first_name TEXT NOT NULL,
                last_name TEXT NOT NULL,
                email TEXT NOT NULL UNIQUE,
                phone TEXT,
                date_of_birth DATE,
                created_at TIMESTAMP NOT NULL,
                profile TEXT
            );
            CREATE TABLE orders (
                id INTEGER PRIMARY KEY,
                customer_id INTEGER NOT NULL REFERENCES customers(id),
                ordered_at TIMESTAMP NOT NULL,
                status TEXT NOT NULL,
                total_cents INTEGER NOT NULL
            );
            CREATE TABLE payments (
                id INTEGER PRIMARY KEY,
                order_id INTEGER NOT NULL REFERENCES orders(id),
                card_number TEXT NOT NULL,
                card_holder TEXT NOT NULL,
                amount_cents INTEGER NOT NULL,
                paid_at TIMESTAMP NOT NULL
            );
            CREATE TABLE support_notes (
                id INTEGER PRIMARY KEY,
                customer_id INTEGER NOT NULL REFERENCES customers(id),
                created_at TIMESTAMP NOT NULL,
                note TEXT NOT NULL
            );
            CREATE INDEX orders_customer ON orders(customer_id);
            """)
        var generator = SampleGenerator()
        let people = (1...customers).map { generator.person(number: $0) }
        try insert(
            database, "INSERT INTO customers VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            people.map { p in
                [p.id, p.first, p.last, p.email, p.phone, p.dateOfBirth, p.createdAt, p.profile]
            })
        var orderRows: [[String]] = []
        var paymentRows: [[String]] = []
        for id in 1...orders {
            let person = people[generator.below(people.count)]
            let orderedAt = generator.timestamp(year: 2024)
            let cents = String(500 + generator.below(30_000))
            orderRows.append([
                String(id), person.id, orderedAt, ["paid", "shipped", "delivered", "refunded"][generator.below(4)],
                cents,
            ])
            paymentRows.append([
                String(id), String(id), generator.cardNumber(), "\(person.first) \(person.last)", cents, orderedAt,
            ])
        }
        try insert(database, "INSERT INTO orders VALUES (?1, ?2, ?3, ?4, ?5)", orderRows)
        try insert(database, "INSERT INTO payments VALUES (?1, ?2, ?3, ?4, ?5, ?6)", paymentRows)
        try insert(
            database, "INSERT INTO support_notes VALUES (?1, ?2, ?3, ?4)",
            (1...notes).map { id in
                let person = people[generator.below(people.count)]
                return [String(id), person.id, generator.timestamp(year: 2024), generator.note(about: person)]
            })
        try database.execute("COMMIT")
    }

    private static func insert(_ database: SQLiteDatabase, _ sql: String, _ rows: [[String]]) throws {
        let statement = try database.prepare(sql)
        for row in rows {
            statement.reset()
            for (i, value) in row.enumerated() { try statement.bind(Int32(i + 1), text: value) }
            while try statement.step() {}
        }
    }

    /// Invented given names (none in the masking dictionaries).
    static let firstNames = [
        "Quorine", "Velmira", "Brennika", "Tavrin", "Zelphine", "Orwenna", "Caedric", "Ilvanna", "Juneva",
        "Morwick", "Seraphel", "Thadrien", "Lunara", "Dariven", "Evandra", "Faelan", "Gwenhild", "Halvard",
        "Irisel", "Kaelith", "Maelis", "Pellam", "Vaelan", "Wrenna", "Xandor", "Zarek", "Berengar", "Corisande",
    ]
    /// Invented family names (none in the masking dictionaries).
    static let lastNames = [
        "Ashcombe", "Bellwether", "Carrowmore", "Dunvegan", "Elderslie", "Glenross", "Harrowgate", "Invermoray",
        "Kilbride", "Lockhaven", "Marchbanks", "Oakenshaw", "Pennicott", "Quillfeather", "Ravensworth",
        "Thistlewood", "Vantongeren", "Whitlocke", "Yarborough", "Zennor", "Crowhurst", "Draycott", "Eversleigh",
        "Foxborough",
    ]
    static let mailDomains = ["gmail.com", "outlook.com", "yahoo.co.uk", "proton.me", "icloud.com", "web.de"]
    static let streets = [
        "Harbour Road", "Mill Lane", "Station Street", "Church Walk", "Orchard Close", "Kingsway", "Rue des Lilas",
    ]
    static let cities = ["Leeds", "Bristol", "Cork", "Lyon", "Ghent", "Utrecht", "Aarhus", "Porto"]
}

/// One sample customer's values.
struct SamplePerson {
    var id: String
    var first: String
    var last: String
    var email: String
    var phone: String
    var dateOfBirth: String
    var createdAt: String
    var profile: String
}

/// SplitMix64: a small, fixed pseudo-random sequence, so the sample is the same everywhere.
struct SampleGenerator {
    private var state: UInt64 = 0x5EED_C1EA_2000_0001

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func digits(_ count: Int) -> String { String((0..<count).map { _ in Character(String(below(10))) }) }

    mutating func phone() -> String {
        below(2) == 0 ? "+44 7\(digits(3)) \(digits(6))" : "+49 15\(digits(2)) \(digits(7))"
    }

    mutating func timestamp(year: Int) -> String {
        "\(date(year: year)) \(two(below(24))):\(two(below(60))):\(two(below(60)))"
    }

    mutating func date(year: Int) -> String {
        "\(year)-\(two(1 + below(12)))-\(two(1 + below(28)))"
    }

    private func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    mutating func person(number: Int) -> SamplePerson {
        let first = DemoSample.firstNames[below(DemoSample.firstNames.count)]
        let last = DemoSample.lastNames[below(DemoSample.lastNames.count)]
        let email =
            "\(first.lowercased()).\(last.lowercased())\(number)@\(DemoSample.mailDomains[below(DemoSample.mailDomains.count)])"
        let phone = phone()
        let contactName = "\(DemoSample.firstNames[below(DemoSample.firstNames.count)]) \(last)"
        let profile = """
            {"contact":{"email":"\(email)","phone":"\(phone)"},\
            "address":{"street":"\(1 + below(180)) \(DemoSample.streets[below(DemoSample.streets.count)])",\
            "city":"\(DemoSample.cities[below(DemoSample.cities.count)])","postcode":"\(digits(5))"},\
            "emergency_contact":{"name":"\(contactName)","phone":"\(self.phone())"},\
            "preferences":{"newsletter":\(below(2) == 0),"language":"\(["en", "de", "fr", "nl"][below(4)])"}}
            """
        let birth = date(year: 1950 + below(55))
        return SamplePerson(
            id: String(number), first: first, last: last, email: email, phone: phone, dateOfBirth: birth,
            createdAt: timestamp(year: 2019 + below(5)), profile: profile)
    }

    /// A Luhn-valid 16-digit card number in the Visa or Mastercard range, grouped by fours.
    mutating func cardNumber() -> String {
        let prefix = below(2) == 0 ? "4" : "5\(1 + below(5))"
        let full = prefix + digits(15 - prefix.count)
        let check = Checksums.luhnCheckDigit(Array(full.utf8)).map { Character(UnicodeScalar($0)) } ?? "0"
        let number = Array(full + String(check))
        return stride(from: 0, to: 16, by: 4).map { String(number[$0..<$0 + 4]) }.joined(separator: " ")
    }

    mutating func note(about person: SamplePerson) -> String {
        switch below(4) {
        case 0:
            return
                "Customer asked us to send the invoice to \(person.email) instead; confirmed by phone on \(person.phone)."
        case 1:
            return
                "Called back on \(phone()) about a late parcel. New delivery contact: \(person.email.replacingOccurrences(of: "@", with: "+orders@"))."
        case 2:
            return
                "Customer read out card \(cardNumber()) on the call; told them never to share it. Follow up at \(person.email)."
        default: return "Refund approved for order \(below(600) + 1). No personal details given."
        }
    }
}
