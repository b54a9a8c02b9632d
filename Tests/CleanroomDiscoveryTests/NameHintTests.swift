import CleanroomCore
import CleanroomMasking
import Testing

@testable import CleanroomDiscovery

@Suite("Column name hints")
struct NameHintTests {
    @Test(
        "words split at separators, case changes and digits",
        arguments: [
            ("first_name", ["first", "name"]),
            ("BillingPostalCode", ["billing", "postal", "code"]),
            ("IPAddress", ["ip", "address"]),
            ("address2", ["address", "2"]),
            ("e-mail", ["e", "mail"]),
            ("Geburtsdatum", ["geburtsdatum"]),
        ])
    func words(name: String, expected: [String]) {
        #expect(ColumnNameWords.split(name).map { String(decoding: $0, as: UTF8.self) } == expected)
    }

    @Test(
        "names in several languages and spellings",
        arguments: [
            ("email", PersonalDataClass.email), ("e_mail", .email), ("correo", .email), ("courriel", .email),
            ("customer_email_address", .email), ("phone", .phone), ("Tel", .phone), ("mobile", .phone),
            ("telefono", .phone),
            ("Telefon", .phone), ("fax", .phone), ("first_name", .firstName), ("FirstName", .firstName),
            ("given_name", .firstName),
            ("vorname", .firstName), ("prenom", .firstName), ("Prénom", .firstName), ("nombre", .firstName),
            ("last_name", .lastName),
            ("surname", .lastName), ("family_name", .lastName), ("Nachname", .lastName), ("apellido", .lastName),
            ("address", .streetAddress), ("street", .streetAddress), ("Strasse", .streetAddress),
            ("adresse", .streetAddress),
            ("direccion", .streetAddress), ("zip", .postcode), ("postal_code", .postcode), ("postcode", .postcode),
            ("PLZ", .postcode),
            ("ssn", .nationalID), ("national_id", .nationalID), ("dni", .nationalID), ("nif", .nationalID),
            ("birth_date", .dateOfBirth),
            ("dob", .dateOfBirth), ("Geburtsdatum", .dateOfBirth), ("password", .secret), ("passwd", .secret),
            ("pwd", .secret),
            ("api_token", .secret), ("iban", .iban), ("cc_number", .card), ("pan", .card), ("card_number", .card),
            ("ip_address", .ipAddress), ("ip", .ipAddress), ("username", .username), ("login", .username),
            ("city", .city),
            ("town", .city), ("stadt", .city), ("ville", .city), ("ciudad", .city), ("company", .company),
            ("employer", .company),
            ("picture", .photo), ("avatar", .photo), ("photo", .photo), ("image_filename", .photo),
            ("home_address", .streetAddress), ("state", .region), ("district", .region),
            ("country", .country),
        ])
    func recognised(name: String, expected: PersonalDataClass) {
        #expect(ColumnNameHints.hint(for: name, kind: .text)?.kind == expected, "\(name)")
    }

    @Test(
        "keywords never match inside a word, and ordinary names hint nothing",
        arguments: [
            "shipping_method", "description", "title", "last_update", "rental_rate", "special_features", "release_year",
            "fulltext", "name", "status", "zipper", "hotel", "statement", "capacity", "telemetry",
            // Names that describe what a keyword names (Oracle customer_orders' stores and products).
            "web_address", "image_mime_type", "image_charset", "address_type", "photoMimeType", "MacAddress",
        ])
    func notRecognised(name: String) {
        #expect(ColumnNameHints.hint(for: name, kind: .text) == nil, "\(name)")
    }

    @Test("a hint needs a type that can hold the class")
    func kinds() {
        #expect(ColumnNameHints.hint(for: "address_id", kind: .integer) == nil)
        #expect(ColumnNameHints.hint(for: "country_id", kind: .integer) == nil)
        #expect(ColumnNameHints.hint(for: "phone", kind: .integer)?.kind == .phone)
        #expect(ColumnNameHints.hint(for: "birth_date", kind: .date)?.kind == .dateOfBirth)
        #expect(ColumnNameHints.hint(for: "create_date", kind: .date) == nil)
        #expect(ColumnNameHints.hint(for: "picture", kind: .bytea)?.kind == .photo)
        #expect(ColumnNameHints.hint(for: "last_login", kind: .timestamptz) == nil)
        #expect(ColumnNameHints.hint(for: "client_ip", kind: .inet)?.kind == .ipAddress)
    }
}
