import Foundation

/// A `pg_dump --section=post-data` script split at pg_dump's table-of-contents headers
///
/// ```
/// --
/// -- Name: customers customers_pkey; Type: CONSTRAINT; Schema: public; Owner: -
/// --
/// ```
///
/// into the preamble before the first header (the `SET …` and `set_config('search_path', …)` lines
/// that every session must run first) and one entry per header. pg_dump 15 writes the entries
/// sorted by type: primary key, unique and exclusion constraints (`CONSTRAINT`, also `CHECK
/// CONSTRAINT` when it was added `NOT VALID`), `INDEX`, `INDEX ATTACH`, `STATISTICS`, `RULE`,
/// `TRIGGER`, `FK CONSTRAINT`, `POLICY` …; a `COMMENT` follows the object it is on.
struct PostDataScript: Sendable {
    /// One table-of-contents entry.
    struct Entry: Sendable, Equatable {
        /// pg_dump's tag: `orders_customer_id_idx` for an index, table and name
        /// (`customers customers_pkey`) for a constraint or trigger, `INDEX orders_customer_id_idx`
        /// for a comment.
        var name: String
        /// pg_dump's object type: `INDEX`, `CONSTRAINT`, `FK CONSTRAINT`, `COMMENT` …
        var type: String
        /// The entry's statements, without its header.
        var sql: String

        /// What running the entry does, for error messages: `creating index orders_customer_id_idx`.
        var action: String {
            switch type {
            case "INDEX": return "creating index \(name)"
            case "CONSTRAINT", "CHECK CONSTRAINT": return "adding constraint \(name)"
            case "FK CONSTRAINT": return "adding foreign key \(name)"
            case "FK VALIDATION": return "validating foreign key \(name) against the loaded rows"
            case "INDEX ATTACH": return "attaching index \(name)"
            case "TRIGGER": return "creating trigger \(name)"
            case "COMMENT": return "adding comment on \(name)"
            default: return "creating \(type.lowercased()) \(name)"
            }
        }

        /// Whether the entry builds an index or a primary key, unique or exclusion constraint: one
        /// statement on one table that nothing else in the leading run depends on.
        var buildsIndex: Bool { type == "INDEX" || type == "CONSTRAINT" }

        /// A foreign key split in two: the same `ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY …` marked
        /// `NOT VALID` (instant: no rows checked), and the `VALIDATE CONSTRAINT` that checks the rows.
        /// Validations of different tables lock only in shared modes and can run at once, where two
        /// plain foreign keys sharing a table take turns. Nil for any other entry, for a foreign key
        /// the source itself left `NOT VALID`, and for text not in pg_dump's one-statement form.
        var splitForeignKey: (add: String, validate: String)? {
            guard type == "FK CONSTRAINT", !sql.contains("NOT VALID") else { return nil }
            // The script's last entry also holds pg_dump's closing comment lines.
            let statement = sql.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("--") }
                .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            guard statement.hasSuffix(";"), statement.filter({ $0 == ";" }).count == 1,
                let add = statement.range(of: "\n    ADD CONSTRAINT "),
                let foreignKey = statement.range(of: " FOREIGN KEY ", range: add.upperBound..<statement.endIndex)
            else { return nil }
            let table = statement[..<add.lowerBound]
            let constraint = statement[add.upperBound..<foreignKey.lowerBound]
            guard table.hasPrefix("ALTER TABLE "), !constraint.isEmpty else { return nil }
            return (String(statement.dropLast()) + " NOT VALID;", "\(table) VALIDATE CONSTRAINT \(constraint);")
        }
    }

    /// Session settings every connection runs before any entry.
    let preamble: String
    /// The entries in the script's order.
    let entries: [Entry]

    /// Splits `script`, or returns nil when it is not the script this type knows: no header, a
    /// malformed one, a statement other than a session setting before the first header, or a
    /// session setting between entries (pg_dump's `SET default_tablespace` for an index in another
    /// tablespace), which would only reach the entries that follow it on the same connection.
    init?(_ script: String) {
        let bytes = Array(script.utf8)
        let lines = SQLCodeLines.lines(of: bytes)
        func text(_ line: SQLCodeLines.Line) -> String {
            String(decoding: bytes[line.start..<line.end], as: UTF8.self)
        }
        var headers: [(line: Int, name: String, type: String)] = []
        for (index, line) in lines.enumerated() where text(line).hasPrefix(Self.namePrefix) {
            guard index > 0, index + 1 < lines.count,
                lines[index - 1].end + 1 == line.start, text(lines[index - 1]) == "--",
                line.end + 1 == lines[index + 1].start, text(lines[index + 1]) == "--",
                let (name, type) = Self.parseHeader(text(line).dropFirst(Self.namePrefix.count))
            else { return nil }
            headers.append((index - 1, name, type))
        }
        guard let first = headers.first else { return nil }
        let preambleIsSettings = lines[..<first.line].allSatisfy { line in
            let text = text(line)
            return Self.isSetting(text) || text.hasPrefix("--") || text.allSatisfy(\.isWhitespace)
        }
        guard preambleIsSettings, !lines[first.line...].contains(where: { Self.isSetting(text($0)) }) else {
            return nil
        }
        func source(_ from: Int, _ to: Int) -> String {
            String(decoding: bytes[from..<to], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        preamble = source(0, lines[first.line].start)
        entries = headers.indices.map { index in
            let header = headers[index]
            let end = index + 1 < headers.count ? lines[headers[index + 1].line].start : bytes.count
            return Entry(name: header.name, type: header.type, sql: source(lines[header.line + 2].end, end))
        }
    }

    /// The order to run the entries in: the leading run of index and constraint entries, which may
    /// run in parallel (each takes one table's lock); then, one after the other, the comments found
    /// in that run and every later entry in the script's order (foreign keys lock two tables,
    /// `INDEX ATTACH` needs both indexes, triggers and rules may depend on each other).
    var schedule: (parallel: [Entry], sequential: [Entry]) {
        let leading = entries.prefix { $0.buildsIndex || $0.type == "COMMENT" }
        return (leading.filter(\.buildsIndex), leading.filter { !$0.buildsIndex } + entries.dropFirst(leading.count))
    }

    private static let namePrefix = "-- Name: "

    /// Whether a line starts a statement that changes a session setting.
    private static func isSetting(_ line: String) -> Bool {
        line.hasPrefix("SET ") || line.hasPrefix("SELECT pg_catalog.set_config(")
    }

    /// The tag and type of a header line after `-- Name: `, which reads
    /// `<tag>; Type: <type>; Schema: <schema>; Owner: <owner>[; Tablespace: <tablespace>]`; nil when
    /// a name containing `; Type: ` or `; Schema: ` makes it ambiguous.
    private static func parseHeader(_ header: Substring) -> (name: String, type: String)? {
        let nameAndRest = header.components(separatedBy: "; Type: ")
        guard nameAndRest.count == 2, !nameAndRest[0].isEmpty else { return nil }
        let typeAndRest = nameAndRest[1].components(separatedBy: "; Schema: ")
        guard typeAndRest.count == 2, typeAndRest[1].components(separatedBy: "; Owner: ").count == 2,
            let type = typeAndRest.first, !type.isEmpty, type.allSatisfy({ $0 == " " || ("A"..."Z").contains($0) })
        else { return nil }
        return (nameAndRest[0], type)
    }
}
