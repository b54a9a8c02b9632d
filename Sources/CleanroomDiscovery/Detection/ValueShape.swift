import CleanroomMasking

/// What one value looks like as a whole, plus the personal data found inside it.
struct ValueShape {
    /// Classes the whole value is an instance of (an e-mail address, a phone number …).
    var classes: Set<PersonalDataClass> = []
    /// 7–15 digits and nothing else: a phone number written without punctuation, or any other number.
    /// It counts as a phone only where the column's name says phone.
    var isBareDigits = false
    /// Looks like a calendar date (`1962-02-18`, `18.02.1962`, `2/18/1962`), with or without a time.
    var isDate = false
    /// Classes `Redactor` found inside the value (its first ``ValueShape/scannedPrefix`` bytes).
    var embedded: Set<RedactClass> = []
    /// How many ASCII digits the value holds.
    var digitCount = 0
    /// Reads as prose: at least ``ValueShape/proseWords`` words and mostly letters, as notes,
    /// comments, descriptions and biographies are written.
    var isProse = false
    /// One token of ASCII letters, digits, dots, underscores and hyphens, with a letter: what a login or
    /// the local part of an e-mail address looks like (`SKING`, `j.doe_2`).
    var isHandle = false

    /// The fewest words a value needs to count as prose.
    static let proseWords = 6

    /// How much of a long value the free-text scan reads.
    static let scannedPrefix = 4096

    /// The shape of `value`, which is trimmed and not empty.
    init(_ value: ArraySlice<UInt8>) {
        digitCount = value.reduce(0) { $0 + ($1 &- 0x30 < 10 ? 1 : 0) }
        let prefix = Array(value.prefix(ValueShape.scannedPrefix))
        let findings = Redactor.findings(prefix, classes: RedactClass.patterns)
        if findings.count == 1, findings[0].1 == prefix.indices, prefix.count == value.count {
            classes.insert(ValueShape.wholeValueClass(findings[0].0))
        } else {
            embedded = Set(findings.map(\.0))
        }
        value.withUnsafeBufferPointer { bytes in
            isBareDigits = (7...15).contains(bytes.count) && digitCount == bytes.count
            isDate = DateShape.matches(bytes)
            isHandle = Self.isHandle(bytes)
            if IPAddressShape.matches(bytes) { classes.insert(.ipAddress) }
            if MailboxShape.matches(bytes) { classes.insert(.email) }
            if SecretShape.matches(bytes) { classes.insert(.secret) }
            if PostcodeShape.matches(bytes) { classes.insert(.postcode) }
            if StreetAddressShape.matches(bytes) { classes.insert(.streetAddress) }
        }
        classes.formUnion(PersonNameShape.classes(of: value))
        isProse = Self.readsAsProse(value)
    }

    /// At least ``proseWords`` space-separated words, and letters (any script) in at least 60 % of
    /// the bytes that are not spaces.
    private static func readsAsProse(_ value: ArraySlice<UInt8>) -> Bool {
        var words = 0
        var letters = 0
        var others = 0
        var inWord = false
        for b in value {
            if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D {
                inWord = false
                continue
            }
            if !inWord { words += 1 }
            inWord = true
            if (b | 0x20) &- 0x61 < 26 || b >= 0x80 { letters += 1 } else { others += 1 }
        }
        return words >= proseWords && letters * 10 >= (letters + others) * 6
    }

    private static func isHandle(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard (2...64).contains(bytes.count), bytes.contains(where: { ($0 | 0x20) &- 0x61 < 26 }) else { return false }
        return bytes.allSatisfy { c in
            (c | 0x20) &- 0x61 < 26 || c &- 0x30 < 10 || c == UInt8(ascii: ".") || c == UInt8(ascii: "_")
                || c == UInt8(ascii: "-")
        }
    }

    private static func wholeValueClass(_ found: RedactClass) -> PersonalDataClass {
        switch found {
        case .email: return .email
        case .phone: return .phone
        case .card: return .card
        case .iban: return .iban
        case .ssn: return .nationalID
        case .name: return .fullName
        }
    }
}

/// Calendar dates as people and databases write them: `YYYY-MM-DD`, `YYYY/M/D`, `DD.MM.YYYY`,
/// `MM/DD/YYYY`, optionally followed by a time.
enum DateShape {
    static func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var groups: [Int] = []
        var i = 0
        var separator: UInt8 = 0
        while i < text.count, groups.count < 3 {
            let start = i
            while i < text.count, text[i] &- 0x30 < 10 { i += 1 }
            guard i > start else { return false }
            groups.append(i - start)
            guard groups.count < 3 else { break }
            guard i < text.count, [UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: ".")].contains(text[i]),
                separator == 0 || separator == text[i]
            else { return false }
            separator = text[i]
            i += 1
        }
        guard groups.count == 3, i == text.count || text[i] == UInt8(ascii: " ") || text[i] == UInt8(ascii: "T") else {
            return false
        }
        let dayOrMonth = 1...2
        return (groups[0] == 4 && dayOrMonth.contains(groups[1]) && dayOrMonth.contains(groups[2]))
            || (dayOrMonth.contains(groups[0]) && dayOrMonth.contains(groups[1]) && groups[2] == 4)
    }
}

