/// Folds UTF-8 names to the lower-case ASCII letters and digits that e-mail local parts and user
/// names are made of.
enum ASCIIFold {
    /// Lower-case ASCII letters and digits of `text`: ASCII letters lower-cased, accented Latin letters
    /// folded to their base letters (`Ø` → `o`, `ß` → `ss`), everything else (spaces, apostrophes,
    /// hyphens, other scripts) dropped.
    ///
    /// Fakes fold the names of their dictionaries once, when the lists are made (``PersonNames``).
    static func alnum(_ text: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        if text.allSatisfy({ $0 < 0x80 }) {
            for c in text where ASCII.isAlnum(c) { out.append(ASCII.lowercased(c)) }
            return out
        }
        var bytes = text.makeIterator()
        var decoder = UTF8()
        while case .scalarValue(let scalar) = decoder.decode(&bytes) {
            if scalar.isASCII {
                let c = UInt8(scalar.value)
                if ASCII.isAlnum(c) { out.append(ASCII.lowercased(c)) }
            } else if let folded = table[scalar.value] {
                out.append(contentsOf: folded)
            }
        }
        return out
    }

    /// Lower-case letters and their base letters; the upper-case forms are derived when the table is built.
    private static let table: [UInt32: [UInt8]] = {
        var table: [UInt32: [UInt8]] = [:]
        let groups = """
            àáâãäåāăą=a
            æ=ae
            çćĉċč=c
            ďđð=d
            èéêëēĕėęě=e
            ĝğġģ=g
            ĥħ=h
            ìíîïĩīĭįı=i
            ĵ=j
            ķ=k
            ĺļľŀł=l
            ñńņň=n
            òóôõöøōŏő=o
            œ=oe
            ŕŗř=r
            śŝşšș=s
            ß=ss
            ţťŧț=t
            þ=th
            ùúûüũūŭůűų=u
            ŵ=w
            ýÿŷ=y
            źżž=z
            """
        for line in groups.split(separator: "\n") {
            let parts = line.split(separator: "=")
            let base = Array(parts[1].utf8)
            for lower in parts[0].unicodeScalars {
                table[lower.value] = base
                let upper = String(lower).uppercased().unicodeScalars
                if upper.count == 1, let u = upper.first, u != lower { table[u.value] = base }
            }
        }
        return table
    }()
}
