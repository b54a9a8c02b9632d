import Foundation

/// Printing PostgreSQL URLs that libpq reads back, and keeping passwords out of connection strings
/// shown in messages.
enum ConninfoURL {
    /// RFC 3986's unreserved characters, the only ones printed as they are.
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `text` percent-encoded for any part of a URL.
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// A host as a URL prints it: an IPv6 address in brackets, a socket directory percent-encoded.
    static func host(_ host: String) -> String {
        guard host.contains(":") else { return encode(host) }
        return "[" + (host.addingPercentEncoding(withAllowedCharacters: unreserved.union([":"])) ?? host) + "]"
    }

    /// The ranges of `text` holding a password: a URL's `user:PASSWORD@`, and the value of every
    /// `password=` keyword (quoted or not; in a URL's query up to the next `&`).
    static func passwordRanges(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        let isURL = text.range(of: "://") != nil
        if let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].lastIndex(of: "@"),
            let colon = text[scheme.upperBound..<at].firstIndex(of: ":")
        {
            ranges.append(text.index(after: colon)..<at)
        }
        var rest = text.startIndex..<text.endIndex
        while let keyword = text.range(of: "password", options: .caseInsensitive, range: rest) {
            var i = keyword.upperBound
            while i < text.endIndex, text[i] == " " { i = text.index(after: i) }
            rest = i..<text.endIndex
            guard i < text.endIndex, text[i] == "=" else { continue }
            i = text.index(after: i)
            while i < text.endIndex, text[i] == " " { i = text.index(after: i) }
            let start = i
            if i < text.endIndex, text[i] == "'" {
                i = text.index(after: i)
                while i < text.endIndex, text[i] != "'" {
                    if text[i] == "\\", text.index(after: i) < text.endIndex { i = text.index(after: i) }
                    i = text.index(after: i)
                }
                if i < text.endIndex { i = text.index(after: i) }
            } else {
                while i < text.endIndex, !text[i].isWhitespace, !(isURL && text[i] == "&") { i = text.index(after: i) }
            }
            if start < i { ranges.append(start..<i) }
            rest = i..<text.endIndex
        }
        return ranges
    }
}

extension PostgresAddress {
    /// `text` (a connection string or URL-like text) with every password in it replaced by `***`.
    public static func redact(_ text: String) -> String {
        var result = text
        var replaced: [Range<String.Index>] = []
        for range in ConninfoURL.passwordRanges(in: text).sorted(by: { $0.lowerBound > $1.lowerBound })
        where !replaced.contains(where: { $0.overlaps(range) }) {
            result.replaceSubrange(range, with: "***")
            replaced.append(range)
        }
        return result
    }

    /// `message` (libpq's, about `text`) with the passwords of `text` removed wherever they appear,
    /// also as a fragment libpq quotes.
    static func redact(_ message: String, secretsOf text: String) -> String {
        var result = redact(message)
        for range in ConninfoURL.passwordRanges(in: text) where !range.isEmpty {
            result = result.replacingOccurrences(of: String(text[range]), with: "***")
        }
        return result
    }
}
