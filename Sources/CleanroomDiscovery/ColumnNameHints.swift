import CleanroomCore
import CleanroomMasking

/// What a column's (or JSON member's) name says about its contents.
public struct NameHint: Sendable, Equatable, Codable {
    /// The class the name points to.
    public var kind: PersonalDataClass
    /// The keyword that matched, as listed in ``ColumnNameHints`` (e.g. `telefono`).
    public var keyword: String
}

/// Recognises names of personal columns in English and a few other languages (German, French,
/// Spanish, Italian, Portuguese, Dutch), written in snake_case, camelCase, PascalCase or kebab-case.
///
/// A name is split into lower-case words at `_`, `-`, `.`, spaces, case changes (`BillingPostalCode`
/// → billing, postal, code; `IPAddress` → ip, address) and letter–digit changes (`address2` →
/// address, 2). A keyword matches a word or a run of adjacent words written together (`postalcode`
/// matches `postal_code` and `PostalCode`), also with a plural `s`; keywords never match inside a
/// word, so `ip` does not match `shipping`. The first class in ``ordered`` with a matching keyword
/// wins, so `email_address` is an e-mail and `ip_address` an IP address, not street addresses.
public enum ColumnNameHints {
    /// Keywords by class, in the order they are tried.
    public static let ordered: [(kind: PersonalDataClass, keywords: [String])] = [
        (.email, ["email", "mail", "emailaddress", "correo", "correoelectronico", "courriel", "epost"]),
        (.ipAddress, ["ip", "ipaddress", "ipaddr", "ipv4", "ipv6", "remoteaddr", "clientip"]),
        (
            .secret,
            [
                "password", "passwd", "pwd", "passwort", "contrasena", "contraseña", "motdepasse", "secret",
                "token", "apikey", "salt", "privatekey", "otp",
            ]
        ),
        (.iban, ["iban", "bankaccount", "kontonummer"]),
        (.card, ["card", "cardnumber", "ccnumber", "creditcard", "pan", "kreditkarte", "tarjeta"]),
        (
            .nationalID,
            [
                "ssn", "socialsecurity", "nationalid", "nationalidentifier", "taxid", "dni", "nif", "nie",
                "cpf", "bsn", "passportnumber", "steuerid",
            ]
        ),
        (
            .phone,
            [
                "phone", "telephone", "tel", "telefono", "teléfono", "telefon", "telefone", "telephon", "mobile",
                "mobil", "cellphone", "handy", "movil", "móvil", "msisdn", "fax",
            ]
        ),
        (
            .dateOfBirth,
            [
                "birth", "birthdate", "dateofbirth", "dob", "birthday", "geburtsdatum", "geburtstag",
                "nacimiento", "naissance", "nascita",
            ]
        ),
        (.username, ["username", "login", "loginname", "nickname", "screenname", "handle", "benutzername", "usuario"]),
        (
            .firstName,
            [
                "firstname", "givenname", "forename", "fname", "vorname", "prenom", "prénom", "nombre", "nome",
                "voornaam",
            ]
        ),
        (
            .lastName,
            [
                "lastname", "surname", "familyname", "lname", "nachname", "familienname", "apellido", "apellidos",
                "cognome", "sobrenome", "achternaam",
            ]
        ),
        (.fullName, ["fullname", "contactname", "personname", "displayname", "nombrecompleto", "nomcomplet"]),
        (
            .postcode,
            [
                "zip", "zipcode", "postal", "postalcode", "postcode", "plz", "postleitzahl", "codigopostal",
                "codepostal", "cep",
            ]
        ),
        (
            .streetAddress,
            [
                "address", "addr", "addressline", "street", "streetaddress", "strasse", "straße", "adresse",
                "direccion", "dirección", "indirizzo", "endereco", "endereço",
            ]
        ),
        (
            .city,
            [
                "city", "town", "stadt", "ville", "ciudad", "citta", "città", "cidade", "municipality", "hometown",
                "birthplace", "placeofbirth", "geburtsort",
            ]
        ),
        (.region, ["state", "province", "region", "county", "district", "bundesland", "provincia"]),
        (.country, ["country", "pais", "país", "pays"]),
        (
            .company,
            [
                "company", "employer", "organisation", "organization", "firma", "empresa", "societe", "société",
                "unternehmen",
            ]
        ),
        (.photo, ["picture", "photo", "avatar", "image", "portrait", "foto", "bild", "headshot"]),
    ]

    /// Words that make a name describe what a keyword names instead of holding it: `image_mime_type`
    /// is a photo's type and `image_charset` its encoding, not the photo; `web_address` is a site's
    /// address and `address_type` says which of a person's addresses a row is, neither a street.
    static let describing: [PersonalDataClass: Set<[UInt8]>] = [
        .photo: ["mime", "mimetype", "type", "charset", "encoding", "format", "width", "height", "size"],
        .streetAddress: ["web", "website", "www", "url", "uri", "mac", "server", "host", "type", "kind", "status"],
    ].mapValues { Set($0.map { Array($0.utf8) }) }

    /// The hint of a column named `name` holding values of `kind`, if any. Kinds that cannot hold the
    /// class are never hinted (`address_id`, an integer, is no street address), nor names that only
    /// describe it (``describing``).
    public static func hint(for name: String, kind: ValueKind) -> NameHint? {
        let words = ColumnNameWords.split(name)
        guard !words.isEmpty else { return nil }
        for (hinted, keywords) in ordered where accepts(kind, for: hinted) {
            if let keyword = keywords.first(where: { matches($0, words) }) {
                if let describing = describing[hinted], words.contains(where: describing.contains) { continue }
                return NameHint(kind: hinted, keyword: keyword)
            }
        }
        return nil
    }

    /// Whether `keyword` equals a word or adjacent words written together, also with a plural `s`.
    private static func matches(_ keyword: String, _ words: [[UInt8]]) -> Bool {
        let target = Array(keyword.utf8)
        for start in words.indices {
            var joined: [UInt8] = []
            for word in words[start...] {
                joined += word
                if joined == target
                    || (joined.count == target.count + 1 && joined.last == UInt8(ascii: "s")
                        && joined.starts(with: target))
                {
                    return true
                }
                if joined.count > target.count { break }
            }
        }
        return false
    }

    /// Whether a column of `kind` can hold values of class `hinted`.
    static func accepts(_ kind: ValueKind, for hinted: PersonalDataClass) -> Bool {
        let textual: Set<ValueKind> = [.text, .other]
        switch hinted {
        case .phone, .postcode, .nationalID, .card:
            return textual.contains(kind) || kind == .integer || kind == .numeric
        case .ipAddress: return textual.contains(kind) || kind == .inet
        case .dateOfBirth: return textual.contains(kind) || [.date, .timestamp, .timestamptz].contains(kind)
        case .photo, .secret: return textual.contains(kind) || kind == .bytea
        default: return textual.contains(kind)
        }
    }

}