/// A whole value that is a mailbox on a domain of one label: `tammy.bryant@internalmail`,
/// `root@localhost`, as intranet and test systems write addresses. `EmailScanner` (free text) wants a
/// dotted domain, so that prose such as `meet@noon` is not an address; a column whose values are each
/// exactly `local@label` holds addresses all the same. The local part is letters, digits and
/// `. _ % + -`, with a letter, not starting or ending with a dot; the label is letters, digits and
/// inner hyphens, with a letter.
enum MailboxShape {
    static func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let at = text.firstIndex(of: UInt8(ascii: "@")), at > 0, at + 1 < text.count else { return false }
        let local = text[..<at]
        let label = text[(at + 1)...]
        guard local.allSatisfy({ isAlnum($0) || localPunctuation.contains($0) }), local.contains(where: isLetter),
            local.first != UInt8(ascii: "."), local.last != UInt8(ascii: ".")
        else { return false }
        return label.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") } && label.contains(where: isLetter)
            && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
    }

    private static let localPunctuation: Set<UInt8> = Set("._%+-".utf8)
    private static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) &- UInt8(ascii: "a") < 26 }
    private static func isAlnum(_ c: UInt8) -> Bool { isLetter(c) || c &- UInt8(ascii: "0") < 10 }
}

/// IPv4 (`192.0.2.1`, optionally `/24`) and IPv6 (`2001:db8::1`) addresses.
enum IPAddressShape {
    static func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = text.count
        if let slash = text.firstIndex(of: UInt8(ascii: "/")) {
            guard slash + 1 < text.count, text[(slash + 1)...].allSatisfy({ $0 &- 0x30 < 10 }) else { return false }
            end = slash
        }
        let address = UnsafeBufferPointer(rebasing: text[..<end])
        return isIPv4(address) || isIPv6(address)
    }

    private static func isIPv4(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let parts = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                (1...3).contains(part.count) && part.allSatisfy { $0 &- 0x30 < 10 }
                    && part.reduce(0) { $0 * 10 + Int($1 - 0x30) } <= 255
            }
    }

    private static func isIPv6(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard (2...45).contains(text.count) else { return false }
        let colons = text.filter { $0 == UInt8(ascii: ":") }.count
        let groups = text.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: true)
        let hex = { (c: UInt8) in c &- 0x30 < 10 || (c | 0x20) &- 0x61 < 6 }
        return colons >= 2 && colons <= 7 && !groups.isEmpty
            && groups.allSatisfy { $0.count <= 4 && $0.allSatisfy(hex) }
            && (colons == 7
                || text.indices.dropLast().contains {
                    text[$0] == UInt8(ascii: ":") && text[$0 + 1] == UInt8(ascii: ":")
                })
    }
}

/// Password hashes, keys and tokens: 32 or more hex digits; a crypt-style hash (`$2b$12$…`,
/// `$argon2id$…`, `pbkdf2_sha256$…`); or 24 or more base64/base64url characters mixing upper-case,
/// lower-case letters and digits (API tokens, JWTs).
enum SecretShape {
    static func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.count >= 20, !text.contains(UInt8(ascii: " ")) else { return false }
        let isHexDigit = { (c: UInt8) in c &- 0x30 < 10 || (c | 0x20) &- 0x61 < 6 }
        if text.count >= 32 && text.allSatisfy(isHexDigit) { return true }
        if text.filter({ $0 == UInt8(ascii: "$") }).count >= 2 { return true }
        guard text.count >= 24 else { return false }
        var upper = false, lower = false, digit = false
        for c in text {
            switch c {
            case 0x41...0x5A: upper = true
            case 0x61...0x7A: lower = true
            case 0x30...0x39: digit = true
            case UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "-"), UInt8(ascii: "_"),
                UInt8(ascii: "."):
                break
            default: return false
            }
        }
        return upper && lower && digit
    }
}

/// Postal codes of many countries (`35200`, `01007-000`, `H2G 1A7`, `SW1V 3EN`): 3–10 letters, digits,
/// spaces or dashes with at least two digits, at most two groups and at most four letters. Many other
/// short codes look the same, so this counts only where the column's name says postal code.
enum PostcodeShape {
    static func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard (3...10).contains(text.count) else { return false }
        var digits = 0, letters = 0, separators = 0
        for c in text {
            if c &- 0x30 < 10 {
                digits += 1
            } else if (c | 0x20) &- 0x61 < 26 {
                letters += 1
            } else if c == UInt8(ascii: " ") || c == UInt8(ascii: "-") {
                separators += 1
            } else {
                return false
            }
        }
        return digits >= 2 && letters <= 4 && separators <= 1
    }
}
